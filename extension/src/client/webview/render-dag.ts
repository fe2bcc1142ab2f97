/**
 * The DAG: units as boxes in layers, needs as curves, the critical path highlighted — in a
 * viewport that pans (drag, wheel, arrow keys) and zooms (Ctrl+wheel, the buttons, + and −),
 * drawing only the boxes and curves in view, so a graph of thousands of units costs what a screen
 * of it costs. Zoomed far out, boxes lose their text (it would be unreadable anyway).
 */
import type { PreviewData, PreviewUnit } from '../../protocol';
import { formatBytes, formatClock, formatCpuCount, formatDuration } from '../../../../core/format';
import { edgePath, type DagLayout, type LaidOutNode } from './layout';
import { html, svg, tooltip, truncate } from './svg';
import type { UnitElements } from './units';
import { nodeLabels, type NodeLabels } from './nodes';

export const NODE_WIDTH = 160;
export const NODE_HEIGHT = 38;
const MARGIN = 8;
/** Default zoom floor for a graph wider than the panel: labels stay readable, the rest is panned to. */
const READABLE = 0.65;
const MIN_SCALE = 0.15;
const MAX_SCALE = 2;
/** Below this zoom boxes are drawn without their second line; below TEXTLESS without any text. */
const DETAILED = 0.45;
const TEXTLESS = 0.3;
/** Layout units drawn around the visible part, so a small pan needs no drawing. */
const OVERDRAW = 160;

export interface ViewBox {
  /** Layout coordinates of the viewport's top-left corner, and the zoom (screen px per layout px). */
  x: number;
  y: number;
  scale: number;
}

export interface DagView {
  element: HTMLElement;
  /** Dims the units `keep` rejects (undefined: none dimmed). */
  filter(keep: ((unit: PreviewUnit) => boolean) | undefined): void;
  /** Pans so the unit's box is in view (not when it already is). */
  reveal(id: string): void;
  view(): ViewBox;
}

