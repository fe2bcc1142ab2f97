/**
 * What the status bar item says about a batch file (status-bar.ts), apart from VS Code so it can
 * be tested as it is.
 */
import { formatDuration } from '../../../core/format';
import type { SummaryData } from '../protocol';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the item says for `data`: text (with a codicon) and tooltip. */
export function statusText(data: SummaryData): { text: string; tooltip: string } {
  const warnings = data.warnings > 0 ? `, ${plural(data.warnings, 'warning')}` : '';
  if (data.errors > 0) {
    return {
      text: `$(error) Gantry: ${plural(data.errors, 'problem')}`,
      tooltip: `${plural(data.errors, 'error')}${warnings}: no schedule until they are fixed (Problems panel). Click for the schedule preview.`,
    };
  }
  const units = `${plural(data.tasks, 'task')}${data.services > 0 ? `, ${plural(data.services, 'service')}` : ''}`;
  if (data.makespan === undefined) return { text: '$(graph) Gantry: nothing to schedule', tooltip: `${units}${warnings}.` };
  return {
    text: `$(graph) Gantry: ${formatDuration(data.makespan)} predicted`,
    tooltip: `Predicted makespan ${formatDuration(data.makespan)} for ${units}${warnings}. Click for the schedule preview.`,
  };
}
