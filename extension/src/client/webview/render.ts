/**
 * The whole preview page for one PreviewData: summary, a toolbar (filter by name, the critical
 * path, or — when the file's last run had failures — the units that failed in it; a legend), the DAG and the Gantt, each in a window of its own that scrolls or pans, and the
 * capacity charts right below them. While the file has errors: every problem (up to the cap the
 * server sends), each a button that reveals its place in the editor, above the last schedule
 * without errors, dimmed and marked stale — or above nothing, when there has been none yet.
 *
 * Messages, names and codes are the user's text: they go into the page as text nodes only.
 */
import type { PreviewData, PreviewNode, PreviewProblem, PreviewUnit } from '../../protocol';
import { formatBytes, formatCapacity, formatClock, formatCpuCount } from '../../../../core/format';
import { nodeLabels, type NodeLabels } from './nodes';
import { layoutDag, layoutDagInSlices, type DagLayout } from './layout';
import { NODE_HEIGHT, NODE_WIDTH, renderDag, type DagView, type ViewBox } from './render-dag';
import { renderGantt, renderUsage, timeAxis, type GanttView } from './render-gantt';
import { buildRows, keepOf, ranFailed, type RowFilter } from './rows';
import { html } from './svg';
import { UnitElements } from './units';

/** Up to this many units the graph is laid out at once; beyond, in slices while the page stays responsive. */
const LAYOUT_AT_ONCE = 400;
/** Above this many units, matrix expansions start folded into one row each. */
export const FOLD_FROM = 30;

export interface Rendered {
  units: UnitElements;
  /** Brings the unit into view in both drawings. */
  reveal(id: string): void;
}

export interface Handlers {
  /** A unit was clicked. */
  unit: (id: string) => void;
  /** A problem was clicked. */
  problem: (range: PreviewProblem['range']) => void;
}

/** What the person set in the page, kept across redraws (each keystroke in the editor is one). */
export interface ViewState {
  filter: RowFilter;
  /** Matrix groups opened, by task name. */
  expanded: Set<string>;
  dag?: ViewBox;
  ganttTop: number;
}

export function newViewState(): ViewState {
  return { filter: { pattern: '', critical: false, failed: false }, expanded: new Set(), ganttTop: 0 };
}

/**
 * The last graph's layout, reused while the graph (ids and needs) stays the same: most keystrokes
 * change an estimate or a command, not the shape. One per webview (main.ts).
 */
export class Layouts {
  private key = '';
  private layout: DagLayout | undefined;
  private pending: { key: string; promise: Promise<DagLayout | undefined> } | undefined;
  private generation = 0;

  /** The layout of `units` now if it is known or small, else a promise of it (undefined if superseded). */
  get(units: readonly PreviewUnit[]): DagLayout | Promise<DagLayout | undefined> {
    const key = graphKey(units);
    if (key === this.key && this.layout) return this.layout;
    const options = { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT };
    if (units.length <= LAYOUT_AT_ONCE) {
      this.generation++;
      this.pending = undefined;
      return this.keep(key, layoutDag(units, options));
    }
    if (this.pending?.key === key) return this.pending.promise;
    const generation = ++this.generation;
    const promise = layoutDagInSlices(units, options, 12, () => generation !== this.generation).then((layout) => (layout && generation === this.generation ? this.keep(key, layout) : undefined));
    this.pending = { key, promise };
    return promise;
  }

  private keep(key: string, layout: DagLayout): DagLayout {
    this.key = key;
    this.layout = layout;
    this.pending = undefined;
    return layout;
  }
}

function graphKey(units: readonly PreviewUnit[]): string {
  let key = '';
  for (const u of units) key += `${u.id}\u0000${u.needs.join('\u0000')}\u0001`;
  return key;
}