export function renderDag(
  data: PreviewData,
  layout: DagLayout,
  available: { width: number; height: number },
  units: UnitElements,
  onActivate: (id: string) => void,
  initial?: ViewBox,
): DagView {
  const byId = new Map(data.units.map((u) => [u.id, u]));
  const nodes = nodeLabels(data);
  const criticalEdges = new Set<string>();
  const path = data.criticalPath ?? [];
  for (let i = 1; i < path.length; i++) criticalEdges.add(`${path[i - 1]}\u0000${path[i]}`);
  const nodeAt = new Map(layout.nodes.map((n) => [n.id, n]));
  const edgeBoxes = layout.edges.map((edge) => {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of edge.points) {
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x);
      y1 = Math.max(y1, p.y);
    }
    return { x0, y0, x1, y1 };
  });

  const graphWidth = layout.width + 2 * MARGIN;
  const graphHeight = layout.height + 2 * MARGIN;
  const width = Math.max(240, Math.floor(available.width));
  const fit = Math.min(width / graphWidth, available.height / graphHeight);
  const minScale = Math.min(1, Math.max(MIN_SCALE, fit));
  let view: ViewBox = initial ? { ...initial, scale: clamp(initial.scale, minScale, MAX_SCALE) } : { x: -MARGIN, y: -MARGIN, scale: Math.min(1, Math.max(READABLE, width / graphWidth)) };
  // As tall as the graph at the starting zoom, up to what the panel gives.
  const height = Math.max(120, Math.min(Math.ceil(graphHeight * view.scale), Math.floor(available.height)));
  if (!initial && !fitsAt(view.scale)) {
    // A graph bigger than its window starts where the critical path does (its top-left corner can
    // be empty space): that box at the left, in the middle of the height.
    const start = nodeAt.get(path[0] ?? '') ?? layout.nodes[0];
    if (start) view = { ...view, y: Math.max(-MARGIN, start.y + start.height / 2 - height / 2 / view.scale) };
  }
  function fitsAt(scale: number): boolean {
    return graphWidth * scale <= width + 1 && graphHeight * scale <= Math.floor(available.height) + 1;
  }
  const fits = () => graphWidth * view.scale <= width + 1 && graphHeight * view.scale <= height + 1;

  const root = svg('svg', { class: 'dag', width, height, role: 'group', 'aria-label': 'Tasks and their needs' });
  root.append(
    svg('defs', {}, [
      svg('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' }, [svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' })]),
      svg('marker', { id: 'arrow-critical', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' }, [svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead critical' })]),
    ]),
  );
  const edgesLayer = svg('g', { class: 'edges' });
  const nodesLayer = svg('g', { class: 'nodes' });
  root.append(edgesLayer, nodesLayer);

  const zoomLabel = html('span', { class: 'zoom-level', 'aria-live': 'polite' });
  const button = (label: string, title: string, action: () => void) => {
    const b = html('button', { type: 'button', class: 'zoom-button', title, 'aria-label': title }, [label]);
    b.addEventListener('click', action);
    return b;
  };
  const controls = html('div', { class: 'dag-controls' }, [
    button('−', 'Zoom out (Ctrl+wheel, −)', () => zoomBy(1 / 1.25)),
    zoomLabel,
    button('+', 'Zoom in (Ctrl+wheel, +)', () => zoomBy(1.25)),
    button('Fit', 'Show the whole graph', () => setView({ x: -MARGIN, y: -MARGIN, scale: minScale })),
    html('span', { class: 'hint' }, [`${layout.nodes.length} units · drag or wheel to pan`]),
  ]);
  const viewport = html('div', { class: 'dag-viewport', tabindex: 0, 'aria-label': 'The graph: arrow keys pan, + and − zoom' }, [root]);
  const element = html('div', { class: 'dag-view' }, [controls, viewport]);

  let keep: ((unit: PreviewUnit) => boolean) | undefined;
  let drawnDetail = -1;
  const drawnNodes = new Map<string, SVGGElement>();
  const drawnEdges = new Map<number, SVGPathElement>();

  function draw(): void {
    const w = width / view.scale;
    const h = height / view.scale;
    root.setAttribute('viewBox', `${round(view.x)} ${round(view.y)} ${round(w)} ${round(h)}`);
    zoomLabel.textContent = `${Math.round(view.scale * 100)}%`;
    const detail = view.scale >= DETAILED ? 2 : view.scale >= TEXTLESS ? 1 : 0;
    if (detail !== drawnDetail) {
      units.dropWithin(nodesLayer);
      nodesLayer.replaceChildren();
      edgesLayer.replaceChildren();
      drawnNodes.clear();
      drawnEdges.clear();
      drawnDetail = detail;
    }
    const [x0, y0, x1, y1] = [view.x - OVERDRAW, view.y - OVERDRAW, view.x + w + OVERDRAW, view.y + h + OVERDRAW];
    const wanted = new Set<string>();
    for (const node of layout.nodes) {
      if (node.x + node.width < x0 || node.x > x1 || node.y + node.height < y0 || node.y > y1) continue;
      wanted.add(node.id);
      if (!drawnNodes.has(node.id)) {
        const g = nodeElement(node, byId.get(node.id)!, detail, nodes);
        drawnNodes.set(node.id, g);
        nodesLayer.append(g);
        units.add(node.id, g);
        if (keep) g.classList.toggle('dimmed', !keep(byId.get(node.id)!));
      }
    }
    for (const [id, g] of drawnNodes) {
      if (wanted.has(id)) continue;
      units.dropWithin(g);
      g.remove();
      drawnNodes.delete(id);
    }
    layout.edges.forEach((edge, i) => {
      const box = edgeBoxes[i];
      const inView = !(box.x1 < x0 || box.x0 > x1 || box.y1 < y0 || box.y0 > y1);
      const drawn = drawnEdges.get(i);
      if (inView && !drawn) {
        const critical = criticalEdges.has(`${edge.from}\u0000${edge.to}`);
        const p = svg('path', { d: edgePath(edge.points), class: critical ? 'edge critical' : 'edge', 'marker-end': critical ? 'url(#arrow-critical)' : 'url(#arrow)', 'data-from': edge.from, 'data-to': edge.to });
        if (keep) p.classList.toggle('dimmed', !(keep(byId.get(edge.from)!) && keep(byId.get(edge.to)!)));
        drawnEdges.set(i, p);
        edgesLayer.append(p);
      } else if (!inView && drawn) {
        drawn.remove();
        drawnEdges.delete(i);
      }
    });
  }

  let pending = false;
  function setView(next: ViewBox): void {
    const scale = clamp(next.scale, minScale, MAX_SCALE);
    const w = width / scale;
    const h = height / scale;
    // Keep some of the graph in view: never pan past its edges by more than the viewport.
    const x = clamp(next.x, -MARGIN - w / 2, Math.max(-MARGIN, graphWidth - MARGIN - w / 2));
    const y = clamp(next.y, -MARGIN - h / 2, Math.max(-MARGIN, graphHeight - MARGIN - h / 2));
    view = { x, y, scale };
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  }
  /** Zooms keeping the layout point under (sx, sy) (screen px in the viewport; default its centre) in place. */
  function zoomBy(factor: number, sx = width / 2, sy = height / 2): void {
    const scale = clamp(view.scale * factor, minScale, MAX_SCALE);
    const px = view.x + sx / view.scale;
    const py = view.y + sy / view.scale;
    setView({ x: px - sx / scale, y: py - sy / scale, scale });
  }

  viewport.addEventListener(
    'wheel',
    (event) => {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const rect = root.getBoundingClientRect();
        zoomBy(Math.exp(-event.deltaY * 0.002), event.clientX - rect.left, event.clientY - rect.top);
      } else if (!fits()) {
        // The graph is bigger than its window: the wheel moves through it (the page has room beside it).
        event.preventDefault();
        const dx = event.shiftKey ? event.deltaY : event.deltaX;
        const dy = event.shiftKey ? 0 : event.deltaY;
        setView({ ...view, x: view.x + dx / view.scale, y: view.y + dy / view.scale });
      }
    },
    { passive: false },
  );
  let drag: { x: number; y: number; view: ViewBox; moved: boolean; pointer: number } | undefined;
  viewport.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, view, moved: false, pointer: event.pointerId };
  });
  viewport.addEventListener('pointermove', (event) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) viewport.setPointerCapture(event.pointerId);
    drag.moved = true;
    viewport.classList.add('panning');
    setView({ ...drag.view, x: drag.view.x - dx / drag.view.scale, y: drag.view.y - dy / drag.view.scale });
  });
  const endDrag = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.pointer) return;
    const moved = drag.moved;
    drag = undefined;
    viewport.classList.remove('panning');
    // A drag is not a click on the box it ended on.
    if (moved) viewport.addEventListener('click', (e) => e.stopPropagation(), { capture: true, once: true });
  };
  viewport.addEventListener('pointerup', endDrag);
  viewport.addEventListener('pointercancel', endDrag);
  viewport.addEventListener('keydown', (event) => {
    if (event.target !== viewport) return;
    const step = 80 / view.scale;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) {
      event.preventDefault();
      setView({ ...view, x: view.x + moves[event.key][0], y: view.y + moves[event.key][1] });
    } else if (event.key === '+' || event.key === '=') zoomBy(1.25);
    else if (event.key === '-') zoomBy(1 / 1.25);
  });
  wireActivation(nodesLayer, onActivate);

  setView(view);
  draw();
  return {
    element,
    filter(next) {
      keep = next;
      for (const [id, g] of drawnNodes) g.classList.toggle('dimmed', !!keep && !keep(byId.get(id)!));
      for (const [i, p] of drawnEdges) {
        const e = layout.edges[i];
        p.classList.toggle('dimmed', !!keep && !(keep(byId.get(e.from)!) && keep(byId.get(e.to)!)));
      }
    },
    reveal(id) {
      const node = nodeAt.get(id);
      if (!node) return;
      const w = width / view.scale;
      const h = height / view.scale;
      if (node.x >= view.x && node.x + node.width <= view.x + w && node.y >= view.y && node.y + node.height <= view.y + h) return;
      setView({ ...view, x: node.x + node.width / 2 - w / 2, y: node.y + node.height / 2 - h / 2 });
    },
    view: () => view,
  };
}

