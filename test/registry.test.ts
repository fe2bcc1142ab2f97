/**
 * Pulls from a real private registry: Debian's `docker-registry` (distribution 2.8) with htpasswd
 * auth on a free 127.0.0.1 port (the engine speaks plain HTTP to 127.0.0.0/8 without
 * configuration), started here and stopped after. The local busybox is pushed to it and removed
 * locally, so every run below really pulls, through the real engine.
 *
 * Covered: credentials from config.json `auths` and from a credential helper, a run without
 * credentials and one with a wrong password (a clear error naming the registry and how to log in,
 * no retry, no "started", exit 3), no password anywhere in the run folder or the output, one pull
 * for two tasks, and a registry that is down for the first attempt.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { runBatch, type RunBatchOptions } from '../core/run/run-batch';
import type { ScheduleEvent } from '../core/executor';
import { dockerBackend } from '../core/backends/docker';
import { ImageResolver, ImageUnavailable, type ImageEvent } from '../core/backends/docker/images';
import { findCredentials, normalizeRegistryKey, registryOf, DOCKER_HUB_KEY } from '../core/backends/docker/credentials';
import { main } from '../cli/main';
import { IMAGE } from './docker-helpers';
import { labelled } from './fixtures/engine';

const root = mkdtempSync(join(tmpdir(), 'gantry-registry-'));
const USER = 'alice';
const PASSWORD = `pw-${randomBytes(9).toString('hex')}`;
const AUTH = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

/** One registry process on a fixed port (stopped and started again by the retry test). */
interface Registry {
  port: number;
  host: string;
  config: string;
  accessLog: string;
  process?: ChildProcess;
}
let registry: Registry;
let ref: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function startRegistry(r: Registry): Promise<void> {
  const log = join(root, `registry-${Date.now()}.log`);
  r.accessLog = log;
  const out = openSync(log, 'a');
  r.process = spawn('docker-registry', ['serve', r.config], { stdio: ['ignore', out, out] });
  for (let i = 0; i < 100 && !(await answers(r.port)); i++) await new Promise((w) => setTimeout(w, 50));
  if (!(await answers(r.port))) throw new Error(`docker-registry did not listen on ${r.host}; see ${log}`);
}

async function stopRegistry(r: Registry): Promise<void> {
  const child = r.process;
  r.process = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((w) => child.once('exit', w));
  child.kill('SIGTERM');
  await exited;
}

/** Every HEAD of the image's manifest the registry answered 200: one per pull the engine made. */
function manifestPulls(r: Registry): number {
  const text = readdirSync(root)
    .filter((f) => f.startsWith('registry-'))
    .map((f) => readFileSync(join(root, f), 'utf8'))
    .join('\n');
  return text.split('\n').filter((l) => l.includes('"HEAD /v2/gantry-test/busybox/manifests/1 HTTP/1.1" 200')).length;
}

