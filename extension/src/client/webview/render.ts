/** The whole preview page for one PreviewData: summary, DAG, Gantt and capacity, or the problems. */
import type { PreviewData } from '../../protocol';
import { formatCapacity, formatClock } from '../../../../core/format';
import { renderDag } from './render-dag';
import { renderGantt, renderUsage, timeAxis } from './render-gantt';
import { html } from './svg';
import { UnitElements } from './units';

export interface Rendered {
  units: UnitElements;
}

export function render(root: HTMLElement, data: PreviewData, onActivate: (id: string) => void): Rendered {
  const units = new UnitElements();
  const name = decodeURIComponent(data.uri.slice(data.uri.lastIndexOf('/') + 1));
  if (data.errors > 0) {
    const count = `${data.errors} ${data.errors === 1 ? 'problem' : 'problems'}`;
    root.replaceChildren(
      html('section', { class: 'problems', role: 'alert' }, [
        html('h1', {}, [`${name}: ${count}`]),
        data.message && html('p', { class: 'message' }, [data.message]),
        html('p', { class: 'hint' }, ['The schedule is shown again once the file has no errors. See the Problems panel for all of them.']),
      ]),
    );
    return { units };
  }
  if (data.units.length === 0) {
    root.replaceChildren(html('p', { class: 'status' }, [`${name} has no tasks yet.`]));
    return { units };
  }

  const axis = timeAxis(data, Math.max(480, root.clientWidth));
  const critical = data.criticalPath ?? data.units.filter((u) => u.critical).map((u) => u.id);
  const capacity = data.capacity;
  root.replaceChildren(
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
    html('section', { class: 'dag-section', 'aria-label': 'Tasks and needs' }, [html('h2', {}, ['Tasks and needs']), html('div', { class: 'scroll' }, [renderDag(data, root.clientWidth, units, onActivate)])]),
    html('section', { class: 'gantt-section', 'aria-label': 'Predicted schedule' }, [
      html('h2', {}, ['Predicted schedule']),
      renderGantt(data, axis, units, onActivate),
      renderUsage(data, axis, 'cpus'),
      renderUsage(data, axis, 'memory'),
    ]),
  );
  return { units };
}