export function render(root: HTMLElement, data: PreviewData, on: Handlers, state: ViewState = newViewState(), layouts = new Layouts()): Rendered {
  const units = new UnitElements();
  const nothing: Rendered = { units, reveal: () => undefined };
  const name = decodeURIComponent(data.uri.slice(data.uri.lastIndexOf('/') + 1));
  if (data.errors > 0) {
    const stale = data.stale !== undefined && data.units.length > 0;
    const problems = renderProblems(data, name, on, stale ? undefined : 'The schedule is shown once the file has no errors.');
    if (!stale) {
      root.replaceChildren(problems);
      return nothing;
    }
    const schedule = html('div', { class: 'stale-schedule' });
    root.replaceChildren(
      problems,
      html('div', { class: 'stale' }, [
        html('p', { class: 'stale-marker', role: 'note' }, [
          html('strong', {}, ['Stale:']),
          ' the schedule below is from before the current problems. It is redrawn once they are fixed.',
        ]),
        schedule,
      ]),
    );
    return renderSchedule(root, schedule, data, name, units, on, state, layouts);
  }
  if (data.units.length === 0) {
    root.replaceChildren(html('p', { class: 'status' }, [`${name} has no tasks yet.`]));
    return nothing;
  }
  // A fresh container per drawing: the listeners renderSchedule adds go with it (on `root` they
  // would pile up, one set per keystroke, each holding its data).
  const page = html('div', { class: 'schedule' });
  root.replaceChildren(page);
  return renderSchedule(root, page, data, name, units, on, state, layouts);
}

function renderProblems(data: PreviewData, name: string, on: Handlers, hint: string | undefined): HTMLElement {
  const count = `${data.errors} ${data.errors === 1 ? 'problem' : 'problems'}`;
  const problems = data.problems ?? [];
  const more = data.moreProblems ?? 0;
  return html('section', { class: 'problems', role: 'alert' }, [
    html('h1', {}, [`${name}: ${count}`]),
    problems.length > 0
      ? html(
          'ol',
          { class: 'problem-list', 'aria-label': 'Problems' },
          problems.map((problem) => {
            const { line, character } = problem.range.start;
            const where = `${line + 1}:${character + 1}`;
            const button = html('button', { type: 'button', class: `problem ${problem.severity}`, title: `Go to line ${line + 1}, column ${character + 1}` }, [
              html('span', { class: 'where' }, [where]),
              html('span', { class: 'severity' }, [problem.severity]),
              html('span', { class: 'text' }, [problem.message]),
              html('span', { class: 'code' }, [problem.code]),
            ]);
            button.addEventListener('click', () => on.problem(problem.range));
            return html('li', {}, [button]);
          }),
        )
      : data.message && html('p', { class: 'message' }, [data.message]),
    more > 0 && html('p', { class: 'more' }, [`and ${more} more — see the Problems panel`]),
    hint && html('p', { class: 'hint' }, [hint]),
  ]);
}

