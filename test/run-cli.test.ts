/**
 * The built `gantry` CLI (dist/cli/gantry.js, built here with `node esbuild.mjs cli`) on the real
 * engine: the --json shape, every exit code, cancellation at different moments leaving nothing
 * labelled, and a kill -9 leaving a readable partial report that `gantry cleanup` then clears.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultInstance } from '../core/run/run-batch';
import type { RunDocument } from '../core/report/run-document';
import { labelled } from './fixtures/engine';

const repo = join(__dirname, '..');
const cli = join(repo, 'dist', 'cli', 'gantry.js');
const root = mkdtempSync(join(tmpdir(), 'gantry-run-cli-'));

beforeAll(() => {
  execFileSync('node', ['esbuild.mjs', 'cli'], { cwd: repo, stdio: 'ignore' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function batch(yaml: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  return { dir, file };
}

function gantry(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('node', [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEAD = 'version: 1\ndefaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }\ntasks:\n';

describe('gantry run (CLI)', () => {
  it('--json prints exactly the documented shape, and exit 0', () => {
    const { file } = batch(`${HEAD}  a: { run: "echo one" }\n  b: { needs: [a], matrix: { n: [1, 2] }, run: "echo two" }\n`);
    const r = gantry(['run', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['result', 'runId', 'makespan', 'tasks']);
    expect(out.result).toBe('success');
    expect(out.makespan).toBeGreaterThan(0);
    expect(out.tasks.map((t: { name: string }) => t.name)).toEqual(['a', 'b[n=1]', 'b[n=2]']);
    for (const t of out.tasks) {
      expect(Object.keys(t)).toEqual(['name', 'status', 'attempts', 'exitCode', 'start', 'end', 'memory']);
      expect(t).toMatchObject({ status: 'succeeded', attempts: 1, exitCode: 0 });
      expect(t.end).toBeGreaterThan(t.start);
    }
    // Live output went to stderr, so stdout is only the JSON.
    expect(r.stderr).toContain('a');
  });

  it('exits 1 when a task fails, and says which', () => {
    const { file } = batch(`${HEAD}  ok: { run: "true" }\n  bad: { run: "exit 4" }\n`);
    const r = gantry(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED: 1\/2 tasks succeeded, failed: bad/);
  });

  it('exits 2 on an invalid file with a positioned error, on a missing file and on a bad flag', () => {
    const { file } = batch(`${HEAD}  a: { run: "true", neds: [b] }\n`);
    const r = gantry(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gantry\.yml:4:\d+: error: .*neds/);
    expect(gantry(['run', join(root, 'nope.yml')]).code).toBe(2);
    const flag = gantry(['run', file, '--paralel', '2']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--paralel'");
    expect(gantry(['run', file, '--memory', '12 bananas']).stderr).toContain('--memory 12 bananas');
  });

  it('exits 3 with a one-line error when DOCKER_HOST points at a closed port', () => {
    const { file } = batch(`${HEAD}  a: { run: "true" }\n`);
    const r = gantry(['run', file], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^gantry: error: .*127\.0\.0\.1:1/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

/** Starts the CLI and resolves once `predicate` holds for the output so far. */
function startRun(file: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn('node', [cli, 'run', file], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(code ?? (signal ? -1 : null))));
  return { child, output: () => out, exited };
}

