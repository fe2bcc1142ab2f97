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
import { GantryError } from '../../diagnostics';
import type { Capacity } from '../../model';
import { formatDuration } from '../../format';

/** Where the engine listens when `DOCKER_HOST` is unset. */
export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** How long `connectEngine` waits for the engine to answer `/_ping` (ms). */
export const DEFAULT_CONNECT_TIMEOUT = 10_000;

/**
 * How long any one call of a client made by `connectEngine` may go unanswered before it is given
 * up and its connection closed (ms): the whole call, or for a stream (events, attach, stats) until
 * its first answer. Calls that last as long as what they wait for (`OPEN_ENDED`) have none.
 */
export const DEFAULT_CALL_TIMEOUT = 30_000;

/** Calls that take as long as a container runs, an image pulls or loads: no deadline. */
const OPEN_ENDED = /^(\/v[\d.]+)?\/(containers\/[^/]+\/wait|images\/create|images\/load|build)$/;

/**
 * An engine call that failed, as a one-line `GantryError` (`engine-error`: the engine answered
 * with an HTTP error; `engine-timeout`; `engine-unreachable`: the connection failed or was
 * closed). Keeps what callers look at on the engine's own error: `statusCode`, `json`, `reason`.
 */
export class EngineError extends GantryError {
  statusCode?: number;
  json?: unknown;
  reason?: string;
  constructor(code: string, message: string, hint: string | undefined, cause: unknown) {
    super(code, message, undefined, hint);
    this.cause = cause;
    if (cause && typeof cause === 'object') {
      const { statusCode, json, reason } = cause as { statusCode?: unknown; json?: unknown; reason?: unknown };
      if (typeof statusCode === 'number') this.statusCode = statusCode;
      if (json !== undefined) this.json = json;
      if (typeof reason === 'string') this.reason = reason;
    }
  }
}

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

export interface ConnectOptions {
  /** How long to wait for `/_ping` (ms). Default `DEFAULT_CONNECT_TIMEOUT`. */
  timeoutMs?: number;
  /** Deadline of every later call (ms), see `DEFAULT_CALL_TIMEOUT`. */
  callTimeoutMs?: number;
  /**
   * Aborts every call of this client, the ping included, when it aborts (they fail with a
   * `GantryError` coded `cancelled`, their connections closed). For clients whose every call may
   * be dropped (a check before a run, `gantry cleanup`), never for one that runs containers.
   */
  signal?: AbortSignal;
}

/**
 * Connects to the engine and checks that it answers. Throws a one-line `GantryError` with a
 * hint: `engine-not-found`, `engine-permission-denied`, `engine-refused`, `engine-host-invalid`
 * or `engine-unreachable` (anything else: a timeout, TLS, an HTTP error); `cancelled` when
 * `options.signal` aborted it.
 *
 * Every call of the client it returns is bounded (`callTimeoutMs`; a call that hangs is given up
 * and its connection closed, so nothing keeps the process alive) and fails with an
 * `EngineError`, which says which engine and which call.
 */
export async function connectEngine(env: NodeJS.ProcessEnv, options: ConnectOptions = {}): Promise<Dockerode> {
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
  guardCalls(docker, address, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT, options.signal);
  const ping = new AbortController();
  const timer = setTimeout(() => ping.abort(), timeout);
  try {
    // dockerode takes options here, its types do not say so.
    await (docker.ping as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>).call(docker, { abortSignal: ping.signal });
  } catch (error) {
    if (error instanceof GantryError && error.code === 'cancelled') throw error;
    if (ping.signal.aborted) {
      throw new GantryError(
        'engine-unreachable',
        `Cannot connect to the Docker engine at ${address.display}: it did not answer within ${seconds(timeout)}.`,
        undefined,
        'Check that Docker is running (`docker info`) and that DOCKER_HOST points at it.',
      );
    }
    // The engine answered, with an error: that error says it best.
    if (error instanceof EngineError && error.statusCode !== undefined) throw error;
    const cause = error instanceof EngineError ? error.cause : error;
    throw engineError(errorCode(cause), address, cause);
  } finally {
    clearTimeout(timer);
  }
  return docker;
}

/**
 * Makes every call of `docker` bounded, abortable by `signal`, and fail with an `EngineError`
 * (see `connectEngine`). dockerode sends every request through its modem's `dial`.
 */
