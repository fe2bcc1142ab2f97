import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { edgePath, layoutDag, layoutDagInSlices, longestPathLayers, timeTicks, type DagInput, type DagLayout } from '../extension/src/client/webview/layout';
import { unitsAtLine } from '../extension/src/client/cursor-unit';
import { formatBytes, formatClock, formatDuration } from '../core/format';

const dag = (spec: Record<string, string[]>): DagInput[] => Object.entries(spec).map(([id, needs]) => ({ id, needs }));

function overlaps(layout: DagLayout): [string, string][] {
  const found: [string, string][] = [];
  for (const a of layout.nodes) {
    for (const b of layout.nodes) {
      if (a.id >= b.id) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) found.push([a.id, b.id]);
    }
  }
  return found;
}

/** Random DAGs: each node may need any earlier node. */
const dags = fc
  .array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 40 })
  .map((rows) => rows.map((picks, i) => ({ id: `n${i}`, needs: i === 0 ? [] : [...new Set(picks.map((p) => `n${p % i}`))] })));

describe('preview layout', () => {
  it('puts each node one layer right of its deepest need (longest path)', () => {
    const layout = layoutDag(dag({ build: [], lint: [], test: ['build'], e2e: ['test'], deploy: ['e2e', 'lint', 'build'] }));
    expect(layout.layers).toEqual([['build', 'lint'], ['test'], ['e2e'], ['deploy']]);
    const x = new Map(layout.nodes.map((n) => [n.id, n.x]));
    expect(x.get('build')).toBeLessThan(x.get('test')!);
    expect(x.get('e2e')).toBeLessThan(x.get('deploy')!);
  });

  it('routes an edge that skips layers through one bend point per crossed layer', () => {
    const layout = layoutDag(dag({ a: [], b: ['a'], c: ['b'], d: ['c', 'a'] }));
    const long = layout.edges.find((e) => e.from === 'a' && e.to === 'd')!;
    expect(long.points).toHaveLength(4); // a, a dummy in the layers of b and c, d
    const short = layout.edges.find((e) => e.from === 'c' && e.to === 'd')!;
    expect(short.points).toHaveLength(2);
  });

  it('removes crossings that the input order creates', () => {
    // In file order the edges a→y and b→x cross; ordering by barycentre untangles them.
    const layout = layoutDag(dag({ a: [], b: [], x: ['b'], y: ['a'] }));
    expect(layout.crossings).toBe(0);
    const y = new Map(layout.nodes.map((n) => [n.id, n.y]));
    expect(Math.sign(y.get('a')! - y.get('b')!)).toBe(Math.sign(y.get('y')! - y.get('x')!));
  });

  it('reduces the crossings of a tangled bipartite graph to zero', () => {
    const layout = layoutDag(dag({ a: [], b: [], c: [], d: [], p: ['d'], q: ['c'], r: ['b'], s: ['a'] }));
    expect(layout.crossings).toBe(0);
  });

  it('never overlaps two boxes, keeps edges left to right and inside the drawing', () => {
    fc.assert(
      fc.property(dags, (input) => {
        const layout = layoutDag(input);
        expect(overlaps(layout)).toEqual([]);
        expect(layout.nodes).toHaveLength(input.length);
        const layer = new Map(layout.nodes.map((n) => [n.id, n.layer]));
        for (const node of input) for (const need of node.needs) expect(layer.get(need)!).toBeLessThan(layer.get(node.id)!);
        for (const edge of layout.edges) {
          for (let i = 1; i < edge.points.length; i++) expect(edge.points[i].x).toBeGreaterThan(edge.points[i - 1].x);
        }
        for (const n of layout.nodes) {
          expect(n.x).toBeGreaterThanOrEqual(0);
          expect(n.y).toBeGreaterThanOrEqual(0);
          expect(n.x + n.width).toBeLessThanOrEqual(layout.width + 1e-6);
          expect(n.y + n.height).toBeLessThanOrEqual(layout.height + 1e-6);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('survives a cycle and a missing need instead of hanging', () => {
    const layers = longestPathLayers(dag({ a: ['c'], b: ['a'], c: ['b'], d: ['nowhere'] }));
    expect([...layers.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(overlaps(layoutDag(dag({ a: ['c'], b: ['a'], c: ['b'] })))).toEqual([]);
  });

  it('lays out a long chain without overflowing the stack', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({ id: `t${i}`, needs: i === 0 ? [] : [`t${i - 1}`] }));
    expect(longestPathLayers(chain).get('t19999')).toBe(19_999);
  });

  it('lays out in slices (the webview stays responsive) to the same layout, and stops when cancelled', async () => {
    const graph = Array.from({ length: 300 }, (_, i) => ({ id: `t${i}`, needs: i < 20 ? [] : [`t${(i * 7) % (i - i % 20)}`, `t${(i * 13) % (i - i % 20)}`] }));
    let slices = 0;
    const sliced = await layoutDagInSlices(graph, {}, 0, () => (slices++, false));
    expect(sliced).toEqual(layoutDag(graph));
    // A slice of 0 ms does one piece of work: many slices, each its own task.
    expect(slices).toBeGreaterThan(20);
    let asked = 0;
    expect(await layoutDagInSlices(graph, {}, 0, () => ++asked > 3)).toBeUndefined();
  });

  it('draws edges as cubic curves that start and end at the given points', () => {
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 20 }])).toBe('M0,0 C5,0 5,20 10,20');
  });
});

describe('preview formats', () => {
  it('prints clock times, durations, sizes and round ticks', () => {
    expect([formatClock(12_000), formatClock(185_000), formatClock(3_723_000)]).toEqual(['0:12', '3:05', '1:02:03']);
    expect([formatDuration(850), formatDuration(20_000), formatDuration(90_000), formatDuration(7_500_000)]).toEqual(['850ms', '20s', '1m30s', '2h5m']);
    expect([formatBytes(512 * 1024 ** 2), formatBytes(1.5 * 1024 ** 3)]).toEqual(['512Mi', '1.5Gi']);
    expect(timeTicks(95_000)).toEqual([0, 15_000, 30_000, 45_000, 60_000, 75_000, 90_000]);
  });
});

describe('cursor → preview highlight', () => {
  const text = `version: 1
services:
  db:
    image: postgres
tasks:
  build:
    image: busybox
    # a comment at the key's depth still belongs to build

  test:
    matrix:
      shard: [1, 2]
    needs: [build]
volumes:
  cache: {}
`.split('\n');
  const units = [
    { id: 'db', name: 'db', line: 2, character: 2 },
    { id: 'build', name: 'build', line: 5, character: 2 },
    { id: 'test[shard=1]', name: 'test', line: 9, character: 2 },
    { id: 'test[shard=2]', name: 'test', line: 9, character: 2 },
  ];
  const at = (line: number) => unitsAtLine(units, (l) => text[l] ?? '', line);

  it('finds the unit whose block holds the cursor, every matrix expansion of it', () => {
    expect(at(3)).toEqual(['db']);
    expect(at(5)).toEqual(['build']);
    expect(at(8)).toEqual(['build']);
    expect(at(12)).toEqual(['test[shard=1]', 'test[shard=2]']);
  });

  it('finds none above the first unit or in the sections after the last', () => {
    expect(at(0)).toEqual([]);
    expect(at(4)).toEqual([]);
    expect(at(13)).toEqual([]);
    expect(at(14)).toEqual([]);
  });
});
