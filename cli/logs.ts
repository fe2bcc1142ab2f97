/**
 * `gantry logs [RUN] [UNIT ...]`: prints the logs a run kept in its folder
 * (`.gantry/runs/<run-id>/logs/`), attempt by attempt, with a header line each — for the run that
 * just failed in CI (downloaded as an artifact) or locally, without finding the files by hand.
 *
 * Log text is what containers wrote: it goes through `sanitize` (control characters shown, colour
 * kept only on a terminal), and files are read without following links.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { AttemptDocument, RunDocument, UnitDocument } from '../core/report/run-document';
import { readRegularFile } from '../core/host/files';
import { fileSafeId } from '../core/run/log-name';
import { sanitize } from '../core/sanitize';
import type { CliIo, Command } from './io';
import { EXIT } from './io';

const USAGE = `Usage: gantry logs [RUN] [UNIT ...] [options]

Print the logs of a run, attempt by attempt, each under a header line.

  RUN             A run id (a folder under .gantry/runs/). Default: the newest run.
  UNIT            A task or service name (all its matrix expansions) or one expansion
                  ('test[shard=1]'); several may be given. Default: every unit.

Options:
  --file FILE     The batch file whose runs to read (runs are in <its folder>/.gantry/runs/).
                  Default: the current folder's .gantry/runs/.
  --tail N        Only the last N lines of each log.
  --list          List the runs (newest first) and stop.

Exit codes: 0 printed, 1 no such run or unit, 2 usage error.
`;

/** The most of one log file read (the run itself caps logs at 50 MiB). */
const MAX_LOG_BYTES = 64 * 1024 * 1024;
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

interface LogArgs {
  positionals: string[];
  file?: string;
  tail?: number;
  list: boolean;
}

