/**
 * Estimates from history (core/estimates.ts), pure: the weighted median of recent successful
 * attempts, what counts as a sample, the fall-backs, and how a service's time to healthy now holds
 * its dependents back in the plan.
 */
import { describe, expect, it } from 'vitest';
import {
  estimateSource,
  estimatesFromHistory,
  historyRecord,
  parseHistoryLine,
  recentMedian,
  withEstimates,
  type HistoryAttempt,
  type HistoryRecord,
} from '../core/estimates';
import { validate } from '../core/validate';
import { plan } from '../core/plan';
import type { Graph } from '../core/model';
import type { RunDocument } from '../core/report/run-document';
import { renderMarkdown } from '../core/report/report-md';
import { renderHtml } from '../core/report/report-html';

const CAPACITY = { cpus: 4, memory: 8 * 1024 ** 3, parallel: Infinity };

function record(run: string, at: number, units: Record<string, { kind?: 'task' | 'service' | 'build'; attempts: HistoryAttempt[] }>): HistoryRecord {
  const u: HistoryRecord['units'] = {};
  for (const [id, x] of Object.entries(units)) u[id] = { kind: x.kind ?? 'task', attempts: x.attempts };
  return { v: 1, run, at: new Date(Date.UTC(2025, 0, 1) + at * 60_000).toISOString(), units: u };
}
const ok = (duration: number, setup?: number): HistoryAttempt => ({ n: 1, result: 'succeeded', duration, ...(setup !== undefined ? { setup } : {}) });

function graphOf(yaml: string): Graph {
  const v = validate(yaml, { capacity: CAPACITY });
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return v.graph!;
}

describe('recentMedian: the weighted median of the last 10, newest weighing most', () => {
  it('is the value itself for one sample, and undefined for none', () => {
    expect(recentMedian([4200])).toBe(4200);
    expect(recentMedian([])).toBeUndefined();
  });

  it('ignores one outlier among many (a median, not a mean)', () => {
    // Newest first: one very slow run among steady ones.
    expect(recentMedian([1000, 1000, 60_000, 1000, 1000, 1000])).toBe(1000);
    expect(recentMedian([60_000, 1000, 1000, 1000, 1000, 1000])).toBe(1000);
  });

  it('leans to recent runs: a lasting change wins before half the window has changed', () => {
    // Three new runs at 2 s after seven at 10 s: weights 10+9+8 = 27 of 55 is just under half…
    expect(recentMedian([2000, 2000, 2000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000])).toBe(10_000);
    // …four reach 34 of 55: the new figure wins (an unweighted median would need six).
    expect(recentMedian([2000, 2000, 2000, 2000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000])).toBe(2000);
    // Two samples: the newest weighs 2 of 3.
    expect(recentMedian([3000, 9000])).toBe(3000);
    expect(recentMedian([9000, 3000])).toBe(9000);
  });

  it('reads only the newest `limit` samples', () => {
    const old = Array(20).fill(50_000);
    expect(recentMedian([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, ...old])).toBe(1000);
    expect(recentMedian([1000, 50_000, 50_000], 1)).toBe(1000);
  });

  it('averages the two middle values when the weight splits exactly in half', () => {
    // Weights 3 (1000), 2 and 1 (both 5000)... split 3 | 3: the mean of 1000 and 5000.
    expect(recentMedian([1000, 5000, 5000])).toBe(3000);
  });
});

