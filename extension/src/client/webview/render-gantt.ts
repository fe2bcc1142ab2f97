/**
 * The predicted schedule: one row per unit (matrix expansions folded into one row that opens on a
 * click) on a shared time axis that stays above the rows while they scroll; the critical path
 * highlighted and each bar's slack drawn after it. Only the rows in view are drawn, so ten
 * thousand rows cost what a screen of them costs. Below it, CPUs and memory in use over time
 * against the capacity.
 */
import type { PreviewData, PreviewUnit } from '../../protocol';
import { describe, facts, wireActivation } from './render-dag';
import { formatBytes, formatClock, formatCpus, formatDuration } from '../../../../core/format';
import { timeTicks } from './layout';
import { ranFailed, rowIds, visibleRange, type Row } from './rows';
import { html, svg, tooltip, truncate } from './svg';
import type { UnitElements } from './units';
import { nodesOf, type NodeLabels } from './nodes';

const LABEL_WIDTH = 168;
export const ROW = 22;
const BAR = 14;
const AXIS = 22;
const RIGHT = 16;
const CHART = 64;

export interface TimeAxis {
  x: (t: number) => number;
  end: number;
  width: number;
}

export function timeAxis(data: PreviewData, width: number): TimeAxis {
  const end = data.units.reduce((max, u) => Math.max(max, u.end + (u.critical ? 0 : u.slack)), Math.max(1, data.makespan ?? 0));
  const span = Math.max(80, width - LABEL_WIDTH - RIGHT);
  return { x: (t) => LABEL_WIDTH + (t / end) * span, end, width: LABEL_WIDTH + span + RIGHT };
}

export interface GanttView {
  element: HTMLElement;
  /** Shows these rows (after a filter or a group opened), keeping the scroll position. */
  setRows(rows: Row[]): void;
  /** Scrolls the row of the unit into view (not when it is); false when no row shows it. */
  reveal(id: string): boolean;
  scrollTop(): number;
}

export interface GanttHandlers {
  unit: (id: string) => void;
  /** A matrix group's row was clicked: open or close it. */
  toggle: (name: string) => void;
}

/**
 * `maxHeight`: the most the rows' window may take; `scrollTop`: where to start (a redraw keeps it);
 * `nodes`: on several nodes, each row's node (a coloured mark at its start and its name after the bar).
 */
export function renderGantt(axis: TimeAxis, initialRows: Row[], units: UnitElements, on: GanttHandlers, maxHeight: number, scrollTop = 0, nodes?: NodeLabels): GanttView {
  let rows = initialRows;
  const axisSvg = svg('svg', { class: 'gantt-axis', width: axis.width, height: AXIS, 'aria-hidden': 'true' }, [grid(axis, AXIS, AXIS, true)]);
  const body = svg('svg', { class: 'gantt', width: axis.width, role: 'group', 'aria-label': 'Predicted schedule' });
  const gridLayer = svg('g');
  const rowsLayer = svg('g', { class: 'rows' });
  body.append(gridLayer, rowsLayer);
  const scroller = html('div', { class: 'gantt-scroll' }, [body]);
  const empty = html('p', { class: 'status empty-rows' }, ['No unit matches the filter.']);
  const element = html('div', { class: 'gantt-view' }, [axisSvg, scroller, empty]);
  let viewportHeight = 0;

  function layoutRows(): void {
    const total = rows.length * ROW + 4;
    viewportHeight = Math.min(total, maxHeight);
    body.setAttribute('height', String(total));
    // The scroller's height is the svg's until it reaches the cap (CSS max-height), then it scrolls.
    scroller.classList.toggle('capped', total > maxHeight);
    gridLayer.replaceChildren(grid(axis, 0, total, false));
    empty.hidden = rows.length > 0;
  }

  let drawn = { first: 0, last: -1 };
  function draw(force = false): void {
    const range = visibleRange(rows.length, ROW, scroller.scrollTop, scroller.clientHeight || viewportHeight || maxHeight);
    if (!force && range.first === drawn.first && range.last === drawn.last) return;
    drawn = range;
    units.dropWithin(rowsLayer);
    const fragment = document.createDocumentFragment();
    for (let i = range.first; i <= range.last; i++) fragment.append(rowElement(rows[i], i, axis, units, nodes));
    rowsLayer.replaceChildren(fragment);
  }

  let pending = false;
  scroller.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  });
  rowsLayer.addEventListener('click', (event) => {
    const group = event.target instanceof Element ? event.target.closest('[data-group]') : null;
    if (group) on.toggle(group.getAttribute('data-group')!);
  });
  rowsLayer.addEventListener('keydown', (event) => {
    const group = event.target instanceof Element ? event.target.closest('[data-group]') : null;
    if (!group || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    on.toggle(group.getAttribute('data-group')!);
  });
  wireActivation(rowsLayer, on.unit);

  layoutRows();
  // The scroller has its size once it is in the page: draw then (and now, for what fits).
  draw(true);
  requestAnimationFrame(() => {
    scroller.scrollTop = scrollTop;
    draw(true);
  });
  return {
    element,
    setRows(next) {
      rows = next;
      layoutRows();
      draw(true);
    },
    reveal(id) {
      const index = rows.findIndex((r) => rowIds(r).includes(id));
      if (index < 0) return false;
      const top = index * ROW;
      if (top < scroller.scrollTop || top + ROW > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 2);
      draw();
      return true;
    },
    scrollTop: () => scroller.scrollTop,
  };
}

