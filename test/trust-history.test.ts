/**
 * The history store is read on every run and plan and by the language server on each analysis; a
 * checkout (a fork's pull request) can commit `.gantry/history/` with whatever files it likes,
 * named as the store names them. What it plants must cost one bound in all, not one per file, and
 * a run's unit repeated on every line must not cost the square of its attempts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyDir, HISTORY_LIMITS, readHistory } from '../core/host/history';

const root = mkdtempSync(join(tmpdir(), 'gantry-trust-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const line = (run: string, attempts: number[]) =>
  `${JSON.stringify({ v: 1, run, at: '2025-01-01T00:00:00.000Z', units: { a: { kind: 'task', attempts: attempts.map((n) => ({ n, result: 'succeeded', duration: 1000 })) } } })}\n`;

function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'b-'));
  writeFileSync(join(dir, 'gantry.yml'), 'version: 1\n');
  mkdirSync(historyDir(dir), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(historyDir(dir), name), text);
  return dir;
}

describe('history: a planted store', () => {
  it('is read within one bound for all its files, the live log first', () => {
    // Each file 10 lines (run ids of one length, so files of one size) of one run each; the bound holds about 10 lines.
    const lines = (prefix: string) => Array.from({ length: 10 }, (_, i) => line(`${prefix}${i}`, [1])).join('');
    const size = Buffer.byteLength(lines('live'));
    const files: Record<string, string> = { 'gantry.yml.compact.jsonl': lines('cmpt'), 'gantry.yml.jsonl': lines('live') };
    for (let i = 0; i < 16; i++) files[`gantry.yml.${i.toString(16).padStart(16, '0')}.rotated`] = lines(`r${i.toString(16)}--`.slice(0, 4));
    const dir = plant(files);
    const read = readHistory(dir, join(dir, 'gantry.yml'), { ...HISTORY_LIMITS, readBytes: size });
    const runs = read.records.map((r) => r.run);
    expect(runs).toEqual(Array.from({ length: 10 }, (_, i) => `live${i}`));
    // A larger bound reaches the older files, oldest first as before.
    const more = readHistory(dir, join(dir, 'gantry.yml'), { ...HISTORY_LIMITS, readBytes: size * 2 });
    expect(more.records.map((r) => r.run)).toEqual([...Array.from({ length: 10 }, (_, i) => `rf--${i}`), ...runs]);
  });

  it("keeps a run's unit's attempt once, however often it is repeated (also within one line)", () => {
    const dir = plant({ 'gantry.yml.jsonl': line('r', [1, 1, 2]) + line('r', [2, 3]).repeat(50) });
    const [record] = readHistory(dir, join(dir, 'gantry.yml')).records;
    expect(record.units.a.attempts.map((a) => a.n)).toEqual([1, 2, 3]);
  });
});