describe('estimatesFromHistory', () => {
  it('takes the whole attempt less the plan\'s start cost, of successful attempts only', () => {
    const records = [
      record('r1', 1, { build: { attempts: [ok(5400, 400)] } }),
      record('r2', 2, { build: { attempts: [{ n: 1, result: 'failed', duration: 100, setup: 50 }, { n: 2, result: 'succeeded', duration: 5300, setup: 300 }] } }),
      record('r3', 3, { build: { attempts: [{ n: 1, result: 'cancelled', duration: 900_000, setup: 10 }] } }),
      record('r4', 4, { build: { attempts: [{ n: 1, result: 'timeout', duration: 900_000 }, { n: 2, result: 'oom', duration: 5 }, { n: 3, result: 'killed', duration: 7 }] } }),
    ];
    const e = estimatesFromHistory(records, { startOverhead: 400 });
    // r2: its failed attempt (100) and its success (5300), less 400; r1: 5400 − 400.
    expect(e.get('build')).toEqual({ kind: 'task', ms: 5000, runs: 2 });
  });

  it('without a known command start, the same: the whole attempt less the start cost', () => {
    const e = estimatesFromHistory([record('r1', 1, { a: { attempts: [ok(2400)] } })], { startOverhead: 400 });
    expect(e.get('a')!.ms).toBe(2000);
  });

  it('keeps a slow container start in the estimate: estimate + start cost is the attempt as the runs saw it', () => {
    // Created and started in 1.8 s (a busy engine, several containers starting at once), then 1.2 s of command.
    const e = estimatesFromHistory([record('r1', 1, { shard: { attempts: [ok(3000, 1800)] } })], { startOverhead: 400 });
    expect(e.get('shard')!.ms + 400).toBe(3000);
  });

  it('a pull within one attempt is an outlier the median leaves out once the image is cached', () => {
    const records = [
      record('r1', 1, { a: { attempts: [ok(32_400, 30_000)] } }), // the first run pulled the image
      record('r2', 2, { a: { attempts: [ok(2500, 500)] } }),
      record('r3', 3, { a: { attempts: [ok(2400, 400)] } }),
    ];
    // Weights 3 (2000), 2 (2100), 1 (32000): the weight splits in half between the cached runs.
    expect(estimatesFromHistory(records, { startOverhead: 400 }).get('a')!.ms).toBe(2050);
  });

  it('a retry the run needed is in that run\'s sample; the median leaves out a rare one', () => {
    const flaky = (run: string, at: number) => record(run, at, { t: { attempts: [{ n: 1, result: 'failed', duration: 1400 }, { n: 2, result: 'succeeded', duration: 2400 }] } });
    const clean = (run: string, at: number) => record(run, at, { t: { attempts: [ok(2400)] } });
    // Fails once in every run: planned as both attempts, 1400 + 2400 − 400.
    expect(estimatesFromHistory([flaky('r1', 1), flaky('r2', 2), flaky('r3', 3)], { startOverhead: 400 }).get('t')).toEqual({ kind: 'task', ms: 3400, runs: 3 });
    // Once in five runs: the median is a clean run.
    const rare = [clean('r1', 1), clean('r2', 2), flaky('r3', 3), clean('r4', 4), clean('r5', 5)];
    expect(estimatesFromHistory(rare, { startOverhead: 400 }).get('t')!.ms).toBe(2000);
    // A run whose attempts all failed is still no sample.
    expect(estimatesFromHistory([record('r1', 1, { t: { attempts: [{ n: 1, result: 'failed', duration: 1400 }] } })], { startOverhead: 400 }).has('t')).toBe(false);
  });

  it('never goes below zero for an attempt shorter than the start cost', () => {
    expect(estimatesFromHistory([record('r1', 1, { a: { attempts: [ok(250, 100)] } })], { startOverhead: 400 }).get('a')!.ms).toBe(0);
  });

  it('orders records by time, not by the order given, and counts each unit id on its own (matrix expansions)', () => {
    const records = [
      record('new', 9, { 't[n=1]': { attempts: [ok(1400, 400)] } }),
      record('old', 1, { 't[n=1]': { attempts: [ok(9400, 400)] }, 't[n=2]': { attempts: [ok(3400, 400)] } }),
    ];
    const e = estimatesFromHistory(records, { startOverhead: 400 });
    expect(e.get('t[n=1]')).toEqual({ kind: 'task', ms: 1000, runs: 2 });
    expect(e.get('t[n=2]')).toEqual({ kind: 'task', ms: 3000, runs: 1 });
  });

  it('a unit that never succeeded has no estimate (the file\'s or the default is used)', () => {
    const e = estimatesFromHistory([record('r', 1, { bad: { attempts: [{ n: 1, result: 'failed', duration: 10 }] } })], { startOverhead: 400 });
    expect(e.has('bad')).toBe(false);
  });

  it('services: start to healthy, less the start cost; never-healthy starts are not samples', () => {
    const records = [
      record('r1', 1, { db: { kind: 'service', attempts: [{ n: 1, result: 'healthy', healthy: 3400, duration: 20_000 }] } }),
      record('r2', 2, { db: { kind: 'service', attempts: [{ n: 1, result: 'unhealthy', duration: 60_000 }] } }),
    ];
    expect(estimatesFromHistory(records, { startOverhead: 400 }).get('db')).toEqual({ kind: 'service', ms: 3000, runs: 1 });
  });

  it('a unit id whose kind changed keeps the newest kind\'s samples only', () => {
    const records = [record('r1', 1, { x: { kind: 'task', attempts: [ok(5400, 400)] } }), record('r2', 2, { x: { kind: 'service', attempts: [{ n: 1, result: 'healthy', healthy: 1400 }] } })];
    expect(estimatesFromHistory(records, { startOverhead: 400 }).get('x')).toEqual({ kind: 'service', ms: 1000, runs: 1 });
  });
});