function nodeElement(node: LaidOutNode, unit: PreviewUnit, detail: number, nodes: NodeLabels | undefined): SVGGElement {
  return svg('g', {
    class: `node ${unit.kind}${unit.critical ? ' critical' : ''}${unit.cached !== undefined ? ' cached' : ''}${unit.lastStatus === 'failed' ? ' failed' : ''}`,
    transform: `translate(${node.x},${node.y})`,
    tabindex: 0,
    role: 'button',
    'data-id': unit.id,
    'aria-label': `${unit.id}: ${describe(unit)}${unit.lastStatus === 'failed' ? ', failed in the last run' : ''}. Press Enter to show its definition.`,
  }, [
    tooltip(facts(unit, nodes)),
    svg('rect', { width: node.width, height: node.height, rx: 4 }),
    detail > 0 && svg('text', { x: 8, y: detail > 1 ? 15 : 24, class: 'label' }, [truncate(unit.id, 21)]),
    detail > 1 && svg('text', { x: 8, y: 30, class: 'detail' }, [`${formatClock(unit.start)} · ${formatDuration(unit.end - unit.start)}${unit.critical ? ' · critical' : ''}`]),
  ]);
}

export function describe(unit: PreviewUnit): string {
  const timing = `starts ${formatClock(unit.start)}, ends ${formatClock(unit.end)} (${formatDuration(unit.end - unit.start)})`;
  const slack = unit.critical ? 'on the critical path' : `slack ${formatDuration(unit.slack)}`;
  return `${timing}, ${slack}`;
}

