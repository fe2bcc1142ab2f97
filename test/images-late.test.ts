/**
 * Images are resolved when first needed (issue 12), on the real engine: an image that cannot be
 * had at the start of the run (here: its registry does not answer, and the image only appears
 * locally while the run goes on, as a task that loads or builds it would make it) does not fail
 * the units that need it later.
 *
 * The registry is a free 127.0.0.1 port nobody listens on: every pull is refused at once by the
 * network, with no waiting on the internet.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ImageResolver, ImageUnavailable, type ImageEvent } from '../core/backends/docker/images';
import { dockerBackend } from '../core/backends/docker';
import { runBatch } from '../core/run/run-batch';
import { validate } from '../core/validate';
import type { ScheduleEvent } from '../core/executor';
import { IMAGE, testDocker } from './docker-helpers';
import { labelled } from './fixtures/engine';

const root = mkdtempSync(join(tmpdir(), 'gantry-late-'));
const docker = testDocker();
const tagged: string[] = [];

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A reference on a registry that does not answer, unique to this test. */
async function lateRef(): Promise<string> {
  const ref = `127.0.0.1:${await closedPort()}/gantry-late-${randomBytes(4).toString('hex')}:1`;
  tagged.push(ref);
  return ref;
}

/** Makes `ref` present locally, as a task that loads or builds an image would. */
function appear(ref: string): void {
  execFileSync('docker', ['tag', IMAGE, ref]);
}

function waitFor(events: ImageEvent[], type: ImageEvent['type']): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (events.some((e) => e.type === type) ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

afterEach(() => {
  for (const ref of tagged.splice(0)) execFileSync('docker', ['image', 'rm', '-f', ref], { stdio: 'ignore' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ImageResolver: ahead of need, then when needed', () => {
  it('a failed pull ahead of need is not final: the first unit that needs the image resolves it again', async () => {
    const ref = await lateRef();
    const events: ImageEvent[] = [];
    const resolver = new ImageResolver(docker, { attempts: 1, onEvent: (e) => events.push(e) });
    resolver.prefetch(ref);
    await waitFor(events, 'pull-deferred');
    expect(events.map((e) => e.type)).toEqual(['pull-start', 'pull-deferred']);
    appear(ref);
    await resolver.ensure(ref);
    // Found locally by the second resolution: nothing more was pulled.
    expect(events.map((e) => e.type)).toEqual(['pull-start', 'pull-deferred']);
  });

  it('a failed pull ahead of need, still missing when needed: pulled once more, and that failure is final', async () => {
    const ref = await lateRef();
    const events: ImageEvent[] = [];
    const resolver = new ImageResolver(docker, { attempts: 1, onEvent: (e) => events.push(e) });
    resolver.prefetch(ref);
    await waitFor(events, 'pull-deferred');
    const error = await resolver.ensure(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailable);
    expect((error as Error).message).toMatch(/is not available locally and could not be pulled \(1 attempt\)/);
    expect(events.map((e) => e.type)).toEqual(['pull-start', 'pull-deferred', 'pull-start', 'pull-failed']);
    // A later unit does not pull again; it fails the same way while the image is missing…
    await expect(resolver.ensure(ref)).rejects.toBe(error);
    expect(events).toHaveLength(4);
    // …and finds it once it has appeared.
    appear(ref);
    await resolver.ensure(ref);
    expect(events).toHaveLength(4);
  });

  it('a unit that waits for a pull ahead of need makes its failure final: one round of pulls, not two', async () => {
    const ref = await lateRef();
    const events: ImageEvent[] = [];
    const resolver = new ImageResolver(docker, { attempts: 2, backoffMs: 200, random: () => 0.5, onEvent: (e) => events.push(e) });
    resolver.prefetch(ref);
    const error = await resolver.ensure(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailable);
    expect(events.map((e) => e.type)).toEqual(['pull-start', 'pull-retry', 'pull-failed']);
  });
});

describe('a run whose image appears while it runs', () => {
  it('the task that needs it later succeeds; nothing is left behind', async () => {
    const ref = await lateRef();
    const dir = mkdtempSync(join(root, 'b-'));
    const file = join(dir, 'gantry.yml');
    writeFileSync(
      file,
      [
        'version: 1',
        'tasks:',
        `  load: { image: ${IMAGE}, cpus: 0.25, memory: 32Mi, run: "sleep 1; echo loaded" }`,
        `  use: { image: "${ref}", needs: [load], cpus: 0.25, memory: 32Mi, run: "echo used-late-image" }`,
        '',
      ].join('\n'),
    );
    const v = validate(readFileSync(file, 'utf8'));
    expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lines: string[] = [];
    const events: ScheduleEvent[] = [];
    const instance = `test-late-${process.pid}`;
    const report = await runBatch({
      path: file,
      validation: { file: v.file!, graph: v.graph! },
      backend: dockerBackend(),
      runsDir: join(root, 'runs'),
      instance,
      onLine: (unit, _a, _s, line) => lines.push(`${unit}: ${line}`),
      onEvent: (e) => {
        events.push(e);
        // The image appears while `load` runs, after the run's start looked for it in vain.
        if (e.type === 'attempt-running' && e.unit === 'load') appear(ref);
      },
    });
    const byId = Object.fromEntries(report.result.units.map((u) => [u.id, u.status]));
    expect(byId).toEqual({ load: 'succeeded', use: 'succeeded' });
    expect(lines).toContain('use: used-late-image');
    expect(labelled(`dev.gantry.run=${report.runId}`)).toEqual([]);
  }, 60_000);
});
