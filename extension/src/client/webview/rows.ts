/**
 * The Gantt's rows, from the units and what the person chose to see. Pure: no DOM, tested in Node.
 *
 * - Matrix expansions of one task (`test[shard=1]`, `test[shard=2]`, …: the same `name`) are one
 *   group row spanning them all, unless that name is expanded; an expanded group is its header
 *   row followed by its members.
 * - A filter keeps the units whose id matches the name pattern (case-insensitive; `*` any text,
 *   otherwise a substring) and, with `critical`, only those on the critical path. A group shows
 *   the members that pass. With `failed`, only the units that failed in the file's last run
 *   (`lastStatus`: failed, out of memory, timed out, killed): a matrix group then shows its
 *   expansions that failed.
 * Rows are in start order (then end, then id), members in that order within their group.
 */
import type { PreviewUnit } from '../../protocol';

export interface RowFilter {
  /** Name pattern; empty: every unit. */
  pattern: string;
  /** Only units on the critical path. */
  critical: boolean;
  /** Only units that failed in the last run. Default: false. */
  failed?: boolean;
}

export const NO_FILTER: RowFilter = { pattern: '', critical: false, failed: false };

/** Whether the unit failed (or ran out of memory, timed out, was killed) in the file's last run. */
export function ranFailed(unit: PreviewUnit): boolean {
  return unit.lastStatus === 'failed';
}

/** The filter's test of one unit; undefined when it keeps every unit. */
export function keepOf(filter: RowFilter): ((unit: PreviewUnit) => boolean) | undefined {
  const matches = namePattern(filter.pattern);
  if (!matches && !filter.critical && !filter.failed) return undefined;
  return (u) => (!filter.critical || u.critical) && (!filter.failed || ranFailed(u)) && (!matches || matches(u.id) || matches(u.name));
}

export type Row =
  | { kind: 'unit'; unit: PreviewUnit; /** Inside an expanded group. */ member: boolean }
  | {
      kind: 'group';
      name: string;
      members: PreviewUnit[];
      expanded: boolean;
      start: number;
      end: number;
      critical: boolean;
      /** The smallest slack of its members (0 when one is critical). */
      slack: number;
      /** How many of its members failed in the last run. */
      failed: number;
    };

/** Matches ids against a pattern as the search box does; undefined for an empty pattern. */
export function namePattern(pattern: string): ((id: string) => boolean) | undefined {
  const text = pattern.trim().toLowerCase();
  if (!text) return undefined;
  if (!text.includes('*')) return (id) => id.toLowerCase().includes(text);
  // Built from escaped literal pieces: a pattern is the user's text, never a regular expression.
  const pieces = text.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${pieces.join('.*')}$`);
  return (id) => re.test(id.toLowerCase());
}

/** Whether a unit is a matrix expansion (its id is its name with a `[…]` selector). */
export function isExpansion(unit: PreviewUnit): boolean {
  return unit.kind === 'task' && unit.id !== unit.name && unit.id.startsWith(`${unit.name}[`);
}

export function buildRows(units: readonly PreviewUnit[], filter: RowFilter, expanded: ReadonlySet<string>, collapse: boolean): Row[] {
  const keep = keepOf(filter);
  const kept = keep ? units.filter(keep) : units;
  const order = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start - b.start || a.end - b.end;
  const byName = new Map<string, PreviewUnit[]>();
  const singles: PreviewUnit[] = [];
  for (const unit of kept) {
    if (collapse && isExpansion(unit)) {
      const list = byName.get(unit.name);
      if (list) list.push(unit);
      else byName.set(unit.name, [unit]);
    } else singles.push(unit);
  }
  type Entry = { start: number; end: number; id: string; rows: Row[] };
  const entries: Entry[] = singles.map((unit) => ({ start: unit.start, end: unit.end, id: unit.id, rows: [{ kind: 'unit', unit, member: false }] }));
  for (const [name, members] of byName) {
    members.sort((a, b) => order(a, b) || compareIds(a.id, b.id));
    if (members.length === 1) {
      entries.push({ start: members[0].start, end: members[0].end, id: members[0].id, rows: [{ kind: 'unit', unit: members[0], member: false }] });
      continue;
    }
    const start = Math.min(...members.map((m) => m.start));
    const end = Math.max(...members.map((m) => m.end));
    const critical = members.some((m) => m.critical);
    const slack = critical ? 0 : Math.min(...members.map((m) => m.slack));
    const open = expanded.has(name);
    const failed = members.filter(ranFailed).length;
    const group: Row = { kind: 'group', name, members, expanded: open, start, end, critical, slack, failed };
    entries.push({ start, end, id: name, rows: open ? [group, ...members.map((unit): Row => ({ kind: 'unit', unit, member: true }))] : [group] });
  }
  entries.sort((a, b) => order(a, b) || compareIds(a.id, b.id));
  return entries.flatMap((e) => e.rows);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ids a row stands for: its unit, or every member of a group. */
export function rowIds(row: Row): string[] {
  return row.kind === 'unit' ? [row.unit.id] : row.members.map((m) => m.id);
}

/** The rows from `first` to `last` (inclusive) that a viewport of `height` px at `scrollTop` shows, with `overscan` rows either side. */
export function visibleRange(count: number, rowHeight: number, scrollTop: number, height: number, overscan = 8): { first: number; last: number } {
  if (count === 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last };
}
