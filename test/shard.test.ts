/**
 * The shard partition (core/shard.ts): deterministic, every task in exactly one shard with what it
 * needs, balanced on the predicted makespan, critical path first.
 */
import { describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { parseShard, partition } from '../core/shard';

const graphOf = (text: string) => {
  const v = validate(text);
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return v.graph!;
};

const BATCH = [
  'version: 1',
  'defaults: { image: busybox, cpus: 1 }',
  'services:',
  '  db: { run: "true" }',
  'tasks:',
  '  build: { run: "true", estimate: 20s }',
  '  test:',
  '    needs: [build, db]',
  '    matrix: { n: [1, 2, 3, 4, 5, 6, 7, 8] }',
  '    run: "true"',
  '    estimate: 40s',
  '  lint: { run: "true", estimate: 90s }',
  '  docs: { run: "true", estimate: 5s }',
  '',
].join('\n');

describe('shard partition', () => {
  it('parses index/total', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, total: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
    for (const bad of ['0/4', '5/4', '2', '2/0', 'a/b', '1/999']) expect(parseShard(bad), bad).toBeUndefined();
  });

  it('gives every task to exactly one shard, with everything it needs', () => {
    const graph = graphOf(BATCH);
    const shards = partition(graph, 3);
    const given = shards.flatMap((s) => s.tasks).sort();
    expect(given).toEqual(graph.units.filter((u) => u.kind === 'task').map((u) => u.id).sort());
    for (const s of shards) {
      for (const id of s.runs) for (const need of graph.byId.get(id)!.needs) expect(s.runs, `${id} needs ${need}`).toContain(need);
    }
  });

  it('is the same on every runner: deterministic, whatever the order of the calls', () => {
    const a = partition(graphOf(BATCH), 4);
    const b = partition(graphOf(BATCH), 4);
    expect(b).toEqual(a);
  });

  it('balances the predicted makespan, the longest task first; shared needs run in each shard that needs them', () => {
    const shards = partition(graphOf(BATCH), 3, 2);
    // The 90 s lint comes first (longest chain) and gets a shard of its own work; the tests spread over the rest.
    expect(shards[0].tasks).toContain('lint');
    const predicted = shards.map((s) => s.predicted);
    expect(Math.max(...predicted) - Math.min(...predicted)).toBeLessThanOrEqual(40_000);
    const withTests = shards.filter((s) => s.tasks.some((t) => t.startsWith('test')));
    expect(withTests.length).toBeGreaterThan(1);
    for (const s of withTests) expect(s.shared).toEqual(expect.arrayContaining(['db', 'build']));
  });

  it('one shard runs everything', () => {
    const graph = graphOf(BATCH);
    const [only] = partition(graph, 1);
    expect(only.runs).toEqual(graph.units.map((u) => u.id));
    expect(only.shared).toEqual([]);
  });
});
