/**
 * The preview's DAG layout (extension/src/client/webview/layout.ts) against dagre (@dagrejs/dagre)
 * and ELK (elkjs, layered) on the same graphs, as issue 16 asks: the generated batch files of
 * bench/lsp/generate.ts at 200 and 2,000 tasks, expanded as `gantry plan` expands them.
 *
 *   npx tsx bench/editor/layouts.ts [sizes, default 200,2000]
 *
 * Same boxes (160×38, as the preview draws them), left to right, 56 px between layers, 12 between
 * boxes. Measured alike for all three, on the drawn edges as polylines through their bend points:
 * - crossings: pairs of edge segments that cross (touching at a shared box does not count);
 * - area: the bounding box, and how much of it the boxes fill (the rest is empty space);
 * - time: the median of 3 runs in this process (Node, the webview's engine family).
 */
import dagre from '@dagrejs/dagre';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge } from 'elkjs/lib/elk-api';
import { validate } from '../../core/validate';
import { generateBatchFile } from '../lsp/generate';
import { layoutDag, type DagInput } from '../../extension/src/client/webview/layout';

const W = 160;
const H = 38;
const RANK_GAP = 56;
const NODE_GAP = 12;

interface Point {
  x: number;
  y: number;
}
interface Drawn {
  boxes: { x: number; y: number }[]; // top-left corners
  edges: Point[][];
}

function ours(graph: DagInput[]): Drawn {
  const layout = layoutDag(graph, { nodeWidth: W, nodeHeight: H, layerGap: RANK_GAP, nodeGap: NODE_GAP });
  return { boxes: layout.nodes.map((n) => ({ x: n.x, y: n.y })), edges: layout.edges.map((e) => e.points) };
}

function withDagre(graph: DagInput[]): Drawn {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(graph.map((n) => n.id));
  for (const n of graph) g.setNode(n.id, { width: W, height: H });
  for (const n of graph) for (const need of n.needs) if (ids.has(need)) g.setEdge(need, n.id);
  dagre.layout(g);
  return {
    boxes: g.nodes().map((id) => {
      const n = g.node(id);
      return { x: n.x - W / 2, y: n.y - H / 2 };
    }),
    edges: g.edges().map((e) => g.edge(e).points ?? []),
  };
}

async function withElk(graph: DagInput[]): Promise<Drawn> {
  const elk = new ELK();
  const ids = new Set(graph.map((n) => n.id));
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(RANK_GAP),
      'elk.spacing.nodeNode': String(NODE_GAP),
      'elk.spacing.edgeNode': '6',
    },
    children: graph.map((n) => ({ id: n.id, width: W, height: H })),
    edges: graph.flatMap((n) => n.needs.filter((need) => ids.has(need)).map((need, i) => ({ id: `${need}->${n.id}#${i}`, sources: [need], targets: [n.id] }))),
  });
  return {
    boxes: (result.children ?? []).map((c) => ({ x: c.x ?? 0, y: c.y ?? 0 })),
    edges: ((result.edges ?? []) as ElkExtendedEdge[]).map((e) => (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint])),
  };
}

/** Proper crossings between segments of different edges, found per 100-px column of x. */
function crossings(edges: Point[][]): number {
  type Seg = { a: Point; b: Point; edge: number };
  const buckets = new Map<number, Seg[]>();
  edges.forEach((points, edge) => {
    for (let i = 1; i < points.length; i++) {
      const seg = { a: points[i - 1], b: points[i], edge };
      const [x0, x1] = [Math.min(seg.a.x, seg.b.x), Math.max(seg.a.x, seg.b.x)];
      for (let c = Math.floor(x0 / 100); c <= Math.floor(x1 / 100); c++) {
        const list = buckets.get(c);
        if (list) list.push(seg);
        else buckets.set(c, [seg]);
      }
    }
  });
  const seen = new Set<string>();
  const ids = new Map<Seg, number>();
  let next = 0;
  const id = (s: Seg) => ids.get(s) ?? (ids.set(s, next++), next - 1);
  for (const list of buckets.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [s, t] = [list[i], list[j]];
        if (s.edge === t.edge || !cross(s.a, s.b, t.a, t.b)) continue;
        const [p, q] = [id(s), id(t)];
        seen.add(p < q ? `${p},${q}` : `${q},${p}`);
      }
    }
  }
  return seen.size;
}

function cross(p1: Point, p2: Point, p3: Point, p4: Point): boolean {
  const d = (a: Point, b: Point, c: Point) => (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  const [d1, d2, d3, d4] = [d(p3, p4, p1), d(p3, p4, p2), d(p1, p2, p3), d(p1, p2, p4)];
  // Strictly on opposite sides both ways: segments that share an end (one box) do not cross.
  return d1 * d2 < -1e-6 && d3 * d4 < -1e-6;
}

function area(drawn: Drawn): { width: number; height: number; filled: number } {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of drawn.boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + W);
    y1 = Math.max(y1, b.y + H);
  }
  const width = x1 - x0;
  const height = y1 - y0;
  return { width, height, filled: (drawn.boxes.length * W * H) / (width * height) };
}

const sizes = (process.argv[2] ?? '200,2000').split(',').map(Number);
console.log('| tasks (units, needs) | layout | crossings | area (w × h px) | filled by boxes | time (median of 3) |');
console.log('| --- | --- | ---: | --- | ---: | ---: |');
for (const size of sizes) {
  const graph = validate(generateBatchFile(size)).graph!.units.map((u) => ({ id: u.id, needs: u.needs }));
  const needs = graph.reduce((n, u) => n + u.needs.length, 0);
  const engines: [string, (g: DagInput[]) => Drawn | Promise<Drawn>][] = [
    ['Gantry (layout.ts)', ours],
    ['dagre 3', withDagre],
    ['ELK layered 0.12', withElk],
  ];
  for (const [name, run] of engines) {
    const times: number[] = [];
    let drawn: Drawn | undefined;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      drawn = await run(graph);
      times.push(performance.now() - t);
    }
    const a = area(drawn!);
    const median = times.sort((x, y) => x - y)[1];
    console.log(`| ${size} (${graph.length}, ${needs}) | ${name} | ${crossings(drawn!.edges)} | ${Math.round(a.width)} × ${Math.round(a.height)} | ${(a.filled * 100).toFixed(0)} % | ${Math.round(median)} ms |`);
  }
}
