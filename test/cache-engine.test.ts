/**
 * The task cache on the real engine (core/run/cache-run.ts through runBatch): a hit creates no
 * container for the task (the engine's own create events, by the run's label, say which units had
 * one), hands on the stored outputs and shows `cached (from RUN)`; a changed key file, command, env
 * value or need's output is a miss; cache.paths come back into the run's volume for a dependent;
 * a failed task and a masked output are not cached; `cache: false` (--no-cache) runs everything;
 * gantry plan and gantry run through the CLI; a strict run reads but never writes the cache, and
 * refuses a link in cache.key; nothing labelled is left.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { runBatch, type RunBatchOptions } from '../core/run/run-batch';
import { dockerBackend } from '../core/backends/docker';
import { renderMarkdown } from '../core/report/report-md';
import { labelled } from './fixtures/engine';
import { runCli } from './support/cli-io';
import { parseDuration } from '../core/duration';
import { cacheRecords } from '../core/host/cache-store';

const root = mkdtempSync(join(tmpdir(), 'gantry-cache-engine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function folder(text: string, files: Record<string, string> = {}): string {
  const dir = join(root, `b${n++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, text);
  return file;
}

/** The units the engine created a container for in run `runId` (its create events, by label). */
function createdUnits(runId: string, since: string): string[] {
  const out = execFileSync(
    'docker',
    ['events', '--since', since, '--until', String(Math.ceil(Date.now() / 1000) + 1), '--filter', 'type=container', '--filter', 'event=create', '--filter', `label=dev.gantry.run=${runId}`, '--format', '{{index .Actor.Attributes "dev.gantry.unit"}}'],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean).sort();
}

async function run(file: string, extra: Partial<RunBatchOptions> = {}) {
  const v = validate(readFileSync(file, 'utf8'));
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines: string[] = [];
  const notices: string[] = [];
  const since = String(Math.floor(Date.now() / 1000) - 1);
  const report = await runBatch({
    backend: dockerBackend(),
    path: file,
    validation: { file: v.file!, graph: v.graph! },
    instance: `test-cache-${process.pid}`,
    recordHistory: false,
    onLine: (unit, _a, _s, line) => lines.push(`${unit}: ${line}`),
    onNotice: (m) => notices.push(m),
    ...extra,
  });
  expect(labelled(`dev.gantry.run=${report.runId}`)).toEqual([]);
  const status = Object.fromEntries(report.document.units.map((u) => [u.id, u.cachedFrom ? `cached:${u.cachedFrom}` : u.status]));
  return { report, lines, notices, status, created: () => createdUnits(report.runId, since) };
}

const CHAIN = `version: 1
tasks:
  make:
    image: busybox:latest
    run: echo "made $(cat /src/input.txt)"; echo "v=$(cat /src/input.txt)-$MODE" >> $GANTRY_OUTPUT
    env: { MODE: fast }
    volumes: [".:/src:ro"]
    outputs: [v]
    cache: { key: [input.txt] }
  use:
    image: busybox:latest
    needs: [make]
    run: echo "got \${{ needs.make.outputs.v }}"
    cache: {}
`;