function guardCalls(docker: Dockerode, address: EngineAddress, callTimeoutMs: number, signal: AbortSignal | undefined): void {
  type DialOptions = { path?: string; method?: string; abortSignal?: AbortSignal };
  type Callback = (error: unknown, data?: unknown) => void;
  const modem = docker.modem as unknown as { dial(options: DialOptions, callback: Callback): void };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const path = (options.path ?? '').split('?')[0];
    const what = `${options.method ?? 'GET'} ${path}`;
    const own = options.abortSignal;
    const deadline = new AbortController();
    const timer = OPEN_ENDED.test(path) ? undefined : setTimeout(() => deadline.abort(), callTimeoutMs);
    timer?.unref();
    const signals = [deadline.signal, own, signal].filter((s): s is AbortSignal => s !== undefined);
    let answered = false;
    dial({ ...options, abortSignal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }, (error, data) => {
      if (timer) clearTimeout(timer);
      if (answered) return;
      answered = true;
      if (!error) return callback(null, data);
      // The caller's own signal: what it asked for, as it was.
      if (own?.aborted) return callback(error);
      if (signal?.aborted) return callback(new GantryError('cancelled', `Cancelled while waiting for the Docker engine (${what}).`));
      callback(callError(error, address, what, deadline.signal.aborted ? callTimeoutMs : undefined));
    });
  };
}

/** The `EngineError` of one failed call. */
function callError(error: unknown, address: EngineAddress, what: string, timedOutAfter: number | undefined): EngineError {
  const where = `The Docker engine at ${address.display}`;
  const hint = 'Check that Docker is running (`docker info`) and that DOCKER_HOST points at it.';
  if (timedOutAfter !== undefined) {
    return new EngineError('engine-timeout', `${where} did not answer ${what} within ${seconds(timedOutAfter)}.`, hint, error);
  }
  const status = error && typeof error === 'object' && 'statusCode' in error ? error.statusCode : undefined;
  if (typeof status === 'number') {
    const json = (error as { json?: unknown }).json;
    const said =
      json && typeof json === 'object' && 'message' in json && typeof json.message === 'string'
        ? json.message
        : Buffer.isBuffer(json) || typeof json === 'string'
          ? String(json)
          : error instanceof Error
            ? error.message
            : '';
    const text = said.replace(/\s+/g, ' ').trim().slice(0, 300);
    return new EngineError(
      'engine-error',
      `${where} failed ${what} (HTTP ${status})${text ? `: ${text}` : ''}`.replace(/\.?$/, '.'),
      status >= 500 ? 'The engine is running but failing; its log (e.g. `journalctl -u docker`) says why.' : undefined,
      error,
    );
  }
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new EngineError(
    'engine-unreachable',
    `Lost the connection to the Docker engine at ${address.display} during ${what}: ${detail}.`.replace(/\.\.$/, '.'),
    hint,
    error,
  );
}

function seconds(ms: number): string {
  return formatDuration(ms);
}

/**
 * Checks, before a run, that the engine answers `/_ping` and `/info`, through a client of its own
 * that `signal` aborts (connectEngine's `signal`): throws what connectEngine and engineCapacity
 * throw, or a `GantryError` coded `cancelled`. The client is dropped after: nothing stays open.
 */
export async function checkEngine(env: NodeJS.ProcessEnv, options: ConnectOptions = {}): Promise<void> {
  await engineCapacity(await connectEngine(env, options));
}

/**
 * The engine's CPUs and memory. The engine has no notion of `parallel`: it is left unlimited
 * (Infinity), as `validate` resolves it when neither flags nor file give it, so that `gantry plan`
 * and `gantry run` pack against the same capacity.
 */
export async function engineCapacity(docker: Dockerode): Promise<Capacity> {
  let info: { NCPU?: number; MemTotal?: number };
  try {
    info = (await docker.info()) as typeof info;
  } catch (error) {
    if (error instanceof GantryError) throw error;
    // A client not made by connectEngine.
    throw new GantryError('engine-error', `Cannot read the Docker engine's capacity: ${error instanceof Error ? error.message.split('\n')[0].trim() : String(error)}.`);
  }
  if (!info || typeof info !== 'object') throw new GantryError('engine-error', 'Cannot read the Docker engine\'s capacity: /info did not answer with JSON.');
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
