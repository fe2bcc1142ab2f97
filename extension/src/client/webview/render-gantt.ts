/**
 * The predicted schedule: one row per unit on a shared time axis, the critical path highlighted and
 * each bar's slack drawn after it; below it, CPUs and memory in use over time against the capacity.
 */
import type { PreviewData } from '../../protocol';
import { describe, wireActivation } from './render-dag';
import { formatBytes, formatClock, formatCpuCount, formatCpus } from '../../../../core/format';
import { timeTicks } from './layout';
import { svg, tooltip, truncate } from './svg';
import type { UnitElements } from './units';

const LABEL_WIDTH = 168;
const ROW = 22;
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

export function renderGantt(data: PreviewData, axis: TimeAxis, units: UnitElements, onActivate: (id: string) => void): SVGSVGElement {
  const rows = [...data.units].sort((a, b) => a.start - b.start || a.end - b.end);
  const height = AXIS + rows.length * ROW + 4;
  const root = svg('svg', { class: 'gantt', width: axis.width, height, role: 'group', 'aria-label': 'Predicted schedule' });
  root.append(grid(axis, height, true));
  const bars = svg('g', { class: 'rows' });
  rows.forEach((unit, i) => {
    const top = AXIS + i * ROW;
    const x0 = axis.x(unit.start);
    const x1 = Math.max(x0 + 2, axis.x(unit.end));
    const row = svg('g', { class: `row ${unit.kind}${unit.critical ? ' critical' : ''}`, tabindex: 0, role: 'button', 'data-id': unit.id, 'aria-label': `${unit.id}: ${describe(unit)}` }, [
      tooltip(`${unit.id} (${unit.kind})\n${describe(unit)}\n${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)} memory`),
      svg('rect', { class: 'row-band', x: 0, y: top, width: axis.width, height: ROW }),
      svg('text', { class: 'label', x: 8, y: top + ROW / 2 + 4 }, [truncate(unit.id, 24)]),
      !unit.critical && unit.slack > 0 && svg('line', { class: 'slack', x1, x2: axis.x(unit.end + unit.slack), y1: top + ROW / 2, y2: top + ROW / 2 }),
      svg('rect', { class: 'bar', x: x0, y: top + (ROW - BAR) / 2, width: x1 - x0, height: BAR, rx: 3 }),
    ]);
    units.add(unit.id, row);
    bars.append(row);
  });
  root.append(bars);
  wireActivation(bars, onActivate);
  return root;
}

/** CPUs or memory in use over time (a step function) with the capacity as a dashed line. */
export function renderUsage(data: PreviewData, axis: TimeAxis, resource: 'cpus' | 'memory'): SVGSVGElement {
  const capacity = data.capacity?.[resource] ?? 0;
  const peak = data.profile.reduce((max, p) => Math.max(max, p[resource]), 0);
  const top = Math.max(capacity, peak, 1e-9);
  const format = resource === 'cpus' ? formatCpus : formatBytes;
  const y = (v: number) => 6 + (1 - v / top) * (CHART - 12);
  const points = [...data.profile].sort((a, b) => a.t - b.t);
  let d = `M${axis.x(0)},${y(0)}`;
  let level = 0;
  for (const p of points) {
    d += ` H${axis.x(p.t)} V${y(p[resource])}`;
    level = p[resource];
  }
  d += ` H${axis.x(data.makespan ?? axis.end)} V${y(0)}`;
  if (level !== 0) d += ' Z';
  const name = resource === 'cpus' ? 'CPUs' : 'Memory';
  const root = svg('svg', { class: `usage ${resource}`, width: axis.width, height: CHART, role: 'img', 'aria-label': `${name} in use over time: peak ${format(peak)} of ${format(capacity)}` });
  root.append(
    grid(axis, CHART, false),
    svg('text', { class: 'label', x: 8, y: 20 }, [name]),
    svg('text', { class: 'detail', x: 8, y: 36 }, [`peak ${format(peak)} of ${format(capacity)}`]),
    svg('path', { class: 'area', d }),
  );
  if (capacity > 0) {
    root.append(svg('line', { class: 'capacity', x1: axis.x(0), x2: axis.x(axis.end), y1: y(capacity), y2: y(capacity) }, [tooltip(`capacity: ${format(capacity)}`)]));
  }
  return root;
}

function grid(axis: TimeAxis, height: number, labels: boolean): SVGGElement {
  const g = svg('g', { class: 'grid' });
  for (const t of timeTicks(axis.end)) {
    const x = axis.x(t);
    g.append(svg('line', { x1: x, x2: x, y1: labels ? AXIS - 4 : 0, y2: height }));
    if (labels) g.append(svg('text', { x, y: AXIS - 8, 'text-anchor': t === 0 ? 'start' : 'middle' }, [formatClock(t)]));
  }
  return g;
}
