/**
 * A code lens over each task and service with its predicted place in the run:
 * "critical path · starts 0:12 · 20s", or its slack when it is off the critical path.
 * Clicking it opens the schedule preview beside the editor, where the schedule is explored.
 *
 * While the file has errors there is no schedule of it. Lenses that vanished on every keystroke
 * that briefly breaks the file (and came back on the next) made the text jump up and down as one
 * typed, so instead each task and service keeps the lens of the last version without errors — at
 * the current place of its name, with " (before current errors)" after the title — for as long as
 * its name is still written there. A lens goes only with its task; a new task gets one once the
 * file has no errors again. Big files and small ones behave the same.
 *
 * After a run of the file, a second lens beside it compares: "last run 4.1s · predicted 3.8s" (or
 * "last run failed after 2s", "last run cancelled"), from the newest finished run's report
 * (last-run.ts); clicking it opens that run's report.
 */
import type { CodeLens, Command, Range } from 'vscode-languageserver';
import { formatClock, formatDuration } from '../../../../core/format';
import type { UnitSpec } from '../../../../core/model';
import type { Analysis, PlannedUnit } from '../analysis';
import { lastRunText, type LastRun } from '../last-run';
import { CurrentPlaces } from '../stale';

/** The client's command (extension/package.json); it takes the document's URI. */
export const OPEN_PREVIEW = 'gantry.openPreview';

/** The client's command that opens a run's report (extension/src/client/runs-view.ts); it takes a RunReportRef. */
export const OPEN_RUN_REPORT = 'gantry.openRunReport';

/** After the title of a lens kept from the last version without errors. */
export const STALE_LENS_SUFFIX = ' (before current errors)';

/**
 * The lenses of `analysis`; while it has errors, those of `good` (the document's last analysis
 * without errors, see DocumentCache.good) that still have a task or service to sit on.
 */
export function codeLenses(analysis: Analysis, good?: Analysis, lastRun?: LastRun): CodeLens[] {
  if (analysis.errorCount === 0 || !good || good === analysis) return lensesOf(analysis, lastRun).map(({ range, command }) => ({ range, command }));
  const places = new CurrentPlaces(analysis);
  const lenses: CodeLens[] = [];
  for (const { unit, command } of lensesOf(good, lastRun)) {
    const range = places.locate(unit);
    const args = command.command === OPEN_PREVIEW ? [analysis.uri] : command.arguments;
    if (range) lenses.push({ range, command: { ...command, arguments: args, title: command.title + STALE_LENS_SUFFIX } });
  }
  return lenses;
}

/** The title of a lens whose task has no predicted place yet: the schedule is being computed. */
export const PLANNING_LENS_TITLE = 'planning…';

/**
 * Lenses answered at once, without planning `analysis` (the schedule follows, and the client is
 * asked to refresh its lenses then): `shown` is the newest analysis of the document whose
 * schedule was already computed, if any. While `analysis` has errors, the lenses are those of
 * `shown`, as `codeLenses` keeps them. Otherwise every task and service has its lens now, with
 * the title of the same name in `shown` (or `planning…`), so the refresh changes titles only and
 * no line of text moves.
 */
export function quickLenses(analysis: Analysis, shown?: Analysis, lastRun?: LastRun): CodeLens[] {
  if (analysis.errorCount > 0) return shown && shown !== analysis ? codeLenses(analysis, shown, lastRun) : [];
  const file = analysis.result.file;
  if (!file) return [];
  const titles = new Map<string, Command[]>();
  for (const { unit, command } of shown?.planReady ? lensesOf(shown, lastRun) : []) {
    const list = titles.get(unit.name);
    if (list) list.push(command);
    else titles.set(unit.name, [command]);
  }
  const lenses: CodeLens[] = [];
  for (const unit of [...file.services, ...file.tasks]) {
    const commands = titles.get(unit.name) ?? [{ title: PLANNING_LENS_TITLE, command: OPEN_PREVIEW, arguments: [analysis.uri] }];
    for (const command of commands) lenses.push({ range: unit.nameRange, command: command.command === OPEN_PREVIEW ? { ...command, arguments: [analysis.uri] } : command });
  }
  return lenses;
}

/** What the client's gantry.openRunReport takes from a lens: the run's report.json (a URI) and its id. */
export interface RunReportRef {
  reportUri: string;
  runId: string;
}

function lensesOf(analysis: Analysis, lastRun: LastRun | undefined): { unit: UnitSpec; range: Range; command: Command }[] {
  const file = analysis.result.file;
  if (!file || !analysis.schedule) return [];
  const lenses = [];
  for (const unit of [...file.services, ...file.tasks]) {
    const planned = analysis.scheduleByName.get(unit.name);
    if (!planned?.length) continue;
    lenses.push({ unit, range: unit.nameRange, command: { title: lensTitle(planned), command: OPEN_PREVIEW, arguments: [analysis.uri] } });
    const last = lastRun && lastRunText(lastRun, planned.map((u) => u.id), span(planned), planned[0].kind);
    if (last) {
      const ref: RunReportRef = { reportUri: reportUriOf(analysis.uri, lastRun!.runId), runId: lastRun!.runId };
      lenses.push({ unit, range: unit.nameRange, command: { title: last, command: OPEN_RUN_REPORT, arguments: [ref] } });
    }
  }
  return lenses;
}

/** From the first predicted start to the last predicted end (ms). */
function span(planned: readonly PlannedUnit[]): number {
  return Math.max(...planned.map((u) => u.end)) - Math.min(...planned.map((u) => u.start));
}

/** `.gantry/runs/<run>/report.json` beside the document. */
function reportUriOf(uri: string, runId: string): string {
  return new URL(`.gantry/runs/${encodeURIComponent(runId)}/report.json`, uri).toString();
}

export function lensTitle(planned: readonly PlannedUnit[]): string {
  const start = Math.min(...planned.map((u) => u.start));
  const critical = planned.some((u) => u.critical);
  const slack = Math.min(...planned.map((u) => u.slack));
  const parts = [critical ? 'critical path' : `slack ${formatDuration(slack)}`, `starts ${formatClock(start)}`, formatDuration(span(planned))];
  if (planned.length > 1) parts.unshift(`${planned.length} runs`);
  if (planned[0].kind === 'service') parts[parts.length - 1] = `up ${formatDuration(span(planned))}`;
  return parts.join(' · ');
}
