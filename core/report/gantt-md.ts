/**
 * The Mermaid Gantt of what really happened, for report.md, the job summary and the pull request
 * comment — as GitHub draws it (Mermaid with its default settings, in the reader's browser). Pure.
 *
 * The time axis reads the same in every time zone. Mermaid parses dates with dayjs and formats the
 * ticks with d3's `timeFormat`, both in the *reader's* local time; epoch milliseconds (`dateFormat
 * x`) are instants, so a reader in Asia/Kolkata saw 30:00, 30:05… and one in New York 19:05→20:10.
 * Here every time is written as a local wall-clock time, `ORIGIN_DATE` plus the elapsed time
 * (`2000-01-01 00:01:05.400`): parsing and formatting are then both local and cancel out, and the
 * axis shows elapsed time (`%M:%S`, `%H:%M` past an hour) wherever it is read. January 2000 has no
 * daylight-saving change in any zone before March, far beyond any run.
 *
 * Every task label starts with a zero-width space: Mermaid's lexer reads a line that starts with a
 * keyword (`click`, `call`, `gantt` break the whole chart; `title`, `section`, `excludes`,
 * `includes`, `todayMarker` swallow the bar) as that keyword, case-insensitively — and each of
 * those is a valid Gantry name. The space is no `\s` to the lexer and invisible to the reader.
 *
 * Size: Mermaid refuses text over 50,000 characters, and past a few dozen rows the chart is too
 * tall to read with its axis at the bottom. Up to `maxBars` bars each attempt gets its own row; past
 * that each task's matrix expansions share one row (`test ×12, 2 failed`), and past that the rows
 * kept are the failed ones, the critical path, then the longest — with a note naming how many were
 * left out. Labels are cut to LABEL_MAX characters.
 *
 * Colours: failed bars are `crit` (red in every Mermaid theme), the critical path `active`, the
 * rest `done` — a failure is what a reader looks for first.
 */
import type { RunDocument, UnitDocument } from './run-document';
import { mermaidText } from './escape';

export const ORIGIN_DATE = '2000-01-01';
/** Bars drawn at most (also the row limit once expansions are grouped). */
export const MAX_BARS = 30;
export const LABEL_MAX = 60;

const FAILED = new Set(['failed', 'oom', 'timeout', 'killed']);
const ZWSP = '\u200b';

export interface GanttOptions {
  /** Default: MAX_BARS. */
  maxBars?: number;
}

interface Row {
  label: string;
  start: number;
  end: number;
  /** `failed` for every failing status; `running`, `cancelled`, `succeeded`, … otherwise. */
  status: string;
  critical: boolean;
  kind: 'task' | 'service' | 'build';
  order: number;
}

/**
 * A ```mermaid fence with the chart, and, when rows were left out, a line saying so after it.
 * Undefined when nothing ran.
 */
