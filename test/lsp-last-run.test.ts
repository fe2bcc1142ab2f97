/**
 * The last run beside the prediction (issue 16): after a real `gantry run` of the file on the
 * Docker engine, each task's second code lens says "last run 4.1s · predicted 3.8s" (failed,
 * skipped: said so) from the run's report.json, and opens that report; the preview's units carry
 * the same text. A new run, told by `gantry/runsChanged`, refreshes lenses and previews. A runs
 * folder is data a run wrote: links, huge, partial, other files' and hostile reports are passed over
 * or shown only as fixed words and numbers.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRefreshRequest, CodeLensRequest, type CodeLens } from 'vscode-languageserver-protocol/node';
import { formatDuration } from '../core/format';
import type { RunDocument } from '../core/report/run-document';
import { PREVIEW_CHANGED_NOTIFICATION, PREVIEW_REQUEST, RUNS_CHANGED_NOTIFICATION, type PreviewData } from '../extension/src/protocol';
import { MAX_REPORT_BYTES, readLastRun } from '../extension/src/server/last-run';
import { startHarness, type Harness } from './lsp/harness';
import { runCli } from './support/cli-io';

const BATCH = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
services:
  db:
    run: exec sleep 60
    health: { run: "true", interval: 200ms }
tasks:
  ok:
    needs: [db]
    run: sleep 1
    estimate: 3s
  shards:
    matrix: { n: [1, 2] }
    run: echo "shard \${{ matrix.n }}"
    estimate: 2s
  bad:
    run: exit 3
    estimate: 1s
  after:
    needs: [bad]
    run: echo never
    estimate: 1s
`;

const root = mkdtempSync(join(tmpdir(), 'gantry-last-run-'));
const file = join(root, 'gantry.yml');
const uri = pathToFileURL(file).toString();
const runs = join(root, '.gantry', 'runs');
let runId = '';
let report: RunDocument;

beforeAll(async () => {
  writeFileSync(file, BATCH);
  const r = await runCli(['run', 'gantry.yml'], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  expect(r.code, r.stderr).toBe(1);
  [runId] = readdirSync(runs);
  report = JSON.parse(readFileSync(join(runs, runId, 'report.json'), 'utf8')) as RunDocument;
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
});
async function open(capabilities = {}): Promise<Harness> {
  const h = await startHarness({ capabilities });
  harnesses.push(h);
  await h.open(uri, BATCH);
  return h;
}
const lenses = (h: Harness) => h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) as Promise<CodeLens[]>;
const lastRunLenses = async (h: Harness) => (await lenses(h)).filter((l) => l.command?.command === 'gantry.openRunReport');
/** The actual span of a task's units in `doc`, as the lens says it. */
function took(doc: RunDocument, name: string): string {
  const units = doc.units.filter((u) => u.name === name);
  return formatDuration(Math.max(...units.map((u) => u.end!)) - Math.min(...units.map((u) => u.start!)));
}
/** A copy of the real run under a newer id, its report changed by `edit`. */
function newerRun(id: string, edit: (doc: RunDocument) => unknown): string {
  cpSync(join(runs, runId), join(runs, id), { recursive: true });
  writeFileSync(join(runs, id, 'report.json'), JSON.stringify(edit(structuredClone(report)) ?? ''));
  return id;
}
function removeRun(id: string): void {
  rmSync(join(runs, id), { recursive: true, force: true });
}

