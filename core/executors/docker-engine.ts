/**
 * Connecting to the Docker engine, and what to tell the user when that fails.
 *
 * `DOCKER_HOST` is read from the environment we are handed (not `process.env` behind our back,
 * as docker-modem would), so the CLI, the action and tests can all point us somewhere else.
 * Supported: `unix:///path`, `tcp://host:port` (TLS when `DOCKER_TLS_VERIFY` is set, with the
 * certificates in `DOCKER_CERT_PATH`, as the docker CLI does). Unset: `/var/run/docker.sock`.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { GantryError } from '../diagnostics';
import type { Capacity } from '../model';

/** Where the engine listens when `DOCKER_HOST` is unset. */
export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** How long `connectEngine` waits for the engine to answer `/_ping` (ms). */
export const DEFAULT_CONNECT_TIMEOUT = 10_000;

export type EngineAddress =
  | { kind: 'unix'; socketPath: string; display: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; display: string };

/** Parses `DOCKER_HOST`; throws `engine-host-invalid` for a value we cannot use. */
export function engineAddress(env: NodeJS.ProcessEnv): EngineAddress {
  const raw = env.DOCKER_HOST?.trim();
  if (!raw) return { kind: 'unix', socketPath: DEFAULT_SOCKET, display: `unix://${DEFAULT_SOCKET}` };
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length) || DEFAULT_SOCKET;
    return { kind: 'unix', socketPath, display: `unix://${socketPath}` };
  }
  if (raw.startsWith('tcp://') || raw.startsWith('http://') || raw.startsWith('https://')) {
    let url: URL;
    try {
      url = new URL(raw.replace(/^tcp:/, 'http:'));
    } catch {
      throw invalidHost(raw);
    }
    const tls = raw.startsWith('https://') || isSet(env.DOCKER_TLS_VERIFY);
    // 2375/2376 are the engine's registered ports (plain / TLS), the docker CLI's defaults too.
    const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!host) throw invalidHost(raw);
    return { kind: 'tcp', host, port, tls, display: `tcp://${url.hostname}:${port}` };
  }
  throw invalidHost(raw);
}

/**
 * Connects to the engine and checks that it answers. Throws a one-line `GantryError` with a
 * hint: `engine-not-found`, `engine-permission-denied`, `engine-refused`, `engine-host-invalid`
 * or `engine-unreachable` (anything else: a timeout, TLS, an HTTP error).
 */
export async function connectEngine(
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number } = {},
): Promise<Dockerode> {
  const address = engineAddress(env);
  const timeout = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT;
  let docker: Dockerode;
  if (address.kind === 'unix') {
    // A path that exists but is not a socket would fail with a confusing ECONNREFUSED/ENOTSOCK.
    const notSocket = statKind(address.socketPath);
    if (notSocket === 'missing') throw engineError('ENOENT', address);
    if (notSocket === 'other') {
      throw new GantryError(
        'engine-not-found',
        `Cannot connect to the Docker engine: ${address.socketPath} is not a socket.`,
        undefined,
        'Point DOCKER_HOST at the engine\'s socket (unix:///var/run/docker.sock) or start Docker.',
      );
    }
    docker = new Dockerode({ socketPath: address.socketPath, timeout: undefined });
  } else {
    docker = new Dockerode({
      host: address.host,
      port: address.port,
      protocol: address.tls ? 'https' : 'http',
      ...(address.tls ? tlsFiles(env) : {}),
    });
  }
  try {
    await withTimeout(docker.ping(), timeout, () => new Error(`ETIMEDOUT`));
  } catch (error) {
    throw engineError(errorCode(error), address, error);
  }
  return docker;
}

/**
 * The engine's CPUs and memory. The engine has no notion of `parallel`: it is left unlimited
 * (Infinity), as `validate` resolves it when neither flags nor file give it, so that `gantry plan`
 * and `gantry run` pack against the same capacity.
 */
export async function engineCapacity(docker: Dockerode): Promise<Capacity> {
  const info = (await docker.info()) as { NCPU?: number; MemTotal?: number };
  const cpus = typeof info.NCPU === 'number' && info.NCPU > 0 ? info.NCPU : 1;
  const memory = typeof info.MemTotal === 'number' && info.MemTotal > 0 ? info.MemTotal : 0;
  return { cpus, memory, parallel: Number.POSITIVE_INFINITY };
}

/** Turns a connection error into the one-line error the user sees. */
function engineError(code: string | undefined, address: EngineAddress, cause?: unknown): GantryError {
  const where = address.display;
  switch (code) {
    case 'ENOENT':
      return new GantryError(
        'engine-not-found',
        `Cannot connect to the Docker engine: no socket at ${address.kind === 'unix' ? address.socketPath : where}.`,
        undefined,
        'Start Docker (dockerd), or set DOCKER_HOST to where the engine listens.',
      );
    case 'EACCES':
    case 'EPERM':
      return new GantryError(
        'engine-permission-denied',
        `Cannot connect to the Docker engine: permission denied on ${address.kind === 'unix' ? address.socketPath : where}.`,
        undefined,
        'Add your user to the "docker" group and log in again, or run Gantry as a user allowed to use Docker.',
      );
    case 'ECONNREFUSED':
      return new GantryError(
        'engine-refused',
        `Cannot connect to the Docker engine: connection refused at ${where}.`,
        undefined,
        address.kind === 'unix'
          ? 'The socket exists but nothing answers: start dockerd (or remove the stale socket).'
          : 'Check that the engine is running and listening there, or fix DOCKER_HOST.',
      );
    default: {
      const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(code ?? 'unknown error');
      return new GantryError(
        'engine-unreachable',
        `Cannot connect to the Docker engine at ${where}: ${detail}.`.replace(/\.\.$/, '.'),
        undefined,
        'Check that Docker is running (`docker info`) and that DOCKER_HOST points at it.',
      );
    }
  }
}

function invalidHost(raw: string): GantryError {
  return new GantryError(
    'engine-host-invalid',
    `DOCKER_HOST=${JSON.stringify(raw)} is not an address Gantry can use.`,
    undefined,
    'Use unix:///path/to/docker.sock or tcp://host:port.',
  );
}

function statKind(path: string): 'socket' | 'other' | 'missing' | 'unknown' {
  try {
    return statSync(path).isSocket() ? 'socket' : 'other';
  } catch (error) {
    // EACCES on a parent folder: let the connection attempt report it precisely.
    return errorCode(error) === 'ENOENT' ? 'missing' : 'unknown';
  }
}

function tlsFiles(env: NodeJS.ProcessEnv): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const dir = env.DOCKER_CERT_PATH;
  if (!dir) return {};
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch {
      return undefined;
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0';
}

function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  if (error instanceof Error && error.message === 'ETIMEDOUT') return 'ETIMEDOUT';
  return undefined;
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
