/**
 * Layered layout of the DAG for the preview, left to right (time flows the same way in the Gantt
 * below it). Pure: no DOM, so it is tested in Node.
 *
 * The classic Sugiyama pipeline, kept small:
 *   1. layers by longest path from the sources (a unit sits one layer right of its latest need);
 *   2. edges spanning several layers get a dummy node in each layer they cross, so they route
 *      between nodes instead of through them;
 *   3. crossing reduction: alternate sweeps ordering each layer by the barycentre of its neighbours
 *      in the previous layer, keeping the best order seen (crossings counted exactly);
 *   4. vertical placement: each node pulled toward its neighbours, never closer than the gap;
 *   5. edges as cubic curves through their dummies.
 * Cycles (only in files with errors, which the preview does not draw) cannot hang it: an edge
 * that closes a cycle is ignored.
 */

export interface DagInput {
  id: string;
  /** Ids this node waits for; unknown ids are ignored. */
  needs: readonly string[];
}

export interface LayoutOptions {
  /** Width of a node box. Default 152. */
  nodeWidth?: number;
  /** Height of a node box. Default 28. */
  nodeHeight?: number;
  /** Horizontal space between layers. Default 56. */
  layerGap?: number;
  /** Vertical space between two nodes of a layer. Default 12. */
  nodeGap?: number;
  /** Crossing-reduction sweeps (each one down and one up). Default 12. */
  sweeps?: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutNode {
  id: string;
  layer: number;
  /** Position within its layer, top to bottom (dummies counted). */
  order: number;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  /** From the middle of the source's right side, through the dummies, to the target's left side. */
  points: Point[];
}

export interface DagLayout {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  /** Real node ids per layer, in order. */
  layers: string[][];
  width: number;
  height: number;
  /** Edge crossings left after crossing reduction. */
  crossings: number;
}

interface Vertex {
  id: string;
  real: boolean;
  layer: number;
  height: number;
  preds: Vertex[];
  succs: Vertex[];
  /** Index within its layer. */
  pos: number;
  y: number;
}

export function layoutDag(input: readonly DagInput[], options: LayoutOptions = {}): DagLayout {
  const steps = layoutSteps(input, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same layout without blocking a page: computed in slices of about `sliceMs` of work, each in
 * its own task (a 2,000-task graph takes seconds on a slow machine; the webview must keep
 * answering meanwhile). Resolves undefined once `cancelled()` says so (a newer graph arrived).
 */
export function layoutDagInSlices(input: readonly DagInput[], options: LayoutOptions = {}, sliceMs = 16, cancelled: () => boolean = () => false): Promise<DagLayout | undefined> {
  const steps = layoutSteps(input, options);
  return new Promise((resolve, reject) => {
    const slice = () => {
      if (cancelled()) return resolve(undefined);
      try {
        const until = performance.now() + sliceMs;
        for (;;) {
          const step = steps.next();
          if (step.done) return resolve(step.value);
          if (performance.now() >= until) break;
        }
      } catch (error) {
        return reject(error);
      }
      setTimeout(slice, 0);
    };
    slice();
  });
}

/** The pipeline as a generator: it yields after each piece of work of about one layer. */
function* layoutSteps(input: readonly DagInput[], options: LayoutOptions): Generator<void, DagLayout> {
  const nodeWidth = options.nodeWidth ?? 152;
  const nodeHeight = options.nodeHeight ?? 28;
  const layerGap = options.layerGap ?? 56;
  const nodeGap = options.nodeGap ?? 12;
  const sweeps = options.sweeps ?? 12;

  const layerOf = longestPathLayers(input);
  const vertices = new Map<string, Vertex>();
  for (const node of input) {
    if (vertices.has(node.id)) continue;
    vertices.set(node.id, { id: node.id, real: true, layer: layerOf.get(node.id) ?? 0, height: nodeHeight, preds: [], succs: [], pos: 0, y: 0 });
  }
  let layerCount = 0;
  for (const v of vertices.values()) layerCount = Math.max(layerCount, v.layer + 1);
  const layers: Vertex[][] = Array.from({ length: layerCount }, () => []);
  for (const v of vertices.values()) layers[v.layer].push(v);

  // Edges, with a chain of dummies for every layer an edge crosses.
  const chains: { from: string; to: string; path: Vertex[] }[] = [];
  const seen = new Set<string>();
  for (const node of input) {
    const target = vertices.get(node.id)!;
    for (const need of node.needs) {
      const source = vertices.get(need);
      const key = `${need}\u0000${node.id}`;
      if (!source || source === target || seen.has(key) || source.layer >= target.layer) continue;
      seen.add(key);
      const path = [source];
      for (let layer = source.layer + 1; layer < target.layer; layer++) {
        const dummy: Vertex = { id: `${key}\u0000${layer}`, real: false, layer, height: 0, preds: [], succs: [], pos: 0, y: 0 };
        layers[layer].push(dummy);
        path.push(dummy);
      }
      path.push(target);
      for (let i = 1; i < path.length; i++) {
        path[i - 1].succs.push(path[i]);
        path[i].preds.push(path[i - 1]);
      }
      chains.push({ from: need, to: node.id, path });
    }
  }

  yield;
  const crossings = yield* reduceCrossings(layers, sweeps);
  yield* placeVertically(layers, nodeGap);

  const pitch = nodeWidth + layerGap;
  const nodes: LaidOutNode[] = [];
  for (const layer of layers) {
    for (const v of layer) {
      if (v.real) nodes.push({ id: v.id, layer: v.layer, order: v.pos, x: v.layer * pitch, y: v.y - v.height / 2, width: nodeWidth, height: v.height });
    }
  }
  const edges: LaidOutEdge[] = chains.map(({ from, to, path }) => ({
    from,
    to,
    points: path.map((v, i) => {
      const left = v.layer * pitch;
      // A dummy is a point in the middle of its layer's column; real ends attach at the box sides.
      if (!v.real) return { x: left + nodeWidth / 2, y: v.y };
      return { x: i === 0 ? left + nodeWidth : left, y: v.y };
    }),
  }));
  // Loops, not Math.max(...spread): a big file has more vertices than a call has arguments.
  const height = layers.flat().reduce((max, v) => Math.max(max, v.y + v.height / 2), 0);
  return {
    nodes,
    edges,
    layers: layers.map((layer) => layer.filter((v) => v.real).map((v) => v.id)),
    width: layerCount === 0 ? 0 : layerCount * pitch - layerGap,
    height,
    crossings,
  };
}

/**
 * Layer of each node: 0 for nodes without (known) needs, otherwise one more than the deepest need.
 * Iterative DFS, so deep chains do not overflow the stack; an edge back into the current path
 * (a cycle) is skipped.
 */
export function longestPathLayers(input: readonly DagInput[]): Map<string, number> {
  const needsOf = new Map<string, readonly string[]>();
  for (const node of input) if (!needsOf.has(node.id)) needsOf.set(node.id, node.needs);
  const layer = new Map<string, number>();
  const onPath = new Set<string>();
  for (const root of needsOf.keys()) {
    if (layer.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    onPath.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const needs = needsOf.get(top.id)!;
      if (top.next < needs.length) {
        const need = needs[top.next++];
        if (needsOf.has(need) && !layer.has(need) && !onPath.has(need)) {
          onPath.add(need);
          stack.push({ id: need, next: 0 });
        }
        continue;
      }
      let depth = 0;
      for (const need of needs) {
        const l = layer.get(need);
        if (l !== undefined) depth = Math.max(depth, l + 1);
      }
      layer.set(top.id, depth);
      onPath.delete(top.id);
      stack.pop();
    }
  }
  return layer;
}

/** Orders each layer to reduce crossings; returns the crossings of the order kept. */
function* reduceCrossings(layers: Vertex[][], sweeps: number): Generator<void, number> {
  const renumber = (layer: Vertex[]) => layer.forEach((v, i) => (v.pos = i));
  layers.forEach(renumber);
  let best = layers.map((layer) => [...layer]);
  let bestCrossings = yield* totalCrossings(layers);
  // Sweeps that find nothing better in a row: past a few, more rarely do (and big graphs pay for each).
  let stalled = 0;
  for (let sweep = 0; sweep < sweeps && bestCrossings > 0 && stalled < 3; sweep++) {
    for (let i = 1; i < layers.length; i++) {
      orderByBarycentre(layers[i], (v) => v.preds);
      yield;
    }
    for (let i = layers.length - 2; i >= 0; i--) {
      orderByBarycentre(layers[i], (v) => v.succs);
      yield;
    }
    const crossings = yield* totalCrossings(layers);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = layers.map((layer) => [...layer]);
      stalled = 0;
    } else stalled++;
  }
  best.forEach((layer, i) => {
    layers[i] = layer;
    renumber(layer);
  });
  return bestCrossings;
}

/** Stable sort by the mean position of the neighbours; a node without any keeps its place. */
function orderByBarycentre(layer: Vertex[], neighbours: (v: Vertex) => Vertex[]): void {
  const keyed = layer.map((v) => {
    const ns = neighbours(v);
    return { v, key: ns.length === 0 ? v.pos : ns.reduce((sum, n) => sum + n.pos, 0) / ns.length };
  });
  keyed.sort((a, b) => a.key - b.key || a.v.pos - b.v.pos);
  keyed.forEach(({ v }, i) => {
    layer[i] = v;
    v.pos = i;
  });
}

function* totalCrossings(layers: Vertex[][]): Generator<void, number> {
  let total = 0;
  for (let i = 0; i + 1 < layers.length; i++) {
    total += crossingsBetween(layers[i]);
    yield;
  }
  return total;
}

/**
 * Crossings between a layer and the next one: edges sorted by their upper end, then the number of
 * inversions among their lower ends (Barth, Jünger & Mutzel's bilayer count, with a Fenwick tree).
 */
function crossingsBetween(upper: readonly Vertex[]): number {
  const ends: number[] = [];
  let size = 0;
  for (const v of [...upper].sort((a, b) => a.pos - b.pos)) {
    const lower = v.succs.map((s) => s.pos).sort((a, b) => a - b);
    ends.push(...lower);
    for (const p of lower) size = Math.max(size, p + 1);
  }
  const tree = new Array<number>(size + 1).fill(0);
  let crossings = 0;
  let inserted = 0;
  for (const end of ends) {
    // Count the ends already inserted that lie strictly below this one (greater position).
    let atOrAbove = 0;
    for (let i = end + 1; i > 0; i -= i & -i) atOrAbove += tree[i];
    crossings += inserted - atOrAbove;
    for (let i = end + 1; i <= size; i += i & -i) tree[i]++;
    inserted++;
  }
  return crossings;
}

/**
 * Vertical positions (centres): each vertex moves toward the mean of its neighbours, then the layer
 * is packed top to bottom so neighbours stay at least `gap` apart. A few rounds settle it.
 */
function* placeVertically(layers: Vertex[][], gap: number): Generator<void, void> {
  const separation = (a: Vertex, b: Vertex) => (a.height + b.height) / 2 + gap;
  for (const layer of layers) {
    let y = 0;
    layer.forEach((v, i) => {
      y = i === 0 ? v.height / 2 : y + separation(layer[i - 1], v);
      v.y = y;
    });
  }
  for (let round = 0; round < 4; round++) {
    for (const layer of round % 2 === 0 ? layers : [...layers].reverse()) {
      const desired = layer.map((v) => {
        const ns = [...v.preds, ...v.succs];
        return ns.length === 0 ? v.y : ns.reduce((sum, n) => sum + n.y, 0) / ns.length;
      });
      packLayer(layer, desired, separation);
      yield;
    }
  }
  // Whole pixels for crisp lines; rounding must not bring two nodes closer than the gap.
  for (const layer of layers) {
    layer.forEach((v, i) => (v.y = i === 0 ? Math.round(v.y) : Math.max(Math.round(v.y), layer[i - 1].y + separation(layer[i - 1], v))));
  }
  const top = layers.flat().reduce((min, v) => Math.min(min, v.y - v.height / 2), Infinity);
  for (const v of layers.flat()) v.y -= top;
}

/** Places a layer as close to `desired` as its order and the separation allow. */
function packLayer(layer: Vertex[], desired: number[], separation: (a: Vertex, b: Vertex) => number): void {
  if (layer.length === 0) return;
  // Down pass: each at its wish or just below its upper neighbour.
  layer.forEach((v, i) => (v.y = i === 0 ? desired[0] : Math.max(desired[i], layer[i - 1].y + separation(layer[i - 1], v))));
  // Shift the whole layer up by the mean overshoot, then restore the separation bottom up.
  const overshoot = layer.reduce((sum, v, i) => sum + (v.y - desired[i]), 0) / layer.length;
  for (let i = layer.length - 1; i >= 0; i--) {
    const v = layer[i];
    const wish = v.y - overshoot;
    v.y = i === layer.length - 1 ? wish : Math.min(wish, layer[i + 1].y - separation(v, layer[i + 1]));
  }
}

/** SVG path data for an edge: a smooth cubic curve through the points, horizontal at each one. */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const r = (n: number) => Math.round(n * 10) / 10;
  let d = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const mx = (a.x + b.x) / 2;
    d += ` C${r(mx)},${r(a.y)} ${r(mx)},${r(b.y)} ${r(b.x)},${r(b.y)}`;
  }
  return d;
}

// The Gantt's time axis (here because it is pure too): round steps, in seconds.
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600].map((s) => s * 1000);

/** Tick times for an axis from 0 to `end` ms: round steps, about `count` of them. */
export function timeTicks(end: number, count = 8): number[] {
  if (!(end > 0)) return [0];
  const step = STEPS.find((s) => end / s <= count) ?? Math.ceil(end / count / 3_600_000) * 3_600_000;
  const ticks: number[] = [];
  for (let t = 0; t <= end + 1e-9; t += step) ticks.push(t);
  return ticks;
}