function renderSchedule(root: HTMLElement, into: HTMLElement, data: PreviewData, name: string, units: UnitElements, on: Handlers, state: ViewState, layouts: Layouts): Rendered {
  const width = Math.max(480, root.clientWidth);
  const axis = timeAxis(data, width);
  const critical = data.criticalPath ?? data.units.filter((u) => u.critical).map((u) => u.id);
  const capacity = data.capacity;
  const fold = data.units.length > FOLD_FROM;
  const windowHeight = Math.max(400, window.innerHeight || 800);
  const nodes = nodeLabels(data);

  // The failed filter is offered only when the last run had failures; set in an earlier drawing,
  // it waits (kept in `state`) for data that has some again.
  const failures = data.units.filter(ranFailed).length;
  const filterNow = (): RowFilter => ({ ...state.filter, failed: failures > 0 && state.filter.failed === true });
  const rows = () => buildRows(data.units, filterNow(), state.expanded, fold);

  // The toolbar: filter and legend.
  const search = html('input', { type: 'search', class: 'filter-input', placeholder: 'Filter by name (* matches any text)', 'aria-label': 'Filter units by name', spellcheck: 'false' });
  search.value = state.filter.pattern;
  const criticalOnly = html('input', { type: 'checkbox', class: 'filter-critical' });
  criticalOnly.checked = state.filter.critical;
  const run = data.lastRun;
  const failedWhy = run && `Only the ${failures} ${failures === 1 ? 'unit' : 'units'} that failed, ran out of memory, timed out or were killed in the last run: ${run.runId} (${run.result})`;
  const failedOnly = failures > 0 ? html('input', { type: 'checkbox', class: 'filter-failed', title: failedWhy }) : undefined;
  if (failedOnly) failedOnly.checked = state.filter.failed === true;
  const count = html('span', { class: 'filter-count', 'aria-live': 'polite' });
  const toolbar = html('div', { class: 'toolbar', role: 'search' }, [
    search,
    html('label', { class: 'filter-critical-label' }, [criticalOnly, ' critical path only']),
    failedOnly && html('label', { class: 'filter-failed-label', title: failedWhy }, [failedOnly, ` failed (last run) `, html('span', { class: 'failed-count' }, [`${failures}`])]),
    count,
    legend(fold && data.units.some((u) => u.kind === 'task' && u.id !== u.name), failures > 0),
    nodes && data.nodes && nodeLegend(data.nodes, nodes),
  ]);

  const dagSlot = html('div', { class: 'dag-slot' });
  let dag: DagView | undefined;
  const gantt: GanttView = renderGantt(axis, rows(), units, { unit: on.unit, toggle }, Math.round(windowHeight * 0.6), state.ganttTop, nodes);

  function toggle(group: string): void {
    if (state.expanded.has(group)) state.expanded.delete(group);
    else state.expanded.add(group);
    gantt.setRows(rows());
  }
  function applyFilter(): void {
    const shown = rows();
    gantt.setRows(shown);
    const keep = keepOf(filterNow());
    dag?.filter(keep);
    const matching = keep ? data.units.filter(keep).length : data.units.length;
    count.textContent = keep ? `${matching} of ${data.units.length} units` : `${data.units.length} units`;
  }
  let nextMatch = 0;
  search.addEventListener('input', () => {
    state.filter = { ...state.filter, pattern: search.value };
    nextMatch = 0;
    applyFilter();
  });
  // Enter: the next matching unit, brought into view in both drawings.
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    const keep = keepOf(filterNow());
    const matches = keep ? data.units.filter(keep) : [];
    if (matches.length === 0) return;
    const unit = matches[nextMatch++ % matches.length];
    reveal(unit.id);
    units.mark('found', [unit.id]);
  });
  criticalOnly.addEventListener('change', () => {
    state.filter = { ...state.filter, critical: criticalOnly.checked };
    applyFilter();
  });
  failedOnly?.addEventListener('change', () => {
    state.filter = { ...state.filter, failed: failedOnly.checked };
    applyFilter();
  });

  const drawDag = (layout: DagLayout) => {
    dag = renderDag(data, layout, { width: Math.max(240, root.clientWidth), height: Math.round(windowHeight * 0.45) }, units, on.unit, state.dag);
    dagSlot.replaceChildren(dag.element);
    dag.filter(keepOf(filterNow()));
    // The unit under the cursor, asked for while the graph was being laid out.
    if (revealLater) dag.reveal(revealLater);
  };
  let revealLater: string | undefined;
  const layout = layouts.get(data.units);
  if (layout instanceof Promise) {
    dagSlot.replaceChildren(html('p', { class: 'status laying-out' }, [`Laying out the graph of ${data.units.length} units…`]));
    void layout.then((done) => {
      // Drawn only if this page is still the one shown.
      if (done && dagSlot.isConnected) drawDag(done);
    });
  } else drawDag(layout);

  into.append(
    html('header', { class: 'summary' }, [
      html('h1', {}, [name]),
      html('p', {}, [
        html('span', { class: 'figure' }, [`${formatClock(data.makespan ?? 0)}`]),
        ' predicted',
        data.lowerBound !== undefined && ` · lower bound ${formatClock(data.lowerBound)}`,
        ` · ${data.units.length} ${data.units.length === 1 ? 'unit' : 'units'}`,
        capacity && ` · capacity ${formatCapacity(capacity)}`,
        data.nodes && data.nodes.length > 1 && ` on ${data.nodes.length} nodes`,
      ]),
      // A file on the swarm planned on this machine instead: why, in a line.
      data.engineNotice && html('p', { class: 'engine-notice', role: 'note' }, [data.engineNotice]),
      data.makespanWithoutCached !== undefined &&
        html('p', { class: 'cached-note' }, [
          html('span', { class: 'swatch cached' }),
          ` ${data.units.filter((u) => u.cached !== undefined).length} cached if their images are unchanged: ${formatClock(data.makespanWithoutCached)} without them`,
        ]),
      critical.length > 0 && html('p', { class: 'critical-path' }, [html('span', { class: 'swatch critical' }), ` critical path: ${critical.join(' → ')}`]),
    ]),
    toolbar,
    html('section', { class: 'dag-section', 'aria-label': 'Tasks and needs' }, [html('h2', {}, ['Tasks and needs']), dagSlot]),
    html('section', { class: 'gantt-section', 'aria-label': 'Predicted schedule' }, [
      html('h2', {}, ['Predicted schedule']),
      gantt.element,
      renderUsage(data, axis, 'cpus'),
      renderUsage(data, axis, 'memory'),
    ]),
  );
  applyFilter();

  // What the person set stays for the next redraw.
  const remember = () => {
    if (dag) state.dag = dag.view();
    state.ganttTop = gantt.scrollTop();
  };
  into.addEventListener('pointerup', remember);
  into.addEventListener('wheel', () => requestAnimationFrame(remember), { passive: true });
  into.addEventListener('scroll', remember, { capture: true, passive: true });
  into.addEventListener('keyup', remember);

  function reveal(id: string): void {
    if (dag) dag.reveal(id);
    else revealLater = id;
    if (!gantt.reveal(id)) {
      // Folded in a group: open it.
      const unit = data.units.find((u) => u.id === id);
      if (unit && fold && !state.expanded.has(unit.name) && unit.id !== unit.name) {
        state.expanded.add(unit.name);
        gantt.setRows(rows());
        gantt.reveal(id);
      }
    }
  }
  return { units, reveal };
}