/** A DOCKER_CONFIG folder whose config.json is `config`. */
function dockerConfig(config: unknown): string {
  const dir = mkdtempSync(join(root, 'dcfg-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

function removeLocal(): void {
  execFileSync('docker', ['image', 'rm', '-f', ref], { stdio: 'ignore' });
}

function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Only what the action would pass (DOCKER_*, HOME), plus PATH: no credentials from this machine.
  const { DOCKER_HOST, PATH } = process.env;
  return { ...(DOCKER_HOST ? { DOCKER_HOST } : {}), PATH, HOME: join(root, 'no-home'), ...extra };
}

function batch(yaml: string): string {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  return file;
}

const twoTasks = () =>
  `version: 1\ndefaults: { image: "${ref}", cpus: 0.25, memory: 32Mi }\ntasks:\n  one: { run: "echo from-one" }\n  two: { run: "echo from-two" }\n`;

async function run(file: string, extra: Partial<RunBatchOptions>) {
  const v = validate(readFileSync(file, 'utf8'));
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines: string[] = [];
  const events: ScheduleEvent[] = [];
  const report = await runBatch({
    path: file,
    validation: { file: v.file!, graph: v.graph! },
    backend: dockerBackend(),
    runsDir: join(root, 'runs'),
    instance: `test-registry-${process.pid}`,
    onLine: (unit, _a, _s, line) => lines.push(`${unit}: ${line}`),
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { report, lines, events };
}

/** Every file under `dir`, read as text. */
function allText(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    text += statSync(path).isDirectory() ? allText(path) : readFileSync(path, 'utf8');
  }
  return text;
}

beforeAll(async () => {
  const dir = join(root, 'registry');
  mkdirSync(dir);
  writeFileSync(join(dir, 'htpasswd'), execFileSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' }));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      `auth: { htpasswd: { realm: gantry-test, path: ${join(dir, 'htpasswd')} } }`,
      '',
    ].join('\n'),
  );
  registry = { port, host: `127.0.0.1:${port}`, config, accessLog: '' };
  ref = `${registry.host}/gantry-test/busybox:1`;
  await startRegistry(registry);
  // Pushed with the docker CLI and a config of our own; then gone locally.
  const pushConfig = dockerConfig({ auths: { [registry.host]: { auth: AUTH } } });
  execFileSync('docker', ['tag', IMAGE, ref]);
  execFileSync('docker', ['--config', pushConfig, 'push', ref], { stdio: 'ignore' });
  removeLocal();
}, 60_000);

afterAll(async () => {
  await stopRegistry(registry);
  try {
    removeLocal();
  } catch {
    // already gone
  }
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => removeLocal());

describe('credentials (docker CLI rules)', () => {
  it('names registries as docker does', () => {
    expect(registryOf('busybox')).toBe(DOCKER_HUB_KEY);
    expect(registryOf('library/busybox:1')).toBe(DOCKER_HUB_KEY);
    expect(registryOf('docker.io/x/y')).toBe(DOCKER_HUB_KEY);
    expect(registryOf('ghcr.io/o/i:1')).toBe('ghcr.io');
    expect(registryOf('127.0.0.1:5000/i')).toBe('127.0.0.1:5000');
    expect(registryOf('localhost/i')).toBe('localhost');
    expect(normalizeRegistryKey('https://127.0.0.1:5000/v1/')).toBe('127.0.0.1:5000');
    expect(normalizeRegistryKey('https://index.docker.io/v1/')).toBe(DOCKER_HUB_KEY);
  });

  it('reads auths (base64, username/password, a key with scheme), credHelpers over credsStore', async () => {
    const host = '127.0.0.1:5999';
    const b64 = await findCredentials(host, { env: { DOCKER_CONFIG: dockerConfig({ auths: { [`https://${host}/v1/`]: { auth: AUTH } } }) } });
    expect(b64.auth).toEqual({ username: USER, password: PASSWORD, serveraddress: host });
    const plain = await findCredentials(host, { env: { DOCKER_CONFIG: dockerConfig({ auths: { [host]: { username: 'u', password: 'p' } } }) } });
    expect(plain.auth).toMatchObject({ username: 'u', password: 'p' });
    const none = await findCredentials('other:1', { env: { HOME: join(root, 'no-home') } });
    expect(none.auth).toBeUndefined();
    await expect(findCredentials(host, { env: { DOCKER_CONFIG: dockerConfig({ credsStore: 'gantry-missing' }) } })).rejects.toThrow(
      /docker-credential-gantry-missing .* is not on PATH/,
    );
  });

  it('a helper with nothing for the registry means anonymous; a failing one is an error naming it, without its stdout', async () => {
    const bin = mkdtempSync(join(root, 'bin-'));
    const script = (name: string, body: string) => {
      writeFileSync(join(bin, `docker-credential-${name}`), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, `docker-credential-${name}`), 0o755);
    };
    script('empty', 'echo "credentials not found in native keychain"; exit 1');
    script('broken', `echo '{"Secret":"${PASSWORD}"'; echo "keychain locked" >&2; exit 1`);
    const lookup = (helper: string) =>
      findCredentials('ghcr.io', { env: { PATH: `${bin}:${process.env.PATH}`, DOCKER_CONFIG: dockerConfig({ credsStore: helper }) } });
    expect((await lookup('empty')).auth).toBeUndefined();
    const error = await lookup('broken').catch((e: Error) => e);
    expect(String(error)).toMatch(/docker-credential-broken \(named in .*config\.json\) failed for ghcr\.io: keychain locked/);
    expect(String(error)).not.toContain(PASSWORD);
  });

  it('a config.json that is not JSON: an error that names the file, never its text', async () => {
    const dir = mkdtempSync(join(root, 'dcfg-'));
    writeFileSync(join(dir, 'config.json'), `{"auths": {"x": {"auth": "${AUTH}"`);
    const error = await findCredentials('x', { env: { DOCKER_CONFIG: dir } }).catch((e: Error) => e);
    expect(String(error)).toContain(join(dir, 'config.json'));
    expect(String(error)).not.toContain(AUTH);
  });
});

describe('runBatch pulling from a private registry', () => {
  it('with auths in DOCKER_CONFIG: both tasks succeed from one pull', async () => {
    const before = manifestPulls(registry);
    const config = dockerConfig({ auths: { [registry.host]: { auth: AUTH } } });
    const { report, lines } = await run(batch(twoTasks()), { env: env({ DOCKER_CONFIG: config }) });
    expect(report.result.units.map((u) => [u.id, u.status])).toEqual([
      ['one', 'succeeded'],
      ['two', 'succeeded'],
    ]);
    expect(lines).toEqual(expect.arrayContaining(['one: from-one', 'two: from-two']));
    expect(manifestPulls(registry) - before).toBe(1);
    expect(labelled(`dev.gantry.run=${report.runId}`)).toEqual([]);
  });

  it('with a credential helper (credHelpers, helper on the env PATH): succeeds', async () => {
    const bin = mkdtempSync(join(root, 'bin-'));
    const helper = join(bin, 'docker-credential-gantrytest');
    // The protocol: server address on stdin, JSON on stdout. It checks what it was asked.
    writeFileSync(
      helper,
      `#!/bin/sh\n[ "$1" = get ] || exit 3\nread server\n[ "$server" = "${registry.host}" ] || { echo "asked for $server" >&2; exit 4; }\n` +
        `printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASSWORD}"}' "$server"\n`,
    );
    chmodSync(helper, 0o755);
    const config = dockerConfig({ credsStore: 'gantry-not-this-one', credHelpers: { [registry.host]: 'gantrytest' } });
    const { report } = await run(batch(twoTasks()), { env: env({ DOCKER_CONFIG: config, PATH: `${bin}:${process.env.PATH}` }) });
    expect(report.result.result).toBe('success');
  });

  for (const [name, config] of [
    ['without credentials', () => dockerConfig({ auths: {} })],
    ['with a wrong password', () => dockerConfig({ auths: { [registry.host]: { username: USER, password: `${PASSWORD}-wrong` } } })],
  ] as const) {
    it(`${name}: each task fails with a message naming the registry and how to log in; no start, no retry, no secret`, async () => {
      const { report, events, lines } = await run(batch(twoTasks()), { env: env({ DOCKER_CONFIG: config() }) });
      expect(report.result.result).toBe('failure');
      for (const unit of report.result.units) {
        expect(unit.status).toBe('failed');
        const outcome = unit.attempts.at(-1)!.outcome;
        expect(outcome.cause).toBe('image-unavailable');
        expect(outcome.message).toContain(`registry ${registry.host} refused access`);
        expect(outcome.message).toContain(`docker login ${registry.host}`);
        expect(outcome.message).toContain('docker/login-action');
        expect(outcome.message).toMatch(name === 'with a wrong password' ? /were refused/ : /no credentials for it were found/);
      }
      expect(events.filter((e) => e.type === 'attempt-running')).toEqual([]);
      expect(lines).toEqual([]);
      const everything = allText(report.dir) + JSON.stringify(report.document);
      expect(everything).not.toContain(PASSWORD);
      expect(everything).not.toContain(AUTH);
      expect(everything).toContain(registry.host);
      expect(labelled(`dev.gantry.run=${report.runId}`)).toEqual([]);
    });
  }

  it('gantry run without credentials: exit 3, the error in the output, no "▶ started", no password', async () => {
    const file = batch(twoTasks());
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const code = await main(['run', file], {
      stdout: out,
      stderr: out,
      cwd: root,
      env: env({ CI: 'true', DOCKER_CONFIG: dockerConfig({ auths: { [registry.host]: { username: USER, password: 'nope' } } }) }),
      signal: new AbortController().signal,
    });
    expect(code).toBe(3);
    expect(text).toContain(`registry ${registry.host} refused access`);
    expect(text).not.toContain('started');
    expect(text).not.toContain(PASSWORD);
    expect(text).toMatch(/FAILED: 0\/2 tasks succeeded/);
  });
});

describe('the pull path on a real registry', () => {
  const docker = new Dockerode();
  const auths = () => ({ DOCKER_CONFIG: dockerConfig({ auths: { [registry.host]: { auth: AUTH } } }) });

  it('one pull however many ask; progress events in order', async () => {
    const events: ImageEvent[] = [];
    const resolver = new ImageResolver(docker, { env: auths(), onEvent: (e) => events.push(e) });
    await Promise.all([resolver.ensure(ref), resolver.ensure(ref), resolver.ensure(ref)]);
    expect(events).toEqual([
      { type: 'pull-start', image: ref },
      { type: 'pull-done', image: ref },
    ]);
    await docker.getImage(ref).inspect();
  });

  it('a refusal is not retried', async () => {
    const events: ImageEvent[] = [];
    const resolver = new ImageResolver(docker, { env: env({}), attempts: 3, backoffMs: 10, onEvent: (e) => events.push(e) });
    const error = await resolver.ensure(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailable);
    expect((error as ImageUnavailable).reason).toBe('auth');
    expect((error as ImageUnavailable).registry).toBe(registry.host);
    expect(events.map((e) => e.type)).toEqual(['pull-start', 'pull-failed']);
  });

  it('a registry that is down for the first attempt: retried after the backoff, then pulled', async () => {
    await stopRegistry(registry);
    const events: ImageEvent[] = [];
    let restarted: Promise<void> | undefined;
    const resolver = new ImageResolver(docker, {
      env: auths(),
      attempts: 3,
      backoffMs: 3000, // the registry is up long before (it starts in well under a second)
      random: () => 0.5, // exactly backoffMs
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'pull-retry') restarted ??= startRegistry(registry);
      },
    });
    try {
      await resolver.ensure(ref);
    } finally {
      await restarted;
      if (!registry.process) await startRegistry(registry);
    }
    expect(events.map((e) => e.type)).toEqual(['pull-start', 'pull-retry', 'pull-done']);
    const retry = events[1] as Extract<ImageEvent, { type: 'pull-retry' }>;
    expect(retry).toMatchObject({ attempt: 1, delayMs: 3000 });
    expect(retry.error).toMatch(/connection refused/);
  }, 30_000);
});