describe('parseHistoryLine', () => {
  it('reads a valid record and refuses garbage, truncated lines, other versions and absurd numbers', () => {
    const line = JSON.stringify(record('r', 1, { a: { attempts: [ok(10, 1)] } }));
    expect(parseHistoryLine(line)?.units.a.attempts[0]).toEqual(ok(10, 1));
    expect(parseHistoryLine(line.slice(0, -3))).toBeUndefined();
    expect(parseHistoryLine('garbage')).toBeUndefined();
    expect(parseHistoryLine('null')).toBeUndefined();
    expect(parseHistoryLine(line.replace('"v":1', '"v":2'))).toBeUndefined();
    expect(parseHistoryLine(line.replace('"at":"', '"at":"x'))).toBeUndefined();
    // A bad attempt or unit is dropped alone.
    const bad = parseHistoryLine(JSON.stringify({ v: 1, run: 'r', at: '2025-01-01T00:00:00Z', units: { a: { kind: 'task', attempts: [{ n: 1, result: 'succeeded', duration: -5 }, ok(7)] }, b: { kind: 'weird', attempts: [] } } }));
    expect(bad?.units).toEqual({ a: { kind: 'task', attempts: [ok(7)] } });
    // `__proto__` as a unit id is just an id.
    const proto = parseHistoryLine('{"v":1,"run":"r","at":"2025-01-01T00:00:00Z","units":{"__proto__":{"kind":"task","attempts":[{"n":1,"result":"succeeded","duration":5}]}}}');
    expect(Object.keys(proto!.units)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });
});

describe('withEstimates, estimateSource and the plan', () => {
  const YAML = `version: 1
defaults: { image: busybox, cpus: 1, memory: 64Mi }
services:
  db: { image: busybox, run: "sleep 100", health: { run: "true" } }
tasks:
  build: { run: "true", estimate: 2m }
  lint: { run: "true" }
  test: { needs: [build, db], run: "true", estimate: 5s }
`;

  it('says where each estimate comes from: history, estimate: or the default', () => {
    const graph = withEstimates(graphOf(YAML), new Map([['build', { kind: 'task' as const, ms: 4200, runs: 7 }]]));
    expect(estimateSource(graph.byId.get('build')!)).toEqual({ source: 'history', ms: 4200, runs: 7, text: '4.2s, median of 7 runs' });
    expect(estimateSource(graph.byId.get('test')!)).toEqual({ source: 'estimate', ms: 5000, text: 'estimate: 5s' });
    expect(estimateSource(graph.byId.get('lint')!)).toEqual({ source: 'default', ms: 10_000, text: 'default' });
    expect(estimateSource(graph.byId.get('db')!)).toEqual({ source: 'default', ms: 0, text: 'default' });
  });

  it('leaves the graph alone without estimates, and the units without one as they were', () => {
    const graph = graphOf(YAML);
    expect(withEstimates(graph, new Map())).toBe(graph);
    const next = withEstimates(graph, new Map([['build', { kind: 'task' as const, ms: 1, runs: 1 }], ['gone', { kind: 'task' as const, ms: 1, runs: 1 }]]));
    expect(next.byId.get('lint')).toBe(graph.byId.get('lint'));
    expect(next.byId.get('build')).not.toBe(graph.byId.get('build'));
    expect(graph.byId.get('build')!.estimate).toBe(120_000);
    // A unit of another kind is not given a service's figure.
    expect(withEstimates(graph, new Map([['lint', { kind: 'service' as const, ms: 1, runs: 1 }]]))).toBe(graph);
  });

  it('a service\'s time to healthy holds its dependents back in the plan, and lengthens the critical path', () => {
    const graph = graphOf(YAML);
    const before = plan(graph, CAPACITY);
    const slowDb = withEstimates(graph, new Map([['db', { kind: 'service' as const, ms: 150_000, runs: 3 }]]));
    const after = plan(slowDb, CAPACITY);
    const test0 = before.units.find((u) => u.id === 'test')!;
    const test1 = after.units.find((u) => u.id === 'test')!;
    // A service starts when its first dependent's task needs are done (build, 120 s + 0.4 s), and
    // the dependent waits for it to be healthy: before, at once (+ 0.4 s); now after 150 s + 0.4 s.
    expect(test0.start).toBe(120_800);
    expect(test1.start).toBe(270_800);
    expect(after.makespan - before.makespan).toBe(150_000);
    expect(after.lowerBound).toBeGreaterThan(before.lowerBound);
    expect(after.criticalPath).toContain('test');
  });

  it('history wins over estimate: in the plan, and over the default', () => {
    const graph = withEstimates(graphOf(YAML), new Map([['build', { kind: 'task' as const, ms: 1000, runs: 2 }], ['lint', { kind: 'task' as const, ms: 500, runs: 1 }]]));
    const p = plan(graph, CAPACITY, { startOverhead: 0 });
    const by = Object.fromEntries(p.units.map((u) => [u.id, u]));
    expect(by.build.end - by.build.start).toBe(1000);
    expect(by.lint.end - by.lint.start).toBe(500);
    expect(by.test.start).toBe(1000);
  });
});

describe('historyRecord: what a run\'s report gives the history', () => {
  it('keeps every ended attempt with its pull/create time, usage and result, and services\' time to healthy', () => {
    const r = historyRecord(
      {
        runId: 'run-1',
        units: [
          { id: 'db', kind: 'service', status: 'succeeded', start: 100, healthy: 1600, end: 9000, attempts: [] },
          { id: 'never', kind: 'service', status: 'skipped', attempts: [] },
          {
            id: 'a',
            kind: 'task',
            status: 'succeeded',
            attempts: [
              { number: 1, start: 0, end: 500, outcome: { status: 'failed' } },
              { number: 2, start: 1000, end: 4000, outcome: { status: 'succeeded', usage: { peakMemory: 1234, cpuSeconds: 0.51234 } } },
            ],
          },
          { id: 'skipped', kind: 'task', status: 'skipped', attempts: [] },
          { id: 'running', kind: 'task', status: 'cancelled', attempts: [{ number: 1, start: 0 }] },
        ],
      },
      new Map([['a#2', 1300]]),
      new Date('2025-02-03T04:05:06Z'),
    );
    expect(r).toEqual({
      v: 1,
      run: 'run-1',
      at: '2025-02-03T04:05:06.000Z',
      units: {
        db: { kind: 'service', attempts: [{ n: 1, result: 'healthy', healthy: 1500, duration: 8900 }] },
        a: {
          kind: 'task',
          attempts: [
            { n: 1, result: 'failed', duration: 500 },
            { n: 2, result: 'succeeded', duration: 3000, setup: 300, peakMemory: 1234, cpuSeconds: 0.512 },
          ],
        },
      },
    });
    // And it reads back as it was written.
    expect(parseHistoryLine(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(r)));
  });
});

describe('reports: predicted vs actual', () => {
  const doc = (predicted: boolean): RunDocument => ({
    gantry: 1,
    complete: true,
    runId: 'r',
    instance: 'i',
    file: 'gantry.yml',
    startedAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:10.000Z',
    capacity: CAPACITY,
    result: 'success',
    makespan: 6000,
    units: [
      {
        id: 'db', kind: 'service', name: 'db', status: 'succeeded', needs: [], cpus: 1, memory: 1, estimate: 10_000, allowFailure: false, attempts: [],
        start: 0, healthy: 1500, end: 6000,
        ...(predicted ? { predicted: { duration: 1400, source: 'history' as const, runs: 3, text: '1s, median of 3 runs' } } : {}),
      },
      {
        id: 'build', kind: 'task', name: 'build', status: 'succeeded', needs: [], cpus: 1, memory: 1, estimate: 4200, allowFailure: false,
        start: 1500, end: 6000,
        attempts: [{ number: 1, start: 1500, end: 2000, memory: 1, outcome: { status: 'failed' } }, { number: 2, start: 2000, end: 6000, memory: 1, outcome: { status: 'succeeded' } }],
        ...(predicted ? { predicted: { duration: 4600, source: 'history' as const, runs: 7, text: '4.2s, median of 7 runs' } } : {}),
      },
    ],
  });

  it('report.md and report.html list each unit\'s prediction, its source and what it took', () => {
    const md = renderMarkdown(doc(true));
    expect(md).toContain('### Predicted vs actual');
    expect(md).toContain('| db \\(service, to healthy\\) | 1.4s | 1.5s | 1s, median of 3 runs |');
    expect(md).toContain('| build | 4.6s | 4s | 4.2s, median of 7 runs |');
    const html = renderHtml(doc(true));
    expect(html).toContain('<h2>Predicted vs actual</h2>');
    expect(html).toContain('<td>build</td><td>4.6s</td><td>4s</td><td>4.2s, median of 7 runs</td>');
  });

  it('older documents (no predictions kept) render as before', () => {
    expect(renderMarkdown(doc(false))).not.toContain('Predicted vs actual');
    expect(renderHtml(doc(false))).not.toContain('Predicted vs actual');
  });
});
