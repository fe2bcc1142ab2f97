/**
 * Issue 16: diagnostics first, then what follows them. Over the real LSP connection: a version's
 * diagnostics are sent before its preview and before the code lenses are refreshed; the plan of
 * a version a newer one superseded is never sent; the first code lenses come from the parse (one
 * per task and service, so the text does not move) and get their titles once the plan is ready.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  type CodeLens,
} from 'vscode-languageserver-protocol/node';
import { PREVIEW_CHANGED_NOTIFICATION, PREVIEW_REQUEST, type PreviewData } from '../extension/src/protocol';
import { PLANNING_LENS_TITLE, STALE_LENS_SUFFIX } from '../extension/src/server/providers/code-lens';
import { SAMPLE } from './lsp/fixtures';
import { ManualTimers, startHarness, type Harness } from './lsp/harness';

let h: Harness | undefined;
afterEach(() => h?.close());

let docs = 0;
const uri = () => `file:///work/order${docs++}/gantry.yml`;

/** The file with `lint`'s estimate changed: still valid, another schedule. */
const valid = (seconds: number) => SAMPLE.replace('estimate: 5s', `estimate: ${seconds}s`);
const BROKEN = SAMPLE.replace('      - lint', '      - lnt');

/** What the client received, in order: `diagnostics@version`, `preview@version`, `refresh`. */
function record(harness: Harness, u: string): string[] {
  const log: string[] = [];
  const take = (): void => {
    void harness.nextDiagnostics(u).then((p) => {
      log.push(`diagnostics@${p.version}`);
      take();
    });
  };
  take();
  harness.client.onNotification(PREVIEW_CHANGED_NOTIFICATION, (d: PreviewData) => {
    if (d.uri === u) log.push(`preview@${d.version}`);
  });
  harness.client.onRequest(CodeLensRefreshRequest.type, () => void log.push('refresh'));
  return log;
}

async function change(harness: Harness, u: string, version: number, text: string): Promise<void> {
  await harness.client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version }, contentChanges: [{ text }] });
  await harness.timers.scheduled();
}

/** Resolves once `log` has `entry` (`times` times). */
async function until(log: string[], entry: string, times = 1): Promise<void> {
  while (log.filter((e) => e === entry).length < times) await new Promise((resolve) => setImmediate(resolve));
}

describe('diagnostics first', () => {
  it('sends a version diagnostics before its preview (Node timers)', async () => {
    h = await startHarness();
    const u = uri();
    await h.open(u, SAMPLE);
    await h.client.sendRequest(PREVIEW_REQUEST, { uri: u });
    const log = record(h, u);
    await change(h, u, 2, valid(7));
    h.timers.flush();
    await until(log, 'preview@2');
    await change(h, u, 3, BROKEN);
    h.timers.flush();
    await until(log, 'preview@3');
    expect(log).toEqual(['diagnostics@2', 'preview@2', 'diagnostics@3', 'preview@3']);
  });

  it('plans only once the diagnostics are out, and never for a version a newer one superseded', async () => {
    const followUps = new ManualTimers();
    h = await startHarness({ followUpTimers: followUps });
    const u = uri();
    await h.open(u, SAMPLE);
    const first = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: u })) as PreviewData;
    const log = record(h, u);

    // Version 2: its diagnostics are sent; its preview waits for the follow-up.
    await change(h, u, 2, valid(7));
    h.timers.flush();
    await until(log, 'diagnostics@2');
    await followUps.scheduled();
    expect(log).toEqual(['diagnostics@2']);

    // Version 3 arrives before that follow-up ran: version 2's plan is dropped.
    await change(h, u, 3, valid(300));
    expect(followUps.size).toBe(0);
    followUps.flush();
    h.timers.flush();
    await until(log, 'diagnostics@3');
    await followUps.scheduled();
    followUps.flush();
    await until(log, 'preview@3');
    // A request answered after the preview: nothing else was on its way.
    await h.client.sendRequest(PREVIEW_REQUEST, { uri: u });
    expect(log).toEqual(['diagnostics@2', 'diagnostics@3', 'preview@3']);
    expect(first.version).toBe(1);
  });

  it('drops a follow-up that finds a newer version still waiting for its diagnostics', async () => {
    const followUps = new ManualTimers();
    h = await startHarness({ followUpTimers: followUps, capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    const u = uri();
    await h.open(u, SAMPLE);
    const log = record(h, u);
    // Lenses asked for before the plan: a follow-up is waiting.
    await h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } });
    await h.client.sendRequest(PREVIEW_REQUEST, { uri: u });
    await change(h, u, 2, valid(9));
    // The change cancelled it; the newer version's diagnostics come first, then its plan.
    expect(followUps.size).toBe(0);
    h.timers.flush();
    await until(log, 'diagnostics@2');
    await followUps.scheduled();
    followUps.flush();
    await until(log, 'refresh');
    expect(log).toEqual(['diagnostics@2', 'preview@2', 'refresh']);
  });
});

