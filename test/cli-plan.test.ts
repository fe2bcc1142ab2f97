import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-io';

const dir = mkdtempSync(join(tmpdir(), 'gantry-cli-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return name;
};
const gantry = (argv: string[], columns?: number) => runCli(argv, { cwd: dir, columns });

// 2 cpus: build (1 cpu, 20 s) → three 1-cpu shards of 10 s → report (5 s); lint (1 cpu, 10 s) alongside.
// Every container also costs plan's default start overhead (0.4 s), as on a real engine.
const BATCH = `version: 1
capacity: { cpus: 2, memory: 1Gi }
defaults: { image: busybox, cpus: 1, memory: 128Mi }
services:
  web: { run: "httpd -f", cpus: 0.5, memory: 64Mi }
tasks:
  build: { run: "true", estimate: 20s }
  lint: { run: "true", estimate: 10s }
  test:
    needs: [build, web]
    matrix: { shard: [1, 2, 3] }
    run: "true"
    cpus: 0.5
    estimate: 10s
  report: { needs: [test], run: "true", estimate: 5s, if: always }
`;

describe('gantry plan', () => {
  it('--json prints exactly the documented shape, in seconds and bytes', async () => {
    const r = await gantry(['plan', file('batch.yml', BATCH), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['makespan', 'lowerBound', 'criticalPath', 'tasks']);
    expect(out.criticalPath).toEqual(['build', 'test[shard=1]', 'report']);
    expect(out.lowerBound).toBe(36.2); // 20.4 + 10.4 + 5.4
    for (const t of out.tasks) expect(Object.keys(t)).toEqual(['name', 'start', 'end', 'cpus', 'memory', 'kind', 'estimate', 'source', 'runs']);
    const by = Object.fromEntries(out.tasks.map((t: { name: string }) => [t.name, t]));
    expect(by.build).toEqual({ name: 'build', start: 0, end: 20.4, cpus: 1, memory: 128 * 1024 * 1024, kind: 'task', estimate: 20, source: 'estimate', runs: null });
    expect(by.web).toMatchObject({ kind: 'service', start: 20.4, cpus: 0.5, memory: 64 * 1024 * 1024 });
    // web (0.5) + three 0.5-cpu shards fit the 2 cpus together, once web is up (0.4 s after it starts).
    expect([1, 2, 3].map((s) => by[`test[shard=${s}]`].start)).toEqual([20.8, 20.8, 20.8]);
    expect(by.report).toMatchObject({ start: 31.2, end: 36.6 });
    expect(out.makespan).toBe(36.6);
  });

  it('flags override the file: --cpus 1 serialises the work', async () => {
    const r = await gantry(['plan', 'batch.yml', '--json', '--cpus', '1']);
    const out = JSON.parse(r.stdout);
    // One at a time: build 20.4, web up 0.4, three shards of 10.4, lint 10.4, report 5.4.
    expect(out.makespan).toBe(67.8);
    const p = JSON.parse((await gantry(['plan', 'batch.yml', '--json', '--parallel', '2'])).stdout);
    const spans: number[][] = p.tasks.map((t: { start: number; end: number }) => [t.start, t.end]);
    // At each start, at most 2 containers (the service included) are up.
    const busiest = Math.max(...spans.map(([s]) => spans.filter(([s2, e2]) => s2 <= s && s < e2).length));
    expect(busiest).toBe(2);
    expect(p.makespan).toBe(57.4); // build‖lint, then the shards one at a time beside web, then report
  });

  it('draws a Gantt chart scaled to the terminal width, with makespan, lower bound and critical path', async () => {
    const r = await gantry(['plan', 'batch.yml'], 60);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const rows = lines.filter((l) => l.includes('|'));
    expect(rows).toHaveLength(7); // 6 tasks + 1 service
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(60);
    const build = rows.find((l) => l.startsWith('build '))!;
    const bar = build.slice(build.indexOf('|') + 1, build.lastIndexOf('|'));
    // build is 20.4 of 36.6 s, drawn with the critical mark from the left edge.
    expect(bar.trimEnd()).toBe('#'.repeat(Math.ceil((20.4 / 36.6) * bar.length)));
    expect(rows.find((l) => l.startsWith('web '))).toContain('~');
    expect(r.stdout).toContain('makespan       37s (1.01× the lower bound)');
    expect(r.stdout).toContain('critical path  build → test[shard=1] → report');
    const wide = await gantry(['plan', 'batch.yml'], 120);
    expect(Math.max(...wide.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(100);
  });

  it('exits 2 with the diagnostics for an invalid file, and for bad flags with usage', async () => {
    const bad = await gantry(['plan', file('bad.yml', 'version: 1\ntasks:\n  a: { image: busybox, run: "true", needs: [zz] }\n')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.yml:3:\d+: error: .*zz/m);
    for (const argv of [['plan', 'batch.yml', '--width', '3'], ['plan', 'batch.yml', '--cpus', 'many'], ['plan', 'batch.yml', '--memory', '3GB'], ['plan', 'batch.yml', '--parallel', '0'], ['plan'], ['plan', 'a.yml', 'b.yml']]) {
      const r = await gantry(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^gantry plan: .+\n\nUsage: gantry plan FILE/);
    }
    expect((await gantry(['plan', '--help'])).stdout).toContain('--parallel N');
  });

  it('works the same through the built bundle', () => {
    const repo = join(__dirname, '..');
    execFileSync('node', ['esbuild.mjs', 'cli'], { cwd: repo, stdio: 'ignore' });
    const r = spawnSync('node', [join(repo, 'dist', 'cli', 'gantry.js'), 'plan', join(dir, 'batch.yml'), '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ makespan: 36.6, lowerBound: 36.2, criticalPath: ['build', 'test[shard=1]', 'report'] });
    const u = spawnSync('node', [join(repo, 'dist', 'cli', 'gantry.js'), 'plan', '--nope'], { encoding: 'utf8' });
    expect(u.status).toBe(2);
    expect(u.stderr).toContain("Unknown option '--nope'");
  });

  it('a reader that goes away (`gantry plan | head -1`): no EPIPE stack trace, the command\'s own exit code', async () => {
    const repo = join(__dirname, '..');
    execFileSync('node', ['esbuild.mjs', 'cli'], { cwd: repo, stdio: 'ignore' });
    // The pipe's read end is closed before the command writes (node takes a while to start).
    const child = spawn('node', [join(repo, 'dist', 'cli', 'gantry.js'), 'plan', join(dir, 'batch.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('gantry plan --no-history', () => {
  it('says the earlier runs were ignored, not that there were none; the usage lists the options together', async () => {
    file('hist.yml', 'version: 1\ndefaults: { image: busybox }\ntasks:\n  build: { run: "true" }\n');
    mkdirSync(join(dir, '.gantry', 'history'), { recursive: true });
    const record = { v: 1, run: '20250101-120000-ab12', at: '2025-01-01T12:00:00.000Z', units: { build: { kind: 'task', attempts: [{ n: 1, result: 'succeeded', duration: 3000 }] } } };
    writeFileSync(join(dir, '.gantry', 'history', 'hist.yml.jsonl'), `${JSON.stringify(record)}\n`);
    const used = await gantry(['plan', 'hist.yml']);
    expect(used.stdout).toMatch(/^estimates {6}1 of 1 from earlier runs \(--no-history ignores them\)$/m);
    const ignored = await gantry(['plan', 'hist.yml', '--no-history']);
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toMatch(/^estimates {6}earlier runs ignored \(--no-history\): the file's estimates and the defaults$/m);
    expect(ignored.stdout).not.toContain('no earlier runs recorded');
    // The options are one list: the note on cached tasks is not in the middle of it.
    const usage = (await gantry(['plan', '--help'])).stdout;
    const options = usage.slice(usage.indexOf('Options:'), usage.indexOf('Exit codes:'));
    for (const flag of ['--cpus', '--no-history', '--json', '--shards']) expect(options).toContain(flag);
    expect(options).not.toContain('Tasks with cache:');
  });
});

describe('gantry plan: untrusted ids', () => {
  it('a matrix value with an escape sequence is shown inert in the chart, the critical path and the estimates', async () => {
    file('esc.yml', 'version: 1\ndefaults: { image: busybox }\ntasks:\n  t:\n    matrix: { x: ["a\\u001b[31mred"] }\n    run: "true"\n');
    const r = await gantry(['plan', 'esc.yml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toMatch(/^t\[x=a␛\[31mred\] \|#+\| 0s–10s$/m);
    expect(r.stdout).toContain('critical path  t[x=a␛[31mred]');
    expect(r.stdout).toContain('  t[x=a␛[31mred] default, 10s');
  });
});