/** A unit's facts, for its tooltip: what it is, when, how much, what it waits for. */
export function facts(unit: PreviewUnit, nodes?: NodeLabels): string {
  const needs = unit.needs.length === 0 ? 'needs nothing' : `needs ${unit.needs.slice(0, 8).join(', ')}${unit.needs.length > 8 ? ` and ${unit.needs.length - 8} more` : ''}`;
  // The file's last run beside the prediction ("last run 4.1s · predicted 3.8s"), when there was one.
  const lastRun = unit.lastRun ? `\n${unit.lastRun}` : '';
  const cached = unit.cached !== undefined ? `\ncached if the image is unchanged (from run ${unit.cached})` : '';
  // Its figure and where it came from ("estimate 4.2s (median of 7 earlier runs)").
  const estimate = unit.estimate !== undefined ? `\n${unit.estimate}` : '';
  // Where it would run, on several nodes ("node: worker-1", "node: manager (pinned: …)").
  const where = nodes?.describe(unit);
  const node = where ? `\n${where}` : '';
  return `${unit.id} (${unit.kind})\n${describe(unit)}${estimate}${lastRun}${cached}${node}\n${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)} memory\n${needs}\nline ${unit.line + 1}`;
}

/** Click, Enter or Space on an element with `data-id` inside `container` activates that unit. */
export function wireActivation(container: Element, onActivate: (id: string) => void): void {
  const idOf = (target: EventTarget | null) => (target instanceof Element ? target.closest('[data-id]')?.getAttribute('data-id') : null);
  container.addEventListener('click', (event) => {
    const id = idOf(event.target);
    if (id) onActivate(id);
  });
  container.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key !== 'Enter' && key !== ' ') return;
    const id = idOf(event.target);
    if (!id) return;
    event.preventDefault();
    onActivate(id);
  });
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
