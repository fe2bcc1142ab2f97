/**
 * The history store (core/host/history.ts) on the real file system: appends read back, the bound
 * compaction keeps, two processes appending (and compacting) at once without losing or mixing a
 * line, a truncated last line, and hostile folders: a `.gantry` link, a link or FIFO as the log, a
 * huge garbage file.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendHistory, compactHistory, historyDir, historyName, HISTORY_LIMITS, readHistory, recordLines } from '../core/host/history';
import { estimatesFromHistory, type HistoryRecord } from '../core/estimates';

const repo = join(__dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'gantry-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
function folder(): string {
  const dir = join(root, `b${folders++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'gantry.yml'), 'version: 1\n');
  return dir;
}

function rec(run: string, minute: number, duration = 1000, units = ['a']): HistoryRecord {
  const u: HistoryRecord['units'] = {};
  for (const id of units) u[id] = { kind: 'task', attempts: [{ n: 1, result: 'succeeded', duration, setup: 0 }] };
  return { v: 1, run, at: new Date(Date.UTC(2025, 0, 1) + minute * 60_000).toISOString(), units: u };
}

const storeBytes = (dir: string) => readdirSync(historyDir(dir)).reduce((n, f) => n + statSync(join(historyDir(dir), f)).size, 0);

describe('history store', () => {
  it('appends one line per run beside the batch file and reads the records back', () => {
    const dir = folder();
    appendHistory(dir, join(dir, 'gantry.yml'), rec('r1', 1, 1000));
    appendHistory(dir, join(dir, 'gantry.yml'), rec('r2', 2, 3000));
    const live = join(dir, '.gantry', 'history', 'gantry.yml.jsonl');
    expect(readFileSync(live, 'utf8').split('\n')).toHaveLength(3);
    const { records, problem } = readHistory(dir, join(dir, 'gantry.yml'));
    expect(problem).toBeUndefined();
    expect(records.map((r) => r.run)).toEqual(['r1', 'r2']);
    expect(estimatesFromHistory(records, { startOverhead: 0 }).get('a')).toEqual({ kind: 'task', ms: 3000, runs: 2 });
    // Nothing there yet: empty, no problem.
    expect(readHistory(folder(), 'gantry.yml')).toEqual({ records: [] });
  });

  it('keeps one store per batch file name, odd names made safe', () => {
    expect(historyName('/x/gantry.yml')).toBe('gantry.yml');
    expect(historyName('/x/a b.yml')).toMatch(/^a_b\.yml-[0-9a-f]{8}$/);
    expect(historyName('/x/a_b.yml')).toBe('a_b.yml');
    expect(historyName('/x/..yml')).toMatch(/^_yml-/);
    const dir = folder();
    appendHistory(dir, join(dir, 'one.yml'), rec('r1', 1));
    expect(readHistory(dir, join(dir, 'two.yml')).records).toEqual([]);
    expect(readHistory(dir, join(dir, 'one.yml')).records).toHaveLength(1);
  });

  it('compacts past its bound: per unit the newest attempts, the units seen last; the estimate still follows the newest runs', () => {
    const dir = folder();
    const limits = { ...HISTORY_LIMITS, liveBytes: 4096, keepAttempts: 5, keepUnits: 3 };
    for (let i = 0; i < 300; i++) {
      // Units come and go: u0..u9 in turn, three at a time; `a` in every run, getting slower.
      appendHistory(dir, join(dir, 'gantry.yml'), rec(`run-${i}`, i, 1000 + i, ['a', `u${i % 10}`, `u${(i + 1) % 10}`]), limits);
    }
    // Live log ≤ bound + one record; compacted: ≤ 3 units × 5 attempts.
    expect(storeBytes(dir)).toBeLessThan(limits.liveBytes + 4096);
    const compact = readFileSync(join(historyDir(dir), 'gantry.yml.compact.jsonl'), 'utf8');
    const kept = compact.trim().split('\n').map((l) => JSON.parse(l) as HistoryRecord);
    const perUnit = new Map<string, number>();
    for (const r of kept) for (const id of Object.keys(r.units)) perUnit.set(id, (perUnit.get(id) ?? 0) + 1);
    expect(perUnit.size).toBeLessThanOrEqual(3);
    expect(perUnit.get('a')).toBe(5);
    const { records } = readHistory(dir, join(dir, 'gantry.yml'), limits);
    const e = estimatesFromHistory(records, { startOverhead: 0 }).get('a')!;
    // The 5 compaction kept, and whatever the live log gathered since.
    expect(e.runs).toBeGreaterThanOrEqual(5);
    expect(e.runs).toBeLessThanOrEqual(10);
    expect(e.ms).toBeGreaterThan(1280);
    // No lock or rotated log is left behind.
    expect(readdirSync(historyDir(dir)).sort()).toEqual(['gantry.yml.compact.jsonl', 'gantry.yml.jsonl']);
  });

  it('two processes appending (and compacting) at once: every run is there, no line is mixed', async () => {
    const dir = folder();
    const script = join(dir, 'append.ts');
    writeFileSync(
      script,
      `import { appendHistory, HISTORY_LIMITS } from ${JSON.stringify(join(repo, 'core/host/history.ts'))};
const [who, n] = process.argv.slice(2);
const limits = { ...HISTORY_LIMITS, liveBytes: 8192, keepAttempts: 100000, keepUnits: 100000 };
for (let i = 0; i < Number(n); i++) {
  const units = { a: { kind: 'task', attempts: [{ n: 1, result: 'succeeded', duration: 1000, setup: 0 }] }, ['x'.repeat(200) + who]: { kind: 'task', attempts: [{ n: 1, result: 'succeeded', duration: 5 }] } };
  appendHistory(${JSON.stringify(dir)}, ${JSON.stringify(join(dir, 'gantry.yml'))}, { v: 1, run: who + '-' + i, at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(), units }, limits);
}
`,
    );
    const one = (who: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, who, '150'], { cwd: repo, stdio: 'inherit' });
        child.on('exit', (code) => resolve(code));
      });
    expect(await Promise.all([one('p'), one('q')])).toEqual([0, 0]);
    const { records } = readHistory(dir, join(dir, 'gantry.yml'), { ...HISTORY_LIMITS, keepAttempts: 100000, keepUnits: 100000 });
    const runs = new Set(records.map((r) => r.run));
    expect(runs.size).toBe(300);
    for (let i = 0; i < 150; i++) expect(runs.has(`p-${i}`) && runs.has(`q-${i}`)).toBe(true);
    // Every line of every file is a whole record.
    for (const f of readdirSync(historyDir(dir))) {
      if (!f.endsWith('.jsonl')) continue;
      for (const line of readFileSync(join(historyDir(dir), f), 'utf8').split('\n')) if (line) expect(() => JSON.parse(line)).not.toThrow();
    }
    // Compaction did happen meanwhile.
    expect(existsSync(join(historyDir(dir), 'gantry.yml.compact.jsonl'))).toBe(true);
  }, 120_000);

  it('skips a truncated last line (a run killed mid-write) and starts the next append on a fresh line', () => {
    const dir = folder();
    const file = join(dir, 'gantry.yml');
    appendHistory(dir, file, rec('r1', 1));
    const live = join(historyDir(dir), 'gantry.yml.jsonl');
    const whole = recordLines(rec('r2', 2))[0];
    writeFileSync(live, readFileSync(live, 'utf8') + whole.slice(0, 40));
    expect(readHistory(dir, file).records.map((r) => r.run)).toEqual(['r1']);
    appendHistory(dir, file, rec('r3', 3));
    expect(readHistory(dir, file).records.map((r) => r.run)).toEqual(['r1', 'r3']);
  });

  it('reads past garbage lines and only the end of a huge file', () => {
    const dir = folder();
    mkdirSync(historyDir(dir), { recursive: true });
    const live = join(historyDir(dir), 'gantry.yml.jsonl');
    const garbage = `${'not json\n'.repeat(10)}{"v":1,"run":1}\n\u0000\u0001\n${'x'.repeat(2 * 1024 * 1024)}\n`;
    writeFileSync(live, garbage.repeat(6) + recordLines(rec('last', 9))[0]);
    expect(statSync(live).size).toBeGreaterThan(HISTORY_LIMITS.readBytes);
    const started = Date.now();
    expect(readHistory(dir, join(dir, 'gantry.yml')).records.map((r) => r.run)).toEqual(['last']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a .gantry that is a symbolic link: nothing written through it, nothing read from it', () => {
    const dir = folder();
    const elsewhere = mkdtempSync(join(root, 'elsewhere-'));
    mkdirSync(join(elsewhere, 'history'));
    writeFileSync(join(elsewhere, 'history', 'gantry.yml.jsonl'), recordLines(rec('planted', 1))[0]);
    symlinkSync(elsewhere, join(dir, '.gantry'));
    expect(() => appendHistory(dir, join(dir, 'gantry.yml'), rec('r1', 1))).toThrow(/symbolic link/);
    expect(readFileSync(join(elsewhere, 'history', 'gantry.yml.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    const read = readHistory(dir, join(dir, 'gantry.yml'));
    expect(read.records).toEqual([]);
    expect(read.problem).toMatch(/symbolic link/);
    expect(() => compactHistory(dir, join(dir, 'gantry.yml'))).toThrow(/symbolic link/);
  });

  it('refuses a link (or a FIFO) standing as the log: the target is not written, a read does not hang', () => {
    const dir = folder();
    mkdirSync(historyDir(dir), { recursive: true });
    const outside = join(root, `outside-${folders}`);
    writeFileSync(outside, 'precious\n');
    symlinkSync(outside, join(historyDir(dir), 'gantry.yml.jsonl'));
    symlinkSync(outside, join(historyDir(dir), 'gantry.yml.compact.jsonl'));
    expect(() => appendHistory(dir, join(dir, 'gantry.yml'), rec('r1', 1))).toThrow(/symbolic link/);
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    expect(readHistory(dir, join(dir, 'gantry.yml')).records).toEqual([]);
    expect(lstatSync(join(historyDir(dir), 'gantry.yml.jsonl')).isSymbolicLink()).toBe(true);

    const fifoDir = folder();
    mkdirSync(historyDir(fifoDir), { recursive: true });
    execFileSync('mkfifo', [join(historyDir(fifoDir), 'gantry.yml.jsonl')]);
    expect(readHistory(fifoDir, join(fifoDir, 'gantry.yml')).records).toEqual([]);
    expect(() => appendHistory(fifoDir, join(fifoDir, 'gantry.yml'), rec('r1', 1))).toThrow();
  });

  it('a stale lock (a compaction that crashed) is taken over; a fresh one is left to its owner', () => {
    const dir = folder();
    const file = join(dir, 'gantry.yml');
    appendHistory(dir, file, rec('r1', 1));
    const lock = join(historyDir(dir), 'gantry.yml.lock');
    writeFileSync(lock, '');
    expect(compactHistory(dir, file)).toBe(false);
    expect(existsSync(lock)).toBe(true);
    expect(compactHistory(dir, file, { ...HISTORY_LIMITS, lockStaleMs: -1 })).toBe(true);
    expect(existsSync(lock)).toBe(false);
    expect(readHistory(dir, file).records.map((r) => r.run)).toEqual(['r1']);
  });

  it('splits a record too large for one line by units, and reads it back whole', () => {
    const units = Array.from({ length: 50 }, (_, i) => `unit-${i}-${'y'.repeat(100)}`);
    const lines = recordLines(rec('big', 1, 1000, units), { ...HISTORY_LIMITS, lineBytes: 1024 });
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(1024);
    const dir = folder();
    appendHistory(dir, join(dir, 'gantry.yml'), rec('big', 1, 1000, units), { ...HISTORY_LIMITS, lineBytes: 1024 });
    const { records } = readHistory(dir, join(dir, 'gantry.yml'), { ...HISTORY_LIMITS, lineBytes: 1024 });
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0].units).sort()).toEqual([...units].sort());
  });
});