describe('the last run in the code lenses', () => {
  it('says each task\'s actual time beside its prediction, or that it failed or was skipped, and opens the run\'s report', async () => {
    const h = await open();
    const all = await lenses(h);
    const last = all.filter((l) => l.command?.command === 'gantry.openRunReport');
    // One per task and service, on the line of its name, beside the prediction's lens.
    expect(last.map((l) => l.range.start.line)).toEqual(['db', 'ok', 'shards', 'bad', 'after'].map((n) => BATCH.split('\n').indexOf(`  ${n}:`)));
    const predicted = (line: number) => /((up )?\d[\w.]*)$/.exec(all.find((l) => l.range.start.line === line && l.command?.command === 'gantry.openPreview')!.command!.title)![1];
    const [db, ok, shards, bad, after] = last;
    // A service: how long it was up.
    expect(predicted(db.range.start.line)).toMatch(/^up /);
    expect(db.command!.title).toBe(`last run up ${took(report, 'db')} · predicted ${predicted(db.range.start.line)}`);
    expect(report.units.find((u) => u.id === 'ok')!.status).toBe('succeeded');
    expect(ok.command!.title).toBe(`last run ${took(report, 'ok')} · predicted ${predicted(ok.range.start.line)}`);
    // A matrix task: from its first expansion's start to its last one's end.
    expect(shards.command!.title).toBe(`last run ${took(report, 'shards')} · predicted ${predicted(shards.range.start.line)}`);
    expect(bad.command!.title).toBe(`last run failed after ${took(report, 'bad')} · predicted ${predicted(bad.range.start.line)}`);
    expect(after.command!.title).toBe(`last run skipped · predicted ${predicted(after.range.start.line)}`);
    expect(ok.command!.arguments).toEqual([{ reportUri: pathToFileURL(join(runs, runId, 'report.json')).toString(), runId }]);
  });

  it('gives the preview\'s units the same words, one per expansion', async () => {
    const h = await open();
    const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;
    expect(data.lastRun).toEqual({ runId, result: 'failure' });
    const byId = new Map(data.units.map((u) => [u.id, u]));
    for (const unit of report.units) {
      const shown = byId.get(unit.id)!;
      expect(shown.lastRun, unit.id).toMatch(/^last run /);
      const up = unit.kind === 'service' ? 'up ' : '';
      if (unit.status === 'succeeded') expect(shown.lastRun).toBe(`last run ${up}${formatDuration(unit.end! - unit.start!)} · predicted ${up}${formatDuration(shown.end - shown.start)}`);
    }
  });

  it('gives each unit its last-run status for the preview\'s failed filter: failed, oom, timeout and killed are failed', async () => {
    const h = await open();
    const status = (data: PreviewData) => Object.fromEntries(data.units.map((u) => [u.id, u.lastStatus]));
    // The real run: `bad` exited 3, `after` (which needs it) was skipped.
    expect(status((await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData)).toEqual({
      db: 'succeeded', ok: 'succeeded', 'shards[n=1]': 'succeeded', 'shards[n=2]': 'succeeded', bad: 'failed', after: 'skipped',
    });
    // A newer run in which one expansion ran out of memory, `ok` timed out and `db` was killed.
    const id = newerRun(`${runId}-statuses`, (doc) => {
      doc.runId = `${runId}-statuses`;
      const set = (unitId: string, to: string) => Object.assign(doc.units.find((u) => u.id === unitId)!, { status: to });
      set('shards[n=2]', 'oom');
      set('ok', 'timeout');
      set('db', 'killed');
      return doc;
    });
    try {
      await h.client.sendNotification(RUNS_CHANGED_NOTIFICATION);
      const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;
      expect(data.lastRun?.runId).toBe(id);
      expect(status(data)).toEqual({ db: 'failed', ok: 'failed', 'shards[n=1]': 'succeeded', 'shards[n=2]': 'failed', bad: 'failed', after: 'skipped' });
    } finally {
      removeRun(id);
    }
  });

  it('asks for nothing while the newest finished run stays the same (a run still going rewrites its report often)', async () => {
    const h = await open({ workspace: { codeLens: { refreshSupport: true } } });
    await h.client.sendRequest(PREVIEW_REQUEST, { uri });
    let refreshes = 0;
    let previews = 0;
    h.client.onRequest(CodeLensRefreshRequest.type, () => void refreshes++);
    h.client.onNotification(PREVIEW_CHANGED_NOTIFICATION, () => void previews++);
    await lenses(h);
    const id = newerRun(`${runId}-running`, (doc) => ({ ...doc, complete: false, result: 'running' }));
    try {
      for (let i = 0; i < 3; i++) await h.client.sendNotification(RUNS_CHANGED_NOTIFICATION);
      // Handled in order: once this is answered, the notifications were.
      expect((await lastRunLenses(h))[1].command!.arguments).toEqual([expect.objectContaining({ runId })]);
      expect([refreshes, previews]).toEqual([0, 0]);
    } finally {
      removeRun(id);
    }
  });

  it('follows a newer run when told runs changed: lenses refreshed, previews sent again', async () => {
    const h = await open({ workspace: { codeLens: { refreshSupport: true } } });
    await h.client.sendRequest(PREVIEW_REQUEST, { uri });
    const before = (await lastRunLenses(h))[1].command!.title;
    // A newer run in which `ok` took 61 seconds.
    const id = newerRun(`${runId}-z`, (doc) => {
      const ok = doc.units.find((u) => u.id === 'ok')!;
      ok.end = ok.start! + 61_000;
      doc.runId = `${runId}-z`;
      return doc;
    });
    try {
      const refreshed = new Promise<void>((resolve) => h.client.onRequest(CodeLensRefreshRequest.type, () => resolve()));
      const previewed = new Promise<PreviewData>((resolve) => h.client.onNotification(PREVIEW_CHANGED_NOTIFICATION, resolve));
      // Until told, the server keeps what it read.
      expect((await lastRunLenses(h))[1].command!.title).toBe(before);
      await h.client.sendNotification(RUNS_CHANGED_NOTIFICATION);
      await refreshed;
      expect((await previewed).lastRun?.runId).toBe(id);
      const [, ok] = await lastRunLenses(h);
      expect(ok.command!.title).toMatch(/^last run 1m1s · predicted /);
      expect(ok.command!.arguments).toEqual([{ reportUri: pathToFileURL(join(runs, id, 'report.json')).toString(), runId: id }]);
    } finally {
      removeRun(id);
    }
  });
});

describe('reading runs safely', () => {
  const newest = `${'9'.repeat(8)}-000000-evil`;
  afterEach(() => removeRun(newest));

  it('reads the real run', () => {
    expect(readLastRun(uri)?.runId).toBe(runId);
  });

  it.each([
    ['a partial report (a run still going, or killed)', (doc: RunDocument) => ({ ...doc, complete: false })],
    ['a run of another file', (doc: RunDocument) => ({ ...doc, file: join(root, 'other', 'gantry.yml') })],
    ['a report of a newer format', (doc: RunDocument) => ({ ...doc, gantry: 2 })],
    ['not a report', () => ['not', 'a', 'report']],
    ['an unknown result', (doc: RunDocument) => ({ ...doc, result: '<b>won</b>' })],
  ])('passes over %s for the older run', (_, edit) => {
    newerRun(newest, edit);
    expect(readLastRun(uri)?.runId).toBe(runId);
  });

  it('passes over a torn report.json and one larger than the cap', () => {
    newerRun(newest, (doc) => doc);
    writeFileSync(join(runs, newest, 'report.json'), JSON.stringify(report).slice(0, 500));
    expect(readLastRun(uri)?.runId).toBe(runId);
    // Valid JSON, but past the cap: not read at all.
    writeFileSync(join(runs, newest, 'report.json'), JSON.stringify(report) + ' '.repeat(MAX_REPORT_BYTES));
    expect(readLastRun(uri)?.runId).toBe(runId);
  });

  it('follows no links: a linked run folder, a linked report.json', () => {
    symlinkSync(join(runs, runId), join(runs, newest));
    expect(readLastRun(uri)?.runId).toBe(runId);
    rmSync(join(runs, newest));
    mkdirSync(join(runs, newest));
    symlinkSync(join(runs, runId, 'report.json'), join(runs, newest, 'report.json'));
    expect(readLastRun(uri)?.runId).toBe(runId);
  });

  it('follows no link at .gantry or .gantry/runs', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'gantry-last-run-link-'));
    try {
      writeFileSync(join(elsewhere, 'gantry.yml'), BATCH);
      symlinkSync(join(root, '.gantry'), join(elsewhere, '.gantry'));
      expect(readLastRun(pathToFileURL(join(elsewhere, 'gantry.yml')).toString())).toBeUndefined();
      rmSync(join(elsewhere, '.gantry'));
      mkdirSync(join(elsewhere, '.gantry'));
      symlinkSync(runs, join(elsewhere, '.gantry', 'runs'));
      expect(readLastRun(pathToFileURL(join(elsewhere, 'gantry.yml')).toString())).toBeUndefined();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('shows hostile content only as fixed words and numbers', async () => {
    newerRun(newest, (doc) => ({
      ...doc,
      units: doc.units.map((u) =>
        u.id === 'ok'
          ? { ...u, status: '<img src=x onerror=alert(1)>', start: 'soon', end: 1e300 }
          : u.id === 'bad'
            ? { ...u, start: -5, end: Infinity }
            : { ...u, id: `${u.id}\u202e<script>`, name: '<script>alert(1)</script>' },
      ),
    }));
    const h = await open();
    const titles = (await lastRunLenses(h)).map((l) => l.command!.title);
    // `ok`: an unknown status and no usable times; `bad`: failed, its times refused; the rest
    // under ids the file does not have: no lens at all.
    expect(titles).toEqual([expect.stringMatching(/^last run did not finish · predicted \S+$/), expect.stringMatching(/^last run failed · predicted \S+$/)]);
    const data = (await h.client.sendRequest(PREVIEW_REQUEST, { uri })) as PreviewData;
    expect(JSON.stringify(data)).not.toMatch(/script|onerror|\u202e/);
  });

  it('has nothing for a document not on disk or without runs', () => {
    expect(readLastRun('untitled:Untitled-1')).toBeUndefined();
    expect(readLastRun(pathToFileURL(join(tmpdir(), 'nowhere', 'gantry.yml')).toString())).toBeUndefined();
  });
});
