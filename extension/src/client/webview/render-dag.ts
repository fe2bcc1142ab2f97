/** The DAG: units as boxes in layers, needs as curves, the critical path highlighted. */
import type { PreviewData, PreviewUnit } from '../../protocol';
import { formatClock, formatDuration } from '../../../../core/format';
import { edgePath, layoutDag } from './layout';
import { svg, tooltip, truncate } from './svg';
import type { UnitElements } from './units';

const NODE_WIDTH = 160;
const NODE_HEIGHT = 38;
const MARGIN = 8;
const MIN_SCALE = 0.65;

/**
 * `available`: the width to fit; a wider graph is scaled down to fit it, but never below
 * MIN_SCALE (it scrolls then), so labels stay readable.
 */
export function renderDag(data: PreviewData, available: number, units: UnitElements, onActivate: (id: string) => void): SVGSVGElement {
  const layout = layoutDag(data.units, { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT });
  const byId = new Map(data.units.map((u) => [u.id, u]));
  const criticalEdges = new Set<string>();
  const path = data.criticalPath ?? [];
  for (let i = 1; i < path.length; i++) criticalEdges.add(`${path[i - 1]}\u0000${path[i]}`);

  const width = layout.width + 2 * MARGIN;
  const height = layout.height + 2 * MARGIN;
  const scale = Math.min(1, Math.max(MIN_SCALE, available / width));
  const root = svg('svg', { class: 'dag', width: Math.round(width * scale), height: Math.round(height * scale), viewBox: `${-MARGIN} ${-MARGIN} ${width} ${height}`, role: 'group', 'aria-label': 'Tasks and their needs' });
  root.append(
    svg('defs', {}, [
      svg('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' }, [svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' })]),
      svg('marker', { id: 'arrow-critical', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, markerUnits: 'userSpaceOnUse', orient: 'auto' }, [svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead critical' })]),
    ]),
  );

  const edges = svg('g', { class: 'edges' });
  for (const edge of layout.edges) {
    const critical = criticalEdges.has(`${edge.from}\u0000${edge.to}`);
    edges.append(svg('path', { d: edgePath(edge.points), class: critical ? 'edge critical' : 'edge', 'marker-end': critical ? 'url(#arrow-critical)' : 'url(#arrow)' }));
  }
  root.append(edges);

  const nodes = svg('g', { class: 'nodes' });
  for (const node of layout.nodes) {
    const unit = byId.get(node.id)!;
    const g = svg('g', {
      class: `node ${unit.kind}${unit.critical ? ' critical' : ''}`,
      transform: `translate(${node.x},${node.y})`,
      tabindex: 0,
      role: 'button',
      'data-id': unit.id,
      'aria-label': `${unit.id}: ${describe(unit)}. Press Enter to show its definition.`,
    }, [
      tooltip(`${unit.id} (${unit.kind})\n${describe(unit)}`),
      svg('rect', { width: node.width, height: node.height, rx: 4 }),
      svg('text', { x: 8, y: 15, class: 'label' }, [truncate(unit.id, 21)]),
      svg('text', { x: 8, y: 30, class: 'detail' }, [`${formatClock(unit.start)} · ${formatDuration(unit.end - unit.start)}${unit.critical ? ' · critical' : ''}`]),
    ]);
    units.add(unit.id, g);
    nodes.append(g);
  }
  root.append(nodes);
  wireActivation(nodes, onActivate);
  return root;
}

export function describe(unit: PreviewUnit): string {
  const timing = `starts ${formatClock(unit.start)}, ends ${formatClock(unit.end)} (${formatDuration(unit.end - unit.start)})`;
  const slack = unit.critical ? 'on the critical path' : `slack ${formatDuration(unit.slack)}`;
  return `${timing}, ${slack}`;
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
