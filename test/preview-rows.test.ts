/**
 * The preview's Gantt rows at size (issue 16): matrix expansions folded into one row that opens,
 * the filter by name pattern and critical path, and the window of rows a scroll position shows.
 * Pure (extension/src/client/webview/rows.ts); what a person sees is in test/e2e/preview-scale.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { PreviewUnit } from '../extension/src/protocol';
import { buildRows, namePattern, NO_FILTER, rowIds, visibleRange, type Row } from '../extension/src/client/webview/rows';

const unit = (id: string, start: number, end: number, extra: Partial<PreviewUnit> = {}): PreviewUnit => ({
  id,
  kind: 'task',
  name: id.replace(/\[.*$/, ''),
  needs: [],
  start,
  end,
  cpus: 1,
  memory: 0,
  critical: false,
  slack: 0,
  line: 0,
  character: 0,
  ...extra,
});

const UNITS: PreviewUnit[] = [
  unit('build', 0, 10, { critical: true }),
  unit('test[shard=2]', 10, 25, { slack: 5 }),
  unit('test[shard=1]', 10, 30, { critical: true }),
  unit('lint', 0, 5, { slack: 25 }),
  unit('db', 0, 30, { kind: 'service', slack: 0 }),
  unit('deploy', 30, 40, { critical: true }),
  unit('solo[os=linux]', 12, 14, { slack: 3 }),
];

const label = (row: Row) => (row.kind === 'group' ? `${row.name} ×${row.members.length}${row.expanded ? ' open' : ''}` : `${row.member ? '  ' : ''}${row.unit.id}`);

describe('Gantt rows', () => {
  it('folds the expansions of a matrix into one row spanning them, in start order; a lone expansion stays a row', () => {
    const rows = buildRows(UNITS, NO_FILTER, new Set(), true);
    expect(rows.map(label)).toEqual(['lint', 'build', 'db', 'test ×2', 'solo[os=linux]', 'deploy']);
    const group = rows.find((r) => r.kind === 'group')!;
    expect(group).toMatchObject({ start: 10, end: 30, critical: true, slack: 0 });
    expect(rowIds(group)).toEqual(['test[shard=2]', 'test[shard=1]']);
  });

  it('opens a group: its row, then its members', () => {
    const rows = buildRows(UNITS, NO_FILTER, new Set(['test']), true);
    expect(rows.map(label)).toEqual(['lint', 'build', 'db', 'test ×2 open', '  test[shard=2]', '  test[shard=1]', 'solo[os=linux]', 'deploy']);
  });

  it('lists every unit when not folding', () => {
    expect(buildRows(UNITS, NO_FILTER, new Set(), false).map(label)).toEqual(['lint', 'build', 'db', 'test[shard=2]', 'test[shard=1]', 'solo[os=linux]', 'deploy']);
  });

  it('a group of non-critical members takes their smallest slack', () => {
    const rows = buildRows([unit('m[a=1]', 0, 5, { slack: 7 }), unit('m[a=2]', 0, 6, { slack: 4 })], NO_FILTER, new Set(), true);
    expect(rows).toMatchObject([{ kind: 'group', critical: false, slack: 4 }]);
  });

  it('filters by name: a substring, or * for any text, case-insensitive; a group shows the members that match', () => {
    expect(buildRows(UNITS, { pattern: 'DEP', critical: false }, new Set(), true).map(label)).toEqual(['deploy']);
    expect(buildRows(UNITS, { pattern: 'test*1]', critical: false }, new Set(), true).map(label)).toEqual(['test[shard=1]']);
    expect(buildRows(UNITS, { pattern: 't*', critical: false }, new Set(), true).map(label)).toEqual(['test ×2']);
    // The task's name matches every expansion.
    expect(buildRows(UNITS, { pattern: 'test', critical: false }, new Set(), true).map(label)).toEqual(['test ×2']);
    expect(buildRows(UNITS, { pattern: 'nothing', critical: false }, new Set(), true)).toEqual([]);
  });

  it('filters to the critical path, alone or with a name', () => {
    expect(buildRows(UNITS, { pattern: '', critical: true }, new Set(), true).map(label)).toEqual(['build', 'test[shard=1]', 'deploy']);
    expect(buildRows(UNITS, { pattern: 'b*', critical: true }, new Set(), true).map(label)).toEqual(['build']);
  });

  it('takes a pattern as text, never as a regular expression', () => {
    const matches = namePattern('a.(b)+[')!;
    expect(matches('xa.(b)+[y')).toBe(true);
    expect(matches('aXbb')).toBe(false);
    expect(namePattern('(*)')!('(anything)')).toBe(true);
    expect(namePattern('  ')).toBeUndefined();
  });

  it('draws the rows a scroll position shows, and a few around them', () => {
    expect(visibleRange(10_000, 22, 0, 440, 8)).toEqual({ first: 0, last: 28 });
    expect(visibleRange(10_000, 22, 22_000, 440, 8)).toEqual({ first: 992, last: 1028 });
    expect(visibleRange(10_000, 22, 219_900, 440, 8)).toEqual({ first: 9987, last: 9999 });
    expect(visibleRange(0, 22, 0, 440)).toEqual({ first: 0, last: -1 });
  });
});

describe('the failed (last run) filter', () => {
  const ran = (u: ReturnType<typeof unit>, lastStatus: NonNullable<ReturnType<typeof unit>['lastStatus']>) => ({ ...u, lastStatus });
  const UNITS_RAN = [
    ran(unit('a', 0, 5), 'failed'),
    ran(unit('b', 0, 6), 'succeeded'),
    ran(unit('m[x=1]', 1, 4), 'failed'),
    ran(unit('m[x=2]', 1, 4), 'skipped'),
    ran(unit('m[x=3]', 1, 5), 'failed'),
    unit('new', 2, 3),
  ];
  it('keeps the failed units; a group its failed members, and counts them', () => {
    const all = buildRows(UNITS_RAN, NO_FILTER, new Set(), true);
    expect(all.find((r) => r.kind === 'group')).toMatchObject({ name: 'm', failed: 2 });
    const rows = buildRows(UNITS_RAN, { ...NO_FILTER, failed: true }, new Set(), true);
    expect(rows.map((r) => (r.kind === 'unit' ? r.unit.id : `${r.name} ×${r.members.length}`))).toEqual(['a', 'm ×2']);
    expect(buildRows(UNITS_RAN, { pattern: 'b', critical: false, failed: true }, new Set(), true)).toEqual([]);
  });
});