describe('the task cache on the engine', () => {
  it('a hit creates no container, hands on its outputs and says cached (from RUN); each input change is a miss', async () => {
    const file = folder(CHAIN, { 'input.txt': 'one' });
    const first = await run(file);
    expect(first.report.result.result).toBe('success');
    expect(first.status).toEqual({ make: 'succeeded', use: 'succeeded' });
    expect(first.created()).toEqual(['make', 'use']);

    const second = await run(file);
    expect(second.report.result.result).toBe('success');
    expect(second.status).toEqual({ make: `cached:${first.report.runId}`, use: `cached:${first.report.runId}` });
    expect(second.created()).toEqual([]);
    expect(second.lines).toEqual([]);
    const make = second.report.result.units.find((u) => u.id === 'make')!;
    expect(make.attempts[0].outcome).toMatchObject({ status: 'succeeded', outputs: { v: 'one-fast' }, cached: { run: first.report.runId } });
    expect(renderMarkdown(second.report.document)).toContain(`cached (from ${first.report.runId})`);

    // The key file's content: make runs again, and so does use (its need's output changed).
    writeFileSync(join(file, '..', 'input.txt'), 'two');
    const third = await run(file);
    expect(third.status).toEqual({ make: 'succeeded', use: 'succeeded' });
    expect(third.lines).toEqual(['make: made two', 'use: got two-fast']);

    // An env value: make misses; its output is the same as a stored one's? No: it holds MODE.
    writeFileSync(file, CHAIN.replace('MODE: fast', 'MODE: slow'));
    const fourth = await run(file);
    expect(fourth.status).toEqual({ make: 'succeeded', use: 'succeeded' });
    expect(fourth.created()).toEqual(['make', 'use']);

    // The command of use only: make is a hit, use runs.
    writeFileSync(file, CHAIN.replace('MODE: fast', 'MODE: slow').replace('echo "got', 'echo "now got'));
    const fifth = await run(file);
    expect(fifth.status).toEqual({ make: `cached:${fourth.report.runId}`, use: 'succeeded' });
    expect(fifth.created()).toEqual(['use']);
    expect(fifth.lines).toEqual(['use: now got two-slow']);

    // The need's output back to one an earlier entry has: a hit again, from that run.
    writeFileSync(file, CHAIN);
    const sixth = await run(file);
    expect(sixth.status).toEqual({ make: `cached:${third.report.runId}`, use: `cached:${third.report.runId}` });

    // --no-cache: everything runs.
    const seventh = await run(file, { cache: false });
    expect(seventh.status).toEqual({ make: 'succeeded', use: 'succeeded' });
    expect(seventh.created()).toEqual(['make', 'use']);
  });

  it('restores cache.paths into the run\'s volume for a dependent; a failed task is not cached', async () => {
    const text = `version: 1
volumes: { work: }
tasks:
  deps:
    image: busybox:latest
    volumes: ["work:/work"]
    run: mkdir -p /work/deps/sub && echo "fetched \$(date +%N)" > /work/deps/sub/lib.txt && echo other > /work/other.txt
    cache: { paths: [/work/deps] }
  check:
    image: busybox:latest
    needs: [deps]
    volumes: ["work:/work"]
    run: cat /work/deps/sub/lib.txt; ls /work
  flaky:
    image: busybox:latest
    run: echo trying; exit 3
    allow-failure: true
    cache: {}
`;
    const file = folder(text);
    const first = await run(file);
    expect(first.status).toMatchObject({ deps: 'succeeded', check: 'succeeded', flaky: 'failed' });
    const fetched = first.lines.find((l) => l.startsWith('check: fetched'))!;
    expect(fetched).toBeDefined();

    const second = await run(file);
    expect(second.status).toMatchObject({ deps: `cached:${first.report.runId}`, check: 'succeeded', flaky: 'failed' });
    // The same bytes as the first run's, in the new run's volume; other.txt was not in cache.paths.
    expect(second.lines).toContain(fetched);
    expect(second.lines).toContain('check: deps');
    expect(second.lines).not.toContain('check: other.txt');
    // deps: only the short-lived restore container, never started (no line of deps), removed.
    expect(second.created()).toEqual(['check', 'deps', 'flaky']);
    expect(second.lines.filter((l) => l.startsWith('deps:'))).toEqual([]);
    expect(second.lines).toContain('flaky: trying');
  });

  it('does not cache a task whose output held a secret', async () => {
    const text = `version: 1
tasks:
  leak:
    image: busybox:latest
    secrets: [CACHE_TEST_TOKEN]
    run: echo "t=$CACHE_TEST_TOKEN" >> $GANTRY_OUTPUT
    outputs: [t]
    cache: {}
`;
    const file = folder(text);
    const secrets = { values: { CACHE_TEST_TOKEN: 'sekret-value-123' }, withheld: [] };
    const first = await run(file, { secrets });
    expect(first.status).toEqual({ leak: 'succeeded' });
    expect(first.notices.some((m) => /leak is not cached: its output t held a secret/.test(m))).toBe(true);
    const second = await run(file, { secrets });
    expect(second.status).toEqual({ leak: 'succeeded' });
    expect(second.created()).toEqual(['leak']);
  });

  it('gantry plan lists the tasks cached if the image is unchanged, and the makespan without them; gantry run says cached (from RUN)', async () => {
    const file = folder(
      `version: 1
tasks:
  make:
    image: busybox:latest
    estimate: 30s
    volumes: [".:/src:ro"]
    run: echo "v=$(cat /src/input.txt)" >> $GANTRY_OUTPUT
    outputs: [v]
    cache: { key: [input.txt] }
  use:
    image: busybox:latest
    estimate: 30s
    needs: [make]
    run: echo "\${{ needs.make.outputs.v }}"
    cache: {}
  tail:
    image: busybox:latest
    estimate: 20s
    needs: [use]
    run: "true"
`,
      { 'input.txt': 'one' },
    );
    const cwd = join(file, '..');
    const planJson = async () => {
      const out = await runCli(['plan', 'gantry.yml', '--json', '--no-history'], { cwd });
      expect(out.code).toBe(0);
      return JSON.parse(out.stdout) as { makespan: number; makespanWithoutCached?: number; tasks: { name: string; cachedFrom?: string }[] };
    };
    const before = await planJson();
    expect(before.makespanWithoutCached).toBeUndefined();
    expect(before.tasks.filter((t) => t.cachedFrom)).toEqual([]);

    const first = await runCli(['run', 'gantry.yml', '--no-history'], { cwd });
    expect(first.code).toBe(0);
    const runId = /\.gantry\/runs\/([^/]+)\/report\.html/.exec(first.stdout)?.[1];
    expect(runId).toBeDefined();

    const after = await planJson();
    expect(after.tasks.filter((t) => t.cachedFrom).map((t) => [t.name, t.cachedFrom])).toEqual([
      ['make', runId],
      ['use', runId],
    ]);
    expect(after.makespanWithoutCached).toBeLessThan(after.makespan);
    const text = await runCli(['plan', 'gantry.yml', '--no-history'], { cwd });
    expect(text.stdout).toContain(`2 tasks cached if the image is unchanged: make (from ${runId}), use (from ${runId})`);

    // make's key file changed: make would run, and so use (its need's output is not known).
    writeFileSync(join(cwd, 'input.txt'), 'two');
    expect((await planJson()).tasks.filter((t) => t.cachedFrom)).toEqual([]);
    writeFileSync(join(cwd, 'input.txt'), 'one');

    const second = await runCli(['run', 'gantry.yml', '--no-history'], { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`make ✔ cached (from ${runId})`);
    expect(second.stdout).toContain(`use  ✔ cached (from ${runId})`);
    expect(second.stdout).toContain('3/3 tasks succeeded (2 cached)');
    // The run's own prediction leaves out what plan listed as cached: tail's 20s, not 80s.
    const predicted = (out: string) => parseDuration(/plan predicted ([^)]+)\)/.exec(out)?.[1] ?? '') ?? Number.NaN;
    expect(predicted(first.stdout)).toBeGreaterThanOrEqual(80_000);
    expect(predicted(second.stdout)).toBeLessThan(30_000);
  });

  it('under strict: a run reads the cache but never writes it; a link in cache.key is refused before anything runs', async () => {
    const text = `version: 1
tasks:
  make:
    image: busybox:latest
    run: echo "v=1" >> $GANTRY_OUTPUT
    outputs: [v]
    cache: { key: [input.txt] }
`;
    const file = folder(text, { 'input.txt': 'one' });
    const dir = join(file, '..');
    const strict = await run(file, { policy: 'strict' });
    expect(strict.status).toEqual({ make: 'succeeded' });
    expect(cacheRecords(dir, file, 'make')).toEqual([]);
    const trusted = await run(file);
    expect(trusted.status).toEqual({ make: 'succeeded' });
    expect(cacheRecords(dir, file, 'make').map((r) => r.run)).toEqual([trusted.report.runId]);
    const again = await run(file, { policy: 'strict' });
    expect(again.status).toEqual({ make: `cached:${trusted.report.runId}` });
    expect(again.created()).toEqual([]);

    rmSync(join(dir, 'input.txt'));
    symlinkSync('/etc/hostname', join(dir, 'input.txt'));
    const v = validate(text);
    const refused = runBatch({ backend: dockerBackend(), path: file, validation: { file: v.file!, graph: v.graph! }, policy: 'strict', instance: `test-cache-${process.pid}`, recordHistory: false });
    await expect(refused).rejects.toMatchObject({ code: 'cache-key-link', range: { start: { line: 6 } } });
  });
});