export const logs: Command = {
  summary: "Print a run's logs from its run folder",
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parse(argv);
    if (typeof args === 'string') {
      io.stderr.write(`gantry logs: ${args}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    const runsDir = runsFolder(args.file, io.cwd);
    const runs = listRuns(runsDir);
    if (args.list) {
      for (const run of runs) io.stdout.write(`${sanitize(run)}\n`);
      if (runs.length === 0) io.stderr.write(`gantry logs: no runs in ${sanitize(runsDir)}\n`);
      return EXIT.ok;
    }
    const [first, ...rest] = args.positionals;
    let runId: string | undefined;
    let units: string[];
    if (first !== undefined && (runs.includes(first) || first === 'latest')) {
      runId = first === 'latest' ? runs[0] : first;
      units = rest;
    } else {
      runId = runs[0];
      units = args.positionals;
    }
    if (runId === undefined) {
      io.stderr.write(`gantry logs: no runs in ${sanitize(runsDir)}${args.file ? '' : ' (give the batch file with --file)'}\n`);
      return EXIT.failed;
    }
    const runDir = join(runsDir, runId);
    const entries = logEntries(runDir);
    const chosen = units.length ? entries.filter((e) => units.some((u) => matches(e, u))) : entries;
    const unknown = units.filter((u) => !entries.some((e) => matches(e, u)));
    if (unknown.length) {
      const known = [...new Set(entries.map((e) => e.unit ?? e.file))].join(', ') || 'none';
      io.stderr.write(`gantry logs: run ${sanitize(runId)} has no logs for ${unknown.map((u) => `'${sanitize(u)}'`).join(', ')} (it has: ${sanitize(known)})\n`);
      // A task the cache or a resume took from another run did not run in this one: its logs are there.
      for (const elsewhere of ranElsewhere(join(runDir, 'report.json'), unknown)) {
        io.stderr.write(
          `  ${sanitize(elsewhere.id)} did not run in it: ${elsewhere.how} (from ${sanitize(elsewhere.from)}); its logs: gantry logs ${elsewhere.from} ${shellWord(sanitize(elsewhere.id))}${args.file !== undefined ? ` --file ${shellWord(sanitize(args.file))}` : ''}\n`,
        );
      }
      return EXIT.failed;
    }
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
    for (const entry of chosen) {
      const content = readRegularFile(join(runDir, 'logs', entry.file), MAX_LOG_BYTES);
      io.stdout.write(`==> ${sanitize(entry.title)} · logs/${sanitize(entry.file)} <==\n`);
      if (content === undefined) {
        io.stdout.write('(not readable: missing, or not a regular file)\n\n');
        continue;
      }
      let text = content.toString('utf8');
      if (args.tail !== undefined) text = lastLines(text, args.tail);
      const clean = sanitize(text, { multiline: true, sgr: color ? 'keep' : 'strip' });
      io.stdout.write(clean.endsWith('\n') || clean === '' ? `${clean}\n` : `${clean}\n\n`);
    }
    return EXIT.ok;
  },
};

interface LogEntry {
  /** The unit id, when the report names it. */
  unit?: string;
  /** The task or service name. */
  name?: string;
  title: string;
  /** Relative to `logs/`. */
  file: string;
}

/**
 * Every log of the run: the report's attempts in its order (with their outcome), then any file
 * the report does not name (services' logs, or a run that crashed before its report listed them).
 */
function logEntries(runDir: string): LogEntry[] {
  // Not through a link: `logs -> /var/log` (a checkout or a downloaded artifact can hold one)
  // would print another folder's files.
  const files = realFolder(join(runDir, 'logs')) ? safeList(join(runDir, 'logs'), 'files').filter((f) => f.endsWith('.log')) : [];
  const doc = readReport(join(runDir, 'report.json'));
  const entries: LogEntry[] = [];
  const named = new Set<string>();
  for (const unit of doc?.units ?? []) {
    // report.json is data (a fork's run's artifact): anything not shaped as Gantry writes it is left out.
    if (!isRecord(unit) || typeof unit.id !== 'string' || !Array.isArray(unit.attempts)) continue;
    if (typeof unit.name !== 'string') unit.name = unit.id;
    for (const attempt of unit.attempts) {
      if (!isRecord(attempt) || typeof attempt.log !== 'string' || !attempt.log.startsWith('logs/')) continue;
      if (attempt.outcome !== undefined && !isRecord(attempt.outcome)) continue;
      const file = attempt.log.slice('logs/'.length);
      if (named.has(file) || !files.includes(file)) continue;
      named.add(file);
      entries.push({ unit: unit.id, name: unit.name, file, title: attemptTitle(unit, attempt) });
    }
    if (unit.kind === 'service') {
      const stem = fileSafeId(unit.id);
      const file = files.find((f) => !named.has(f) && (f === `${stem}.service.log` || (f.startsWith(`${stem}~`) && f.endsWith('.service.log'))));
      if (file !== undefined) {
        named.add(file);
        entries.push({ unit: unit.id, name: unit.name, file, title: `${unit.id} · service · ${plain(unit.status)}` });
      }
    }
  }
  for (const file of files) if (!named.has(file)) entries.push({ file, title: file.replace(/\.log$/, '') });
  return entries;
}

function attemptTitle(unit: UnitDocument, attempt: AttemptDocument): string {
  const outcome = attempt.outcome;
  const status = outcome ? `${plain(outcome.status)}${outcome.exitCode !== undefined ? ` (exit ${plain(outcome.exitCode)})` : ''}` : 'running';
  return `${unit.id} · attempt ${plain(attempt.number)} · ${status}`;
}

/** A report's scalar as text; anything else (an object a crafted report put there) as `?`. */
function plain(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '?';
}

function matches(entry: LogEntry, wanted: string): boolean {
  if (entry.unit !== undefined) return entry.unit === wanted || entry.name === wanted;
  const stem = entry.file.replace(/\.(\d+|service)\.log$/, '');
  return stem === fileSafeId(wanted) || stem.startsWith(`${fileSafeId(wanted)}[`);
}

/** Units of the report named by `wanted` that were cached or taken over by a resume: where they really ran. */
function ranElsewhere(reportPath: string, wanted: readonly string[]): { id: string; from: string; how: string }[] {
  const found: { id: string; from: string; how: string }[] = [];
  for (const unit of readReport(reportPath)?.units ?? []) {
    if (!isRecord(unit) || typeof unit.id !== 'string') continue;
    if (!wanted.some((w) => w === unit.id || w === unit.name)) continue;
    const from = typeof unit.cachedFrom === 'string' ? unit.cachedFrom : typeof unit.resumedFrom === 'string' ? unit.resumedFrom : undefined;
    // Only a run id: a report is data, and what is printed as a command must be one.
    if (from === undefined || !RUN_ID.test(from)) continue;
    found.push({ id: unit.id, from, how: typeof unit.cachedFrom === 'string' ? 'cached' : 'taken over by --resume' });
  }
  return found;
}

/** `word` as one shell word, ready to paste: quoted unless plain. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function readReport(path: string): RunDocument | undefined {
  const raw = readRegularFile(path, MAX_REPORT_BYTES);
  if (raw === undefined) return undefined;
  try {
    const doc = JSON.parse(raw.toString('utf8')) as RunDocument;
    return Array.isArray(doc?.units) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function runsFolder(file: string | undefined, cwd: string): string {
  if (file !== undefined) return join(dirname(resolve(cwd, file)), '.gantry', 'runs');
  return join(cwd, '.gantry', 'runs');
}

/** A run id as runBatch makes and accepts them (core/run/resume.ts): one plain path segment. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Run folders, newest first (run ids start with a UTC timestamp, so they sort by time): only
 * names that are run ids (a folder named with escape sequences is no run), and none when
 * `.gantry` or `.gantry/runs` is a link.
 */
function listRuns(runsDir: string): string[] {
  if (!realFolder(dirname(runsDir)) || !realFolder(runsDir)) return [];
  return safeList(runsDir, 'folders')
    .filter((name) => RUN_ID.test(name))
    .sort()
    .reverse();
}

/** Whether `path` is a folder itself, not a link to one. */
function realFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isRecord(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Names of the real folders or regular files in `dir` (links are neither), sorted; none when it cannot be read. */
function safeList(dir: string, kind: 'folders' | 'files'): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => (kind === 'folders' ? d.isDirectory() : d.isFile()))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

function lastLines(text: string, n: number): string {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(Math.max(0, lines.length - n)).join('\n') + (lines.length ? '\n' : '');
}

function parse(argv: string[]): LogArgs | string {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { file: { type: 'string' }, tail: { type: 'string' }, list: { type: 'boolean' } },
    });
  } catch (error) {
    return (error as Error).message;
  }
  const { values, positionals } = parsed;
  let tail: number | undefined;
  if (values.tail !== undefined) {
    if (!/^\d+$/.test(values.tail)) return `--tail wants a whole number of lines, not '${values.tail}'`;
    tail = Number(values.tail);
  }
  return { positionals, file: values.file, tail, list: values.list ?? false };
}