describe('the first code lenses', () => {
  const lenses = async (harness: Harness, u: string) => (await harness.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } })) as CodeLens[];
  const ranges = (list: CodeLens[]) => list.map((l) => JSON.stringify(l.range));

  it('come from the parse at once, then get the plan titles on the same lines', async () => {
    const followUps = new ManualTimers();
    h = await startHarness({ followUpTimers: followUps, capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    const u = uri();
    await h.open(u, SAMPLE);
    const log = record(h, u);
    const quick = await lenses(h, u);
    expect(quick.map((l) => l.command!.title)).toEqual(Array(5).fill(PLANNING_LENS_TITLE));
    expect(log).toEqual([]);
    await followUps.scheduled();
    followUps.flush();
    await until(log, 'refresh');
    const planned = await lenses(h, u);
    expect(ranges(planned)).toEqual(ranges(quick));
    expect(planned.every((l) => l.command!.title !== PLANNING_LENS_TITLE)).toBe(true);
    expect(planned.find((l) => l.range.start.line === quick[0].range.start.line)!.command!.title).toMatch(/ · up /);

    // A new version: its lenses keep the titles of the last plan on the same lines until refreshed.
    await change(h, u, 2, valid(40));
    h.timers.flush();
    await until(log, 'diagnostics@2');
    const kept = await lenses(h, u);
    expect(kept.map((l) => l.command!.title)).toEqual(planned.map((l) => l.command!.title));
    expect(ranges(kept)).toEqual(ranges(planned));
    await followUps.scheduled();
    followUps.flush();
    await until(log, 'refresh', 2);
    expect(log).toEqual(['refresh', 'diagnostics@2', 'refresh']);
    const replanned = await lenses(h, u);
    expect(ranges(replanned)).toEqual(ranges(planned));
    expect(replanned.map((l) => l.command!.title)).not.toEqual(planned.map((l) => l.command!.title));

    // With errors: the calm lenses of the last version without them, marked stale.
    await change(h, u, 3, BROKEN);
    h.timers.flush();
    await until(log, 'diagnostics@3');
    const stale = await lenses(h, u);
    expect(stale.length).toBe(replanned.length);
    expect(stale.every((l) => l.command!.title.endsWith(STALE_LENS_SUFFIX))).toBe(true);
  });
});

describe('a file that never had a version without errors', () => {
  it('answers its lenses (none) without a plan to wait for or a refresh to ask', async () => {
    const followUps = new ManualTimers();
    h = await startHarness({ followUpTimers: followUps, capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    const u = uri();
    await h.open(u, BROKEN);
    const log = record(h, u);
    expect(await h.client.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } })).toEqual([]);
    expect(followUps.size).toBe(0);
    expect(log).toEqual([]);
  });
});

describe('what did not change is not read again', () => {
  it('reads the history beside a file once, not per version, and again once the file is opened again', async () => {
    h = await startHarness();
    const dir = mkdtempSync(join(tmpdir(), 'gantry-lsp-order-'));
    try {
      const file = join(dir, 'gantry.yml');
      writeFileSync(file, SAMPLE);
      mkdirSync(join(dir, '.gantry', 'history'), { recursive: true });
      const history = (duration: number) => {
        const record = { v: 1, run: `r${duration}`, at: '2025-01-01T00:00:00Z', units: { build: { kind: 'task', attempts: [{ n: 1, result: 'succeeded', duration, setup: 400 }] } } };
        writeFileSync(join(dir, '.gantry', 'history', 'gantry.yml.jsonl'), `${JSON.stringify(record)}\n`);
      };
      history(4600);
      const u = pathToFileURL(file).href;
      const estimate = async () => ((await h!.client.sendRequest(PREVIEW_REQUEST, { uri: u })) as PreviewData).units.find((x) => x.id === 'build')!.estimate;
      await h.open(u, SAMPLE);
      expect(await estimate()).toBe('estimate 4.2s (median of 1 earlier run)');
      // Written behind the server's back (no run ended): a new version keeps what was read.
      history(9600);
      await h.change(u, valid(6));
      expect(await estimate()).toBe('estimate 4.2s (median of 1 earlier run)');
      await h.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: u } });
      await h.open(u, SAMPLE);
      expect(await estimate()).toBe('estimate 9.2s (median of 1 earlier run)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
