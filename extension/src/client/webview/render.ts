/**
 * The whole preview page for one PreviewData: summary, DAG, Gantt and capacity. While the file has
 * errors: every problem (up to the cap the server sends), each a button that reveals its place in
 * the editor, above the last schedule without errors, dimmed and marked stale — or above nothing,
 * when there has been none yet.
 *
 * Messages, names and codes are the user's text: they go into the page as text nodes only.
 */
import type { PreviewData, PreviewProblem } from '../../protocol';
import { formatCapacity, formatClock } from '../../../../core/format';
import { renderDag } from './render-dag';
import { renderGantt, renderUsage, timeAxis } from './render-gantt';
import { html } from './svg';
import { UnitElements } from './units';

export interface Rendered {
  units: UnitElements;
}

export interface Handlers {
  /** A unit was clicked. */
  unit: (id: string) => void;
  /** A problem was clicked. */
  problem: (range: PreviewProblem['range']) => void;
}

export function render(root: HTMLElement, data: PreviewData, on: Handlers): Rendered {
  const units = new UnitElements();
  const name = decodeURIComponent(data.uri.slice(data.uri.lastIndexOf('/') + 1));
  if (data.errors > 0) {
    const stale = data.stale !== undefined && data.units.length > 0;
    const problems = renderProblems(data, name, on, stale ? undefined : 'The schedule is shown once the file has no errors.');
    if (!stale) {
      root.replaceChildren(problems);
      return { units };
    }
    root.replaceChildren(
      problems,
      html('div', { class: 'stale' }, [
        html('p', { class: 'stale-marker', role: 'note' }, [
          html('strong', {}, ['Stale:']),
          ' the schedule below is from before the current problems. It is redrawn once they are fixed.',
        ]),
        html('div', { class: 'stale-schedule' }, renderSchedule(root, data, name, units, on)),
      ]),
    );
    return { units };
  }
  if (data.units.length === 0) {
    root.replaceChildren(html('p', { class: 'status' }, [`${name} has no tasks yet.`]));
    return { units };
  }
  root.replaceChildren(...renderSchedule(root, data, name, units, on));
  return { units };
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

function renderSchedule(root: HTMLElement, data: PreviewData, name: string, units: UnitElements, on: Handlers): HTMLElement[] {
  const axis = timeAxis(data, Math.max(480, root.clientWidth));
  const critical = data.criticalPath ?? data.units.filter((u) => u.critical).map((u) => u.id);
  const capacity = data.capacity;
  return [
    html('header', { class: 'summary' }, [
      html('h1', {}, [name]),
      html('p', {}, [
        html('span', { class: 'figure' }, [`${formatClock(data.makespan ?? 0)}`]),
        ' predicted',
        data.lowerBound !== undefined && ` · lower bound ${formatClock(data.lowerBound)}`,
        ` · ${data.units.length} ${data.units.length === 1 ? 'unit' : 'units'}`,
        capacity && ` · capacity ${formatCapacity(capacity)}`,
      ]),
      critical.length > 0 && html('p', { class: 'critical-path' }, [html('span', { class: 'swatch critical' }), ` critical path: ${critical.join(' → ')}`]),
    ]),
    html('section', { class: 'dag-section', 'aria-label': 'Tasks and needs' }, [html('h2', {}, ['Tasks and needs']), html('div', { class: 'scroll' }, [renderDag(data, root.clientWidth, units, on.unit)])]),
    html('section', { class: 'gantt-section', 'aria-label': 'Predicted schedule' }, [
      html('h2', {}, ['Predicted schedule']),
      renderGantt(data, axis, units, on.unit),
      renderUsage(data, axis, 'cpus'),
      renderUsage(data, axis, 'memory'),
    ]),
  ];
}