/** Width of one character of a node's tag (11 px text), to keep the tag inside the chart. */
const TAG_CHAR = 6.6;
const TAG_MAX = 16;

/**
 * The node of a row: a mark in its colour at the row's left edge, and its name (or "3 nodes" for
 * a matrix group spread over several) where there is room: after the bar and its slack, else
 * before the bar, else inside it at its end.
 */
function nodeTag(units: readonly PreviewUnit[], nodes: NodeLabels, top: number, x0: number, x1: number, slackEnd: number, axis: TimeAxis): SVGGElement | undefined {
  const on = nodesOf(units);
  if (!on) return undefined;
  const text = truncate('node' in on ? nodes.name(on.node) : `${on.count} nodes`, TAG_MAX);
  const colour = 'node' in on ? nodes.colour(on.node) : 'mixed';
  const width = text.length * TAG_CHAR;
  const after = Math.max(x1, slackEnd) + 6;
  const place =
    after + width <= axis.width - 2
      ? { x: after, anchor: 'start', where: 'after' }
      : x0 - 6 - width >= LABEL_WIDTH
        ? { x: x0 - 6, anchor: 'end', where: 'before' }
        : { x: x1 - 6, anchor: 'end', where: 'inside' };
  return svg('g', { class: `node-tag ${colour}`, 'aria-hidden': 'true' }, [
    svg('rect', { class: 'node-mark', x: 0, y: top + 3, width: 4, height: ROW - 6 }),
    svg('text', { class: `node-name ${place.where}`, x: place.x, y: top + ROW / 2 + 4, 'text-anchor': place.anchor }, [text]),
  ]);
}

function rowElement(row: Row, index: number, axis: TimeAxis, units: UnitElements, nodes: NodeLabels | undefined): SVGGElement {
  const top = index * ROW;
  const start = row.kind === 'unit' ? row.unit.start : row.start;
  const end = row.kind === 'unit' ? row.unit.end : row.end;
  const critical = row.kind === 'unit' ? row.unit.critical : row.critical;
  const slack = row.kind === 'unit' ? row.unit.slack : row.slack;
  const x0 = axis.x(start);
  const x1 = Math.max(x0 + 2, axis.x(end));
  const parts: (SVGElement | false)[] = [
    svg('rect', { class: 'row-band', x: 0, y: top, width: axis.width, height: ROW }),
    !critical && slack > 0 && svg('line', { class: 'slack', x1, x2: axis.x(end + slack), y1: top + ROW / 2, y2: top + ROW / 2 }),
    svg('rect', { class: 'bar', x: x0, y: top + (ROW - BAR) / 2, width: x1 - x0, height: BAR, rx: 3 }),
  ];
  const slackEnd = !critical && slack > 0 ? axis.x(end + slack) : x1;
  // Failed in the last run: a small mark at the row's right edge, one column to scan down.
  const failed = row.kind === 'unit' ? (ranFailed(row.unit) ? 1 : 0) : row.failed;
  if (failed > 0) parts.push(svg('path', { class: 'failed-mark', d: failedMark(axis.width - 9, top + ROW / 2), 'aria-hidden': 'true' }));
  const tag = nodes && nodeTag(row.kind === 'unit' ? [row.unit] : row.members, nodes, top, x0, x1, slackEnd, axis);
  if (row.kind === 'unit') {
    const { unit } = row;
    const where = nodes?.describe(unit);
    const g = svg('g', { class: `row ${unit.kind}${critical ? ' critical' : ''}${row.member ? ' member' : ''}${unit.cached !== undefined ? ' cached' : ''}${failed ? ' failed' : ''}`, tabindex: 0, role: 'button', 'data-id': unit.id, 'aria-label': `${unit.id}: ${describe(unit)}${where ? `, ${where}` : ''}${failed ? ', failed in the last run' : ''}` }, [
      tooltip(facts(unit, nodes)),
      ...parts,
      tag,
      svg('text', { class: 'label', x: row.member ? 22 : 8, y: top + ROW / 2 + 4 }, [truncate(row.member ? unit.id.slice(unit.name.length) : unit.id, row.member ? 22 : 24)]),
    ]);
    units.add(unit.id, g);
    return g;
  }
  const ids = rowIds(row);
  const label = `${row.name} ×${row.members.length}`;
  const g = svg('g', {
    class: `row group task${critical ? ' critical' : ''}${row.expanded ? ' expanded' : ''}${failed ? ' failed' : ''}`,
    tabindex: 0,
    role: 'button',
    'aria-expanded': String(row.expanded),
    'data-group': row.name,
    'data-ids': ids.join('\n'),
    'aria-label': `${label}: matrix of ${row.members.length}${failed ? `, ${failed} failed in the last run` : ''}. Press Enter to ${row.expanded ? 'fold' : 'list'} them.`,
  }, [
    tooltip(`${row.name}: matrix of ${row.members.length} (${row.expanded ? 'click to fold' : 'click to list them'})\nfrom ${formatClock(start)} to ${formatClock(end)} (${formatDuration(end - start)}), ${critical ? 'on the critical path' : `slack ${formatDuration(slack)}`}${failed ? `\n${failed} of ${row.members.length} failed in the last run` : ''}${groupNodes(row.members, nodes)}`),
    ...parts,
    tag,
    svg('text', { class: 'twisty', x: 8, y: top + ROW / 2 + 4 }, [row.expanded ? '▾' : '▸']),
    svg('text', { class: 'label', x: 22, y: top + ROW / 2 + 4 }, [truncate(label, 22)]),
  ]);
  units.add(ids, g);
  return g;
}

