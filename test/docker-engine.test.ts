import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GantryError } from '../core/diagnostics';
import { connectEngine, engineAddress, engineCapacity } from '../core/backends/docker/engine';

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gantry-engine-'));
  dirs.push(dir);
  return dir;
}

async function failure(env: NodeJS.ProcessEnv): Promise<GantryError> {
  const started = Date.now();
  const error = await connectEngine(env, { timeoutMs: 5000 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GantryError);
  // Not a hang behind a timeout: a distinct error from the connection itself.
  expect(Date.now() - started).toBeLessThan(4000);
  return error as GantryError;
}

describe('engineAddress', () => {
  it('reads DOCKER_HOST from the environment it is given', () => {
    expect(engineAddress({})).toMatchObject({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(engineAddress({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toMatchObject({
      kind: 'unix',
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(engineAddress({ DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({ kind: 'tcp', host: '10.0.0.5', port: 2375, tls: false });
    expect(engineAddress({ DOCKER_HOST: 'tcp://docker', DOCKER_TLS_VERIFY: '1' })).toMatchObject({ port: 2376, tls: true });
    expect(() => engineAddress({ DOCKER_HOST: 'ftp://x' })).toThrow(/not an address Gantry can use/);
  });
});

describe('connectEngine', () => {
  it('connects to the running engine and reads its capacity', async () => {
    const docker = await connectEngine({ DOCKER_HOST: 'unix:///var/run/docker.sock' });
    const capacity = await engineCapacity(docker);
    const info = (await docker.info()) as { NCPU: number; MemTotal: number };
    expect(capacity.cpus).toBe(info.NCPU);
    expect(capacity.memory).toBe(info.MemTotal);
    expect(capacity.parallel).toBe(Number.POSITIVE_INFINITY);
  });

  it('a missing socket: engine-not-found, with a hint', async () => {
    const path = join(tempDir(), 'nothing-here.sock');
    const error = await failure({ DOCKER_HOST: `unix://${path}` });
    expect(error.code).toBe('engine-not-found');
    expect(error.message).toBe(`Cannot connect to the Docker engine: no socket at ${path}.`);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toMatch(/Start Docker/);
  });

  it('a file that is not a socket: engine-not-found, saying so', async () => {
    const path = join(tempDir(), 'plain-file');
    writeFileSync(path, 'not a socket');
    const error = await failure({ DOCKER_HOST: `unix://${path}` });
    expect(error.code).toBe('engine-not-found');
    expect(error.message).toContain(`${path} is not a socket`);
  });

  it('a refused tcp port on 127.0.0.1: engine-refused', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const error = await failure({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
    expect(error.code).toBe('engine-refused');
    expect(error.message).toBe(`Cannot connect to the Docker engine: connection refused at tcp://127.0.0.1:${port}.`);
    expect(error.hint).toBeTruthy();
  });

  it('a socket the user may not open: engine-permission-denied (run as user nobody)', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const socket = join(dir, 'engine.sock');
    const server = createServer((c) => c.end());
    servers.push(server);
    await new Promise<void>((r) => server.listen(socket, r));
    chmodSync(socket, 0o600); // root only, like /var/run/docker.sock for a user outside the docker group
    const script = join(dir, 'connect.mts');
    writeFileSync(
      script,
      `import { connectEngine } from ${JSON.stringify(join(process.cwd(), 'core/backends/docker/engine.ts'))};
       connectEngine({ DOCKER_HOST: 'unix://${socket}' }).then(
         () => console.log(JSON.stringify({ ok: true })),
         (e) => console.log(JSON.stringify({ code: e.code, message: e.message, hint: e.hint })));`,
    );
    chmodSync(script, 0o644);
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      uid: 65534,
      gid: 65534,
      cwd: process.cwd(),
      env: { PATH: process.env.PATH, HOME: dir, TSX_TSCONFIG_PATH: join(process.cwd(), 'tsconfig.json') },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, err).toBe(0);
    const result = JSON.parse(out.trim()) as { code: string; message: string; hint: string };
    expect(result.code).toBe('engine-permission-denied');
    expect(result.message).toBe(`Cannot connect to the Docker engine: permission denied on ${socket}.`);
    expect(result.hint).toMatch(/docker" group/);
  });
});
