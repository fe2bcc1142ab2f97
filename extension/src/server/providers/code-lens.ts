/**
 * A code lens over each task and service with its predicted place in the run:
 * "critical path · starts 0:12 · 20s", or its slack when it is off the critical path.
 * Clicking it opens the schedule preview beside the editor, where the schedule is explored.
 */
import type { CodeLens } from 'vscode-languageserver';
import { formatClock, formatDuration } from '../../../../core/format';
import type { Analysis, PlannedUnit } from '../analysis';

/** The client's command (extension/package.json); it takes the document's URI. */
export const OPEN_PREVIEW = 'gantry.openPreview';

export function codeLenses(analysis: Analysis): CodeLens[] {
  const file = analysis.result.file;
  if (!file || !analysis.schedule) return [];
  const lenses: CodeLens[] = [];
  for (const unit of [...file.services, ...file.tasks]) {
    const planned = analysis.scheduleByName.get(unit.name);
    if (!planned?.length) continue;
    lenses.push({ range: unit.nameRange, command: { title: lensTitle(planned), command: OPEN_PREVIEW, arguments: [analysis.uri] } });
  }
  return lenses;
}

export function lensTitle(planned: readonly PlannedUnit[]): string {
  const start = Math.min(...planned.map((u) => u.start));
  const end = Math.max(...planned.map((u) => u.end));
  const critical = planned.some((u) => u.critical);
  const slack = Math.min(...planned.map((u) => u.slack));
  const parts = [critical ? 'critical path' : `slack ${formatDuration(slack)}`, `starts ${formatClock(start)}`, formatDuration(end - start)];
  if (planned.length > 1) parts.unshift(`${planned.length} runs`);
  if (planned[0].kind === 'service') parts[parts.length - 1] = `up ${formatDuration(end - start)}`;
  return parts.join(' · ');
}
