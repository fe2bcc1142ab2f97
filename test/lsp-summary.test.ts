/**
 * `gantry/summary` over a real LSP connection, and what the status bar item makes of it
 * (extension/src/client/status-text.ts): problems while the file has errors, else the predicted
 * makespan — the same figure as the preview's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_REQUEST, SUMMARY_REQUEST, type PreviewData, type SummaryData } from '../extension/src/protocol';
import { statusText } from '../extension/src/client/status-text';
import { SAMPLE, URI } from './lsp/fixtures';
import { startHarness, type Harness } from './lsp/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.open(URI, SAMPLE);
});
afterAll(() => h.close());

describe('gantry/summary', () => {
  it('a valid file: counts and the makespan the preview predicts', async () => {
    const data = (await h.client.sendRequest(SUMMARY_REQUEST, { uri: URI })) as SummaryData;
    const preview = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: URI })) as PreviewData;
    expect(data.errors).toBe(0);
    expect(data.makespan).toBe(preview.makespan);
    expect(data.tasks).toBe(preview.units.filter((u) => u.kind === 'task').length);
    expect(data.services).toBe(preview.units.filter((u) => u.kind === 'service').length);
    expect(statusText(data).text).toMatch(/^\$\(graph\) Gantry: \S+ predicted$/);
  });

  it('a file with errors: their count, no makespan', async () => {
    const uri = 'file:///work/broken/gantry.yml';
    await h.open(uri, `${SAMPLE}\n  extra:\n    needs: [nowhere, elsewhere]\n    image: busybox\n    run: "true"\n`);
    const data = (await h.client.sendRequest(SUMMARY_REQUEST, { uri })) as SummaryData;
    expect(data.errors).toBe(2);
    expect(data.makespan).toBeUndefined();
    expect(statusText(data)).toEqual({
      text: '$(error) Gantry: 2 problems',
      tooltip: expect.stringMatching(/^2 errors(, \d+ warnings?)?: no schedule until they are fixed/),
    });
  });

  it('a document that is not an open batch file: null', async () => {
    expect(await h.client.sendRequest(SUMMARY_REQUEST, { uri: 'file:///work/other.yml' })).toBeNull();
  });

  it('the words: singular and plural, services only when there are some', () => {
    const base = { uri: URI, version: 1, errors: 0, warnings: 1, tasks: 1, services: 0, makespan: 67_000 };
    expect(statusText(base)).toEqual({ text: '$(graph) Gantry: 1m7s predicted', tooltip: 'Predicted makespan 1m7s for 1 task, 1 warning. Click for the schedule preview.' });
    expect(statusText({ ...base, warnings: 0, tasks: 6, services: 2 }).tooltip).toBe('Predicted makespan 1m7s for 6 tasks, 2 services. Click for the schedule preview.');
    expect(statusText({ ...base, errors: 1 }).text).toBe('$(error) Gantry: 1 problem');
  });
});
