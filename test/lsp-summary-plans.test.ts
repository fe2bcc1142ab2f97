/**
 * `gantry/summary` plans nothing that is planned already or about to be (issue 16): each version
 * of a document is planned at most once, whichever features ask and however often. Counted by the
 * server's `onPlan` hook over a real LSP connection (no timing). While a new version's plan is
 * being made, the summary answers from the last plan, marked `planOf`, and `gantry/summaryChanged`
 * follows once the plan is made.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PREVIEW_REQUEST, SUMMARY_CHANGED_NOTIFICATION, SUMMARY_REQUEST, type PreviewData, type SummaryData } from '../extension/src/protocol';
import { SAMPLE, URI } from './lsp/fixtures';
import { ManualTimers, startHarness, type Harness } from './lsp/harness';

let h: Harness | undefined;
afterEach(() => h?.close());

async function counted(): Promise<{ h: Harness; plans: Map<number, number>; changed: () => Promise<unknown>; followUps: ManualTimers }> {
  const plans = new Map<number, number>();
  const waiters: ((p: unknown) => void)[] = [];
  const arrived: unknown[] = [];
  // The follow-up (which plans after the diagnostics) fires when the test says: no race with the requests.
  const followUps = new ManualTimers();
  h = await startHarness({ followUpTimers: followUps, onPlan: (uri, version) => uri === URI && plans.set(version, (plans.get(version) ?? 0) + 1) });
  h.client.onNotification(SUMMARY_CHANGED_NOTIFICATION, (p: unknown) => {
    const w = waiters.shift();
    if (w) w(p);
    else arrived.push(p);
  });
  const changed = () => (arrived.length ? Promise.resolve(arrived.shift()) : new Promise((resolve) => waiters.push(resolve)));
  return { h, plans, changed, followUps };
}

const ask = (harness: Harness) => harness.client.sendRequest(SUMMARY_REQUEST, { uri: URI }) as Promise<SummaryData>;

describe('gantry/summary plans each version once', () => {
  it('twenty requests for one version, at once and then with the preview: one plan', async () => {
    const { h, plans } = await counted();
    await h.open(URI, SAMPLE);
    const answers = await Promise.all(Array.from({ length: 20 }, () => ask(h)));
    expect(plans).toEqual(new Map([[1, 1]]));
    expect(new Set(answers.map((a) => a.makespan)).size).toBe(1);
    expect(answers[0].planOf).toBeUndefined();
    const preview = (await h.client.sendRequest(PREVIEW_REQUEST, { uri: URI })) as PreviewData;
    await ask(h);
    expect(preview.makespan).toBe(answers[0].makespan);
    expect(plans).toEqual(new Map([[1, 1]]));
  });

  it('a new version: answered from the last plan (planOf) while its own is made once, then summaryChanged', async () => {
    const { h, plans, changed, followUps } = await counted();
    await h.open(URI, SAMPLE);
    const first = await ask(h);
    // Longer estimates: a different makespan, so which plan answered shows.
    expect(SAMPLE).toMatch(/estimate: \d+s/);
    await h.change(URI, SAMPLE.replace(/estimate: (\d+)s/g, (_, n: string) => `estimate: ${Number(n) * 10}s`));
    const behind = await Promise.all(Array.from({ length: 10 }, () => ask(h)));
    for (const answer of behind) {
      expect(answer.version).toBe(2);
      expect(answer.planOf).toEqual({ version: 1 });
      expect(answer.makespan).toBe(first.makespan);
    }
    expect(plans.get(2) ?? 0).toBe(0);
    await followUps.scheduled();
    followUps.flush();
    expect(await changed()).toEqual({ uri: URI });
    expect(plans.get(2)).toBe(1);
    const now = await ask(h);
    expect(now.planOf).toBeUndefined();
    expect(now.makespan).toBeGreaterThan(first.makespan!);
    await ask(h);
    expect(plans).toEqual(new Map([[1, 1], [2, 1]]));
  });

  it('a version with errors plans nothing; the count stays with the version', async () => {
    const { h, plans } = await counted();
    await h.open(URI, SAMPLE);
    await ask(h);
    await h.change(URI, `${SAMPLE}\n  broken:\n    needs: [nowhere]\n    image: busybox\n    run: "true"\n`);
    const broken = await ask(h);
    expect(broken.errors).toBeGreaterThan(0);
    expect(broken.makespan).toBeUndefined();
    expect(plans).toEqual(new Map([[1, 1]]));
  });
});