/** Nodes the legend names; past them, how many more (the tooltips name every row's). */
const LEGEND_NODES = 12;

/** The swarm's nodes: each one's colour, name, cpus and memory, and which is home. */
function nodeLegend(list: readonly PreviewNode[], nodes: NodeLabels): HTMLElement {
  const shown = list.slice(0, LEGEND_NODES);
  return html('div', { class: 'legend nodes', 'aria-label': 'Nodes' }, [
    ...shown.map((node) =>
      html('span', { class: 'legend-item node-item', title: node.home ? 'the home node: the engine Gantry talks to; volumes and images built in the run live there' : node.name }, [
        html('span', { class: `swatch node-swatch ${nodes.colour(node.id)}`, 'aria-hidden': 'true' }),
        html('span', { class: 'node-name' }, [node.name]),
        ` ${formatCpuCount(node.cpus)}, ${formatBytes(node.memory)}${node.home ? ', home' : ''}`,
      ]),
    ),
    list.length > shown.length && html('span', { class: 'legend-item' }, [`and ${list.length - shown.length} more nodes`]),
  ]);
}

function legend(groups: boolean, failed: boolean): HTMLElement {
  const item = (swatch: string, text: string) => html('span', { class: 'legend-item' }, [html('span', { class: `swatch ${swatch}`, 'aria-hidden': 'true' }), text]);
  return html('div', { class: 'legend', 'aria-label': 'Legend' }, [
    item('task', 'task'),
    item('service', 'service'),
    item('build', 'image build'),
    item('critical', 'critical path'),
    item('slack', 'slack'),
    groups && item('group', 'matrix (click to list)'),
    failed && item('failed', 'failed in the last run'),
  ]);
}