describe('build: FROM a private registry', () => {
  function buildBatch(): string {
    const file = batch(`version: 1\ntasks:\n  app:\n    build: ./app\n    cpus: 0.25\n    memory: 32Mi\n    run: echo built-from-private\n`);
    const app = join(file, '..', 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'Dockerfile'), `FROM ${ref} AS base\nFROM base\nRUN true\n`);
    return file;
  }

  it('the base image is pulled with the docker CLI\'s credentials for its registry; no secret in the run folder', async () => {
    const config = dockerConfig({ auths: { [registry.host]: { auth: AUTH } } });
    const { report, lines } = await run(buildBatch(), { env: env({ DOCKER_CONFIG: config }) });
    expect(report.result.units.map((u) => [u.id, u.status])).toEqual([
      ['build:app', 'succeeded'],
      ['app', 'succeeded'],
    ]);
    expect(lines).toContain('app: built-from-private');
    const text = allText(report.dir);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(AUTH);
  }, 60_000);

  it('without credentials the build fails with the engine\'s words, and the task with it', async () => {
    const { report } = await run(buildBatch(), { env: env({ DOCKER_CONFIG: dockerConfig({ auths: {} }) }) });
    const [build, app] = report.result.units;
    expect(build).toMatchObject({ id: 'build:app', status: 'failed' });
    expect(build.reason).toMatch(/unauthorized|no basic auth|authentication required/i);
    expect(app).toMatchObject({ id: 'app', status: 'failed' });
    expect(app.reason).toContain('its image could not be built (build:app)');
  }, 60_000);
});