async function until(predicate: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function runFolder(dir: string): string {
  const runs = join(dir, '.gantry', 'runs');
  const [id] = readdirSync(runs);
  return join(runs, id);
}

// A service, a volume, tasks that ignore SIGTERM (the worst case for stopping) and a chain.
const SLOW = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
volumes: { shared: {} }
services:
  web:
    run: "mkdir -p /w && echo ok > /w/i && exec httpd -f -p 8080 -h /w"
    health: { run: "wget -q -O- http://localhost:8080/i", interval: 300ms, retries: 30 }
tasks:
  first: { run: "echo first; sleep 1", volumes: ["shared:/s"] }
  stubborn: { needs: [first, web], run: "trap '' TERM; echo stubborn; sleep 60", volumes: ["shared:/s"] }
  sleeper: { needs: [first], matrix: { n: [1, 2] }, run: "echo sleeper; sleep 60" }
  last: { needs: [stubborn, sleeper], run: "echo never" }
`;

describe('cancellation and crashes', () => {
  // Different moments: during setup (the run folder exists, nothing started), as the first task
  // starts, while it prints, once the service and the stubborn task run, with the sleepers up.
  const moments: Array<[string, (out: string, dir: string) => boolean]> = [
    ['during setup', (_o, dir) => existsSync(join(dir, '.gantry', 'runs'))],
    ['first task started', (o) => o.includes('first') && o.includes('started')],
    ['first task printing', (o) => o.includes('│ first')],
    ['stubborn task running', (o) => o.includes('│ stubborn')],
    ['sleepers running', (o) => (o.match(/│ sleeper/g) ?? []).length >= 2],
  ];
  for (const [name, ready] of moments) {
    it(`SIGINT ${name}: exit 130 well before the tasks end, nothing labelled left, partial report written`, async () => {
      const { dir, file } = batch(SLOW);
      const run = startRun(file);
      await until(() => ready(run.output(), dir));
      const t0 = Date.now();
      run.child.kill('SIGINT');
      const code = await run.exited;
      const took = Date.now() - t0;
      expect(code, run.output()).toBe(130);
      // The grace (5 s) plus teardown; the bound only tells a stop from a wait for the 60 s sleeps
      // (a loaded machine's teardown takes seconds, so no tighter figure here).
      expect(took).toBeLessThan(20_000);
      expect(labelled(`dev.gantry.instance=${defaultInstance(dir)}`)).toEqual([]);
      const doc = JSON.parse(readFileSync(join(runFolder(dir), 'report.json'), 'utf8')) as RunDocument;
      expect(doc.result).toBe('cancelled');
      expect(doc.complete).toBe(true);
      expect(doc.units.find((u) => u.id === 'last')!.status).toMatch(/cancelled|skipped/);
    });
  }

  // A task that ignores SIGTERM is given the cancel grace (5 s) by one SIGINT; a second SIGINT
  // stops it at once. Either way everything is removed and the report is complete.
  const GRACEFUL = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
tasks:
  main: { run: "trap '' TERM; echo main-up; sleep 60" }
  always: { needs: [main], if: always, run: "echo always-ran; sleep 60" }
`;
  for (const signals of [1, 2]) {
    it(`${signals === 1 ? 'one SIGINT: a task ignoring SIGTERM is given the grace' : 'a second SIGINT stops at once, without the grace'}; nothing labelled left, report complete`, async () => {
      const { dir, file } = batch(GRACEFUL);
      const run = startRun(file);
      await until(() => run.output().includes('main-up'));
      run.child.kill('SIGINT');
      if (signals === 2) {
        await until(() => run.output().includes('gantry: cancelling'));
        run.child.kill('SIGINT');
      }
      const code = await run.exited;
      const out = run.output();
      expect(code, out).toBe(130);
      expect(out).toContain('Ctrl-C again: stop at once');
      expect(labelled(`dev.gantry.instance=${defaultInstance(dir)}`)).toEqual([]);
      const doc = JSON.parse(readFileSync(join(runFolder(dir), 'report.json'), 'utf8')) as RunDocument;
      expect(doc.complete).toBe(true);
      expect(doc.result).toBe('cancelled');
      const main = doc.units.find((u) => u.id === 'main')!;
      expect(main.status).toBe('cancelled');
      expect(doc.units.find((u) => u.id === 'always')!.status).toBe('skipped');
      // main ignores SIGTERM: one cancel lets it live out the 5 s grace; a second one kills it then.
      const ran = main.end! - main.start!;
      if (signals === 2) {
        expect(out).toContain('gantry: stopping at once');
        expect(ran).toBeLessThan(4000);
      } else {
        expect(out).not.toContain('gantry: stopping at once');
        expect(ran).toBeGreaterThanOrEqual(5000);
      }
    });
  }

  it('kill -9 mid-run leaves a readable partial report.json; gantry cleanup --run removes the leftovers', async () => {
    const { dir, file } = batch(SLOW);
    const run = startRun(file);
    await until(() => (run.output().match(/│ sleeper/g) ?? []).length >= 2);
    run.child.kill('SIGKILL');
    await run.exited;
    const folder = runFolder(dir);
    const doc = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as RunDocument;
    expect(doc.complete).toBe(false);
    expect(doc.result).toBe('running');
    expect(doc.units.find((u) => u.id === 'first')!.status).toBe('succeeded');
    expect(doc.units.filter((u) => u.status === 'running').map((u) => u.id)).toEqual(expect.arrayContaining(['sleeper[n=1]', 'sleeper[n=2]']));
    const label = `dev.gantry.run=${doc.runId}`;
    expect(labelled(label).length).toBeGreaterThan(0);
    const r = gantry(['cleanup', '--run', doc.runId]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`run ${doc.runId}: removed \\d+ containers?, 1 network, 1 volume`));
    expect(labelled(label)).toEqual([]);
  });
});