/** A small cross centred on (x, y): the failed mark. */
function failedMark(x: number, y: number): string {
  const r = 3.5;
  return `M${x - r},${y - r} L${x + r},${y + r} M${x + r},${y - r} L${x - r},${y + r}`;
}

/** `\nnodes: manager, worker` for a group's tooltip (at most 4 named). */
function groupNodes(members: readonly PreviewUnit[], nodes: NodeLabels | undefined): string {
  if (!nodes) return '';
  const names = [...new Set(members.flatMap((m) => (m.node === undefined ? [] : [nodes.name(m.node)])))];
  if (names.length === 0) return '';
  return `\n${names.length === 1 ? 'node' : 'nodes'}: ${names.slice(0, 4).join(', ')}${names.length > 4 ? ` and ${names.length - 4} more` : ''}`;
}

/** CPUs or memory in use over time (a step function) with the capacity as a dashed line. */
export function renderUsage(data: PreviewData, axis: TimeAxis, resource: 'cpus' | 'memory'): SVGSVGElement {
  const capacity = data.capacity?.[resource] ?? 0;
  const peak = data.profile.reduce((max, p) => Math.max(max, p[resource]), 0);
  const top = Math.max(capacity, peak, 1e-9);
  const format = resource === 'cpus' ? formatCpus : formatBytes;
  const y = (v: number) => 6 + (1 - v / top) * (CHART - 12);
  const points = [...data.profile].sort((a, b) => a.t - b.t);
  // One pixel column at most once: its highest level, then the level it ends at (tens of thousands
  // of changes in a big file would otherwise make a path longer than the chart is wide).
  let d = `M${axis.x(0)},${y(0)}`;
  let level = 0;
  let column = NaN;
  let high = 0;
  const flush = () => {
    if (Number.isNaN(column)) return;
    d += ` H${column} V${round1(y(high))}`;
    if (high !== level) d += ` V${round1(y(level))}`;
  };
  for (const p of points) {
    const x = Math.round(axis.x(p.t));
    if (x !== column) {
      flush();
      column = x;
      high = p[resource];
    } else high = Math.max(high, p[resource]);
    level = p[resource];
  }
  flush();
  d += ` H${axis.x(data.makespan ?? axis.end)} V${y(0)}`;
  if (level !== 0) d += ' Z';
  const name = resource === 'cpus' ? 'CPUs' : 'Memory';
  const root = svg('svg', { class: `usage ${resource}`, width: axis.width, height: CHART, role: 'img', 'aria-label': `${name} in use over time: peak ${format(peak)} of ${format(capacity)}` });
  root.append(
    grid(axis, 0, CHART, false),
    svg('text', { class: 'label', x: 8, y: 20 }, [name]),
    svg('text', { class: 'detail', x: 8, y: 36 }, [`peak ${format(peak)} of ${format(capacity)}`]),
    svg('path', { class: 'area', d }),
  );
  if (capacity > 0) {
    root.append(svg('line', { class: 'capacity', x1: axis.x(0), x2: axis.x(axis.end), y1: y(capacity), y2: y(capacity) }, [tooltip(`capacity: ${format(capacity)}`)]));
  }
  return root;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Tick lines from y0 to y1; with `labels`, the times above them (the axis). */
function grid(axis: TimeAxis, y0: number, y1: number, labels: boolean): SVGGElement {
  const g = svg('g', { class: 'grid' });
  for (const t of timeTicks(axis.end)) {
    const x = axis.x(t);
    g.append(svg('line', { x1: x, x2: x, y1: labels ? y1 - 4 : y0, y2: y1 }));
    if (labels) g.append(svg('text', { x, y: AXIS - 8, 'text-anchor': t === 0 ? 'start' : 'middle' }, [formatClock(t)]));
  }
  return g;
}
