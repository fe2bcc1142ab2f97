/**
 * `needs`: every entry names a task or service (`needs-unknown`), not the task itself
 * (`needs-self`), and the needs form no cycle (`cycle`). A name listed twice is the parser's
 * `duplicate-need` (it keeps one).
 */
import type { Diagnostic } from '../diagnostics';
import type { NameRef, UnitSpec } from '../model';
import { suggest } from '../suggest';
import type { CheckContext } from './context';
import { removeListEntryFix } from './edits';
import { DescribeUnit } from './ranges';

/**
 * Did-you-mean compares a name with every candidate; past this many unknown names in one file
 * (a generated file gone wrong), messages go without suggestions so validation stays fast.
 */
export const MAX_SUGGESTIONS = 100;

export function checkNeeds(ctx: CheckContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let suggestions = 0;
  const { all, needStart, needTarget } = ctx;
  for (let i = 0; i < all.length; i++) {
    const spec = all[i];
    for (let j = 0; j < spec.needs.length; j++) {
      const need = spec.needs[j];
      if (need.name === spec.name) {
        diagnostics.push({
          code: 'needs-self',
          message: `${DescribeUnit(spec)} needs itself, so it could never start. Remove "${need.name}" from its needs.`,
          severity: 'error',
          range: need.range,
          fixes: removeFix(ctx, spec, need),
        });
      } else if (needTarget[needStart[i] + j] < 0) {
        const volume = ctx.volumes.has(need.name);
        // Never suggest the task itself: that would only turn one error into another.
        const candidates =
          suggestions++ < MAX_SUGGESTIONS && !volume ? [...ctx.indexOf.keys()].filter((name) => name !== spec.name) : [];
        const guess = suggest(need.name, candidates);
        diagnostics.push({
          code: 'needs-unknown',
          message: volume
            ? `"${need.name}" is a volume; needs name tasks and services. Mount the volume with volumes: ["${need.name}:/path"] instead.`
            : `${DescribeUnit(spec)} needs "${need.name}", but there is no task or service of that name.` +
              (guess ? ` Did you mean "${guess}"?` : ''),
          severity: 'error',
          range: need.range,
          fixes: guess ? [{ title: `Change to "${guess}"`, range: need.range, newText: guess }] : undefined,
        });
      }
    }
  }
  if (!ctx.needsPointBack) diagnostics.push(...findCycles(ctx));
  return diagnostics;
}

function removeFix(ctx: CheckContext, spec: UnitSpec, need: NameRef) {
  return ctx.source ? [removeListEntryFix(`Remove "${need.name}" from the needs of "${spec.name}"`, ctx.source, need.range)] : undefined;
}

interface Edge {
  to: number;
  ref: NameRef;
}

/**
 * One `cycle` diagnostic per strongly connected component of the needs graph (Tarjan's algorithm,
 * iterative so a 100,000-long chain cannot overflow the stack), naming one whole cycle of it and
 * placed at the need that closes that cycle. Self-needs are `needs-self` and not repeated here.
 * Linear in tasks + needs.
 */
function findCycles(ctx: CheckContext): Diagnostic[] {
  const { all: specs, needStart, needTarget } = ctx;
  const edges: Edge[][] = specs.map((spec, i) => {
    const out: Edge[] = [];
    spec.needs.forEach((ref, j) => {
      const to = needTarget[needStart[i] + j];
      if (to >= 0 && ref.name !== spec.name) out.push({ to, ref });
    });
    return out;
  });

  const n = specs.length;
  const order = new Int32Array(n).fill(-1); // discovery index, -1 = unvisited
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const next = new Int32Array(n); // next edge to explore, per node
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const call: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    call.push(root);
    while (call.length > 0) {
      const v = call[call.length - 1];
      if (next[v] < edges[v].length) {
        const w = edges[v][next[v]++].to;
        if (order[w] === -1) {
          order[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          call.push(w);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], order[w]);
        }
        continue;
      }
      call.pop();
      if (call.length > 0) {
        const parent = call[call.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === order[v]) {
        // A node alone is no cycle (self-needs are left out of the edges): no list for it.
        if (stack[stack.length - 1] === v) {
          stack.pop();
          onStack[v] = 0;
          continue;
        }
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component[w] = components.length;
          members.push(w);
        } while (w !== v);
        components.push(members);
      }
    }
  }

  const diagnostics: Diagnostic[] = [];
  const onPath = new Uint8Array(n);
  next.fill(0);
  components.forEach((members, id) => {
    // Start at the member written first, so the message reads in the file's order.
    let start = members[0];
    for (const m of members) if (m < start) start = m;
    const path: number[] = [start];
    onPath[start] = 1;
    // In a strongly connected component, the first node whose edges are exhausted would prove
    // the rest unreachable, so a back edge to the path is always found before any pop.
    while (path.length > 0) {
      const v = path[path.length - 1];
      const edge = edges[v][next[v]++];
      if (!edge) {
        onPath[v] = 0;
        path.pop();
        continue;
      }
      if (component[edge.to] !== id) continue;
      if (onPath[edge.to]) {
        const from = path.indexOf(edge.to);
        const names = [...path.slice(from), edge.to].map((i) => specs[i].name);
        diagnostics.push({
          code: 'cycle',
          message: `Dependency cycle: ${names.join(' → ')}. None of these can start; remove one of these needs.`,
          severity: 'error',
          range: edge.ref.range,
          fixes: removeFix(ctx, specs[v], edge.ref),
        });
        for (const i of path) onPath[i] = 0;
        return;
      }
      path.push(edge.to);
      onPath[edge.to] = 1;
    }
  });
  return diagnostics;
}