export function renderGantt(doc: RunDocument, options: GanttOptions = {}): string | undefined {
  const maxBars = options.maxBars ?? MAX_BARS;
  const ran = doc.units.filter((u) => u.start !== undefined);
  if (ran.length === 0) return undefined;
  const critical = new Set(doc.criticalPath ?? []);
  let rows = ran.flatMap((u) => unitRows(u, doc, critical.has(u.id)));
  let grouped = false;
  if (rows.length > maxBars) {
    rows = groupByName(ran, doc, critical);
    grouped = true;
  }
  rows.forEach((r, i) => (r.order = i));
  let leftOut = 0;
  if (rows.length > maxBars) {
    const rank = (r: Row) => (r.status === 'failed' ? 0 : r.critical ? 1 : 2);
    const kept = [...rows].sort((a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.order - b.order).slice(0, maxBars);
    leftOut = rows.length - kept.length;
    rows = kept.sort((a, b) => a.order - b.order);
  }
  rows.forEach((r, i) => (r.order = i));

  const span = Math.max(1, ...rows.map((r) => r.end));
  const lines = ['```mermaid', 'gantt', '  dateFormat YYYY-MM-DD HH:mm:ss.SSS', `  axisFormat ${span >= 3_600_000 ? '%H:%M' : '%M:%S'}`, `  tickInterval ${tickInterval(span)}`];
  let bar = 0;
  for (const kind of ['service', 'task'] as const) {
    const section = rows.filter((r) => r.kind === kind);
    if (section.length === 0) continue;
    lines.push(`  section ${kind === 'service' ? 'Services' : 'Tasks'}`);
    for (const r of section) {
      const tag = r.status === 'failed' ? 'crit' : r.critical || r.status === 'running' ? 'active' : 'done';
      const start = Math.max(0, Math.round(r.start));
      // At least 1 ms long, or Mermaid drops the bar.
      const end = Math.max(Math.round(r.end), start + 1);
      lines.push(`  ${ZWSP}${r.label} :${tag}, b${bar++}, ${wallClock(start)}, ${wallClock(end)}`);
    }
  }
  lines.push('```');
  const notes: string[] = [];
  if (grouped) notes.push('matrix expansions share one row per task');
  if (leftOut > 0) notes.push(`${leftOut} more row${leftOut === 1 ? '' : 's'} not drawn (report.html has every task)`);
  return notes.length > 0 ? `${lines.join('\n')}\n\n_Timeline: ${notes.join('; ')}._` : lines.join('\n');
}

function unitRows(unit: UnitDocument, doc: RunDocument, critical: boolean): Row[] {
  if (unit.kind === 'service' || unit.attempts.length === 0) {
    // A service that ran its course is drawn plainly; one that failed (never healthy, or died) is the failure.
    const status = unit.kind === 'service' && !FAILED.has(unit.status) ? 'succeeded' : unit.status;
    return [row(unit.id, unit.start!, unit.end ?? doc.makespan, status, critical, unit.kind)];
  }
  return unit.attempts.map((a) =>
    row(unit.attempts.length > 1 ? `${unit.id} (try ${a.number})` : unit.id, a.start, a.end ?? doc.makespan, a.outcome?.status ?? 'running', critical, unit.kind),
  );
}

/** One row per task or service name: its expansions' (and their attempts') first start to last end. */
function groupByName(units: readonly UnitDocument[], doc: RunDocument, critical: ReadonlySet<string>): Row[] {
  const groups = new Map<string, UnitDocument[]>();
  for (const u of units) {
    const key = `${u.kind}\n${u.name}`;
    const group = groups.get(key);
    if (group) group.push(u);
    else groups.set(key, [u]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0];
    const failed = members.filter((u) => FAILED.has(u.status)).length;
    const running = members.some((u) => u.status === 'running' || u.status === 'retrying');
    const start = Math.min(...members.map((u) => u.start!));
    const end = Math.max(...members.map((u) => u.end ?? doc.makespan));
    const [label, suffix] = members.length > 1 ? [first.name, ` ×${members.length}${failed > 0 ? `, ${failed} failed` : ''}`] : [first.id, ''];
    const status = failed > 0 ? 'failed' : running ? 'running' : first.kind === 'service' ? 'succeeded' : members.every((u) => u.status === 'succeeded') ? 'succeeded' : first.status;
    return row(label, start, end, status, members.some((u) => critical.has(u.id)), first.kind, true, suffix);
  });
}

/** `suffix` is ours (` ×12, 2 failed`), added after `id` is made safe. */
function row(id: string, start: number, end: number, status: string, critical: boolean, kind: Row['kind'], grouped = false, suffix = ''): Row {
  const failed = FAILED.has(status) || status === 'failed';
  // The status is said in words as well as in colour: colour alone does not reach every reader.
  // (No colon: it would end the task's text.)
  const said = grouped || status === 'failed' || status === 'succeeded' || status === 'running' ? '' : ` (${status})`;
  return { label: `${failed ? '✗ ' : ''}${cut(mermaidText(id))}${suffix}${said}`, start, end, status: failed ? 'failed' : status, critical, kind, order: 0 };
}

function cut(text: string): string {
  return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;
}

/** `2000-01-01 00:01:05.400` for 65,400 ms: a local wall-clock time, read back as local by Mermaid. */
export function wallClock(ms: number): string {
  // UTC arithmetic only to count days and hours; the text is read back as local time.
  const t = new Date(Date.parse(`${ORIGIN_DATE}T00:00:00Z`) + ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(t.getUTCMilliseconds(), 3)}`;
}

/** A Mermaid `tickInterval` giving at most ~10 ticks. */
function tickInterval(span: number): string {
  const steps: Array<[number, string]> = [
    [1000, '1second'], [2000, '2second'], [5000, '5second'], [10_000, '10second'], [15_000, '15second'], [30_000, '30second'],
    [60_000, '1minute'], [120_000, '2minute'], [300_000, '5minute'], [600_000, '10minute'], [900_000, '15minute'], [1_800_000, '30minute'],
    [3_600_000, '1hour'], [7_200_000, '2hour'], [10_800_000, '3hour'], [21_600_000, '6hour'], [43_200_000, '12hour'], [86_400_000, '1day'],
  ];
  return (steps.find(([ms]) => span / ms <= 10) ?? steps[steps.length - 1])[1];
}
