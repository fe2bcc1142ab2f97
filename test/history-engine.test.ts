/**
 * History end to end on the real engine, through the CLI run from its sources (`node --import tsx
 * cli/gantry.ts`, so dist/ is not rebuilt): two runs record what they measured in
 * `.gantry/history/`, then `gantry plan --json` takes its estimates from there — each with its
 * source — close to the durations the runs measured; `--no-history` goes back to the file's;
 * the reports show predicted vs actual. No timing is asserted beyond generous bounds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunDocument } from '../core/report/run-document';

const repo = join(__dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'gantry-history-engine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function gantry(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'cli/gantry.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// `slow` sleeps 2 s and says it takes 30 s; `quick` says nothing (default 10 s); `web` takes about
// a second to be healthy (its check fails until a file exists).
const BATCH = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
services:
  web:
    run: "sleep 1; touch /tmp/up; sleep 600"
    health: { run: "test -f /tmp/up", interval: 200ms, retries: 50 }
tasks:
  slow: { run: "sleep 2", estimate: 30s }
  quick: { needs: [web], run: "sleep 1" }
`;

interface PlanTask {
  name: string;
  start: number;
  end: number;
  kind: string;
  estimate: number;
  source: string;
  runs: number | null;
}

describe('history on the real engine', () => {
  it('two runs, then plan --json estimates from history with their source, close to what was measured', () => {
    const dir = mkdtempSync(join(root, 'b-'));
    const file = join(dir, 'gantry.yml');
    writeFileSync(file, BATCH);

    // Before any run: the file's estimate and the defaults.
    const before = JSON.parse(gantry(['plan', file, '--json']).stdout) as { tasks: PlanTask[] };
    const b = Object.fromEntries(before.tasks.map((t) => [t.name, t]));
    expect(b.slow).toMatchObject({ estimate: 30, source: 'estimate', runs: null });
    expect(b.quick).toMatchObject({ estimate: 10, source: 'default', runs: null });
    expect(b.web).toMatchObject({ estimate: 0, source: 'default', runs: null });

    const reports: RunDocument[] = [];
    for (let i = 0; i < 2; i++) {
      const r = gantry(['run', file, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const { runId } = JSON.parse(r.stdout) as { runId: string };
      reports.push(JSON.parse(readFileSync(join(dir, '.gantry', 'runs', runId, 'report.json'), 'utf8')) as RunDocument);
    }
    expect(readdirSync(join(dir, '.gantry', 'history'))).toContain('gantry.yml.jsonl');
    const history = readFileSync(join(dir, '.gantry', 'history', 'gantry.yml.jsonl'), 'utf8').trim().split('\n');
    expect(history).toHaveLength(2);
    const line = JSON.parse(history[1]);
    expect(line.run).toBe(reports[1].runId);
    expect(line.units.slow.attempts[0]).toMatchObject({ n: 1, result: 'succeeded' });
    expect(line.units.slow.attempts[0].setup).toBeGreaterThanOrEqual(0);
    expect(line.units.web.attempts[0]).toMatchObject({ n: 1, result: 'healthy' });

    // The second run already planned from the first: its report says so, predicted vs actual.
    const second = reports[1];
    const slow2 = second.units.find((u) => u.id === 'slow')!;
    expect(slow2.predicted).toMatchObject({ source: 'history', runs: 1 });
    expect(slow2.predicted!.text).toMatch(/^\d+(\.\d+)?s, median of 1 run$/);
    const md = readFileSync(join(dir, '.gantry', 'runs', second.runId, 'report.md'), 'utf8');
    expect(md).toContain('Predicted vs actual');
    expect(md).toMatch(/\| slow \| [\d.]+s \| [\d.]+s \| [\d.]+s, median of 1 run \|/);
    expect(readFileSync(join(dir, '.gantry', 'runs', second.runId, 'report.html'), 'utf8')).toContain('median of 1 run');
    const first = reports[0].units.find((u) => u.id === 'slow')!;
    expect(first.predicted).toMatchObject({ source: 'estimate', text: 'estimate: 30s' });

    const after = gantry(['plan', file, '--json']);
    expect(after.code).toBe(0);
    const plan = JSON.parse(after.stdout) as { tasks: PlanTask[] };
    const p = Object.fromEntries(plan.tasks.map((t) => [t.name, t]));
    expect(p.slow).toMatchObject({ source: 'history', runs: 2 });
    expect(p.quick).toMatchObject({ source: 'history', runs: 2 });
    expect(p.web).toMatchObject({ source: 'history', runs: 2, kind: 'service' });
    // Close to what the commands took (sleep 2 / sleep 1): at least the sleep, and far below the
    // file's 30 s and the 10 s default. (Not compared with the attempts exactly: the estimate is
    // the weighted median of whole attempts less the plan's 0.4 s start cost, and on a loaded
    // machine a container's creation alone can take seconds.)
    for (const [id, sleep] of [['slow', 2], ['quick', 1]] as const) {
      // At least the sleep less the start cost the plan adds back (creation can take less than it).
      expect(p[id].estimate).toBeGreaterThanOrEqual(sleep - 0.4 - 0.1);
      expect(p[id].estimate).toBeLessThan(sleep + 5);
      // The plan's attempt is the estimate plus the engine's start cost.
      expect(p[id].end - p[id].start).toBeCloseTo(p[id].estimate + 0.4, 1);
    }
    // The service's time to healthy (~1 s) now holds `quick` back in the plan.
    const healthy = reports.map((d) => d.units.find((u) => u.id === 'web')!).map((u) => u.healthy! - u.start!);
    expect(p.web.estimate).toBeGreaterThan(0.5);
    expect(p.web.estimate).toBeLessThan(Math.max(...healthy) / 1000 + 1);
    expect(p.quick.start - p.web.start).toBeGreaterThanOrEqual(p.web.estimate);

    // The text form says where each estimate came from.
    const text = gantry(['plan', file]).stdout;
    expect(text).toMatch(/estimates +3 of 3 from earlier runs/);
    expect(text).toMatch(/slow +[\d.]+s, median of 2 runs/);
    expect(text).toMatch(/web +healthy after [\d.]+m?s, median of 2 runs/);

    // --no-history: the file's estimates again.
    const ignored = JSON.parse(gantry(['plan', file, '--json', '--no-history']).stdout) as { tasks: PlanTask[] };
    expect(ignored.tasks.find((t) => t.name === 'slow')).toMatchObject({ estimate: 30, source: 'estimate' });
    const run3 = gantry(['run', file, '--json', '--no-history']);
    expect(run3.code, run3.stderr).toBe(0);
    const third = JSON.parse(readFileSync(join(dir, '.gantry', 'runs', JSON.parse(run3.stdout).runId, 'report.json'), 'utf8')) as RunDocument;
    expect(third.units.find((u) => u.id === 'slow')!.predicted).toMatchObject({ source: 'estimate' });
    // …and that run is still recorded.
    expect(readFileSync(join(dir, '.gantry', 'history', 'gantry.yml.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  }, 300_000);
});
