/**
 * The right-sizing rules (core/report/usage-advice.ts), pure: cpus from peak and 95th-percentile
 * use with headroom (never the mean, never below the peak with headroom), memory from the true
 * peak with headroom and never at an OOM-killed limit, services advised too, silence with too
 * little data.
 */
import { describe, expect, it } from 'vitest';
import type { ResourceUsage } from '../core/executor';
import type { AttemptDocument, UnitDocument } from '../core/report/run-document';
import { cpuProfile, usageAdvice } from '../core/report/usage-advice';

const MI = 1024 * 1024;

function task(over: Partial<UnitDocument>): UnitDocument {
  return { id: 't', kind: 'task', name: 't', status: 'succeeded', needs: [], cpus: 1, memory: 1024 * MI, estimate: 1000, allowFailure: false, attempts: [], ...over };
}

function attempt(usage: Partial<ResourceUsage> & { peakMi?: number }, over: Partial<AttemptDocument> = {}): AttemptDocument {
  const { peakMi = 50, ...rest } = usage;
  const memory = over.memory ?? 1024 * MI;
  return {
    number: 1,
    start: 0,
    end: 10_000,
    memory,
    outcome: { status: 'succeeded', exitCode: 0, usage: { peakMemory: peakMi * MI, cpuSeconds: 5, peakSource: 'cgroup', samples: 10, ...rest } },
    ...over,
  };
}

const kinds = (advice: ReturnType<typeof usageAdvice>) => advice.map((a) => [a.kind, a.suggestion]);

describe('cpu profile', () => {
  it('takes the peak and the 95th percentile (nearest rank) of the rates', () => {
    const rates = Array.from({ length: 20 }, (_, i) => (i + 1) / 10); // 0.1 … 2.0
    expect(cpuProfile(rates)).toMatchObject({ peak: 2, p95: 1.9 });
  });
  it('needs at least as much as the peak with headroom, rounded up to a tenth', () => {
    // p95 × 1.25 = 1.25, peak × 1.1 = 1.87: the peak decides.
    expect(cpuProfile([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.7])!.need).toBe(1.9);
    // A peak of exactly 1 cpu: 1.1 × 1 is 1.1, not 1.2.
    expect(cpuProfile([...Array<number>(19).fill(0.5), 1])!.need).toBe(1.1);
    expect(cpuProfile([1, 1])!.need).toBe(1.3);
    expect(cpuProfile([0, 0])!.need).toBe(0.1);
  });
  it('says nothing with fewer than two rates', () => {
    expect(cpuProfile([])).toBeUndefined();
    expect(cpuProfile([1.5])).toBeUndefined();
  });
});

describe('cpu advice', () => {
  it('is based on the peak, not the mean: a bursty task keeps what its bursts need', () => {
    // Mean 0.4 of 4 cpus asked — the old rule said `cpus: 0.6`; its bursts use 1.6.
    const rates = [0.1, 0.1, 0.1, 0.1, 1.6, 0.1, 0.1, 0.1, 0.1, 1.5];
    const advice = usageAdvice(task({ cpus: 4, attempts: [attempt({ cpuRates: rates })] }));
    expect(kinds(advice)).toContainEqual(['cpu-over', 'cpus: 2']);
    expect(advice.find((a) => a.kind === 'cpu-over')!.message).toBe('asked 4 cpus, used at most 1.6 (95th percentile 1.6)');
    // Asked 2: 2 is not worth saying (not ≤ 75 % of the request).
    expect(usageAdvice(task({ cpus: 2, attempts: [attempt({ cpuRates: rates })] })).filter((a) => a.kind.startsWith('cpu'))).toEqual([]);
  });
  it('never suggests fewer cpus than the peak use with headroom', () => {
    for (const rates of [[0.3, 0.2, 0.9], [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.7]]) {
      const peak = Math.max(...rates);
      for (const advice of usageAdvice(task({ cpus: 8, attempts: [attempt({ cpuRates: rates })] }))) {
        if (!advice.kind.startsWith('cpu')) continue;
        expect(Number(advice.suggestion.replace('cpus: ', ''))).toBeGreaterThanOrEqual(Math.ceil(peak * 1.1 * 10) / 10);
      }
    }
  });
  it('flags sustained use beyond the request (no hard limit)', () => {
    const advice = usageAdvice(task({ cpus: 0.5, attempts: [attempt({ peakMi: 500, cpuRates: [1.9, 1.9, 1.8] })] }));
    expect(kinds(advice)).toEqual([['cpu-under', 'cpus: 2.4']]);
  });
  it('says nothing about a task using all of its cpus, or one that fits', () => {
    expect(usageAdvice(task({ cpus: 1, attempts: [attempt({ peakMi: 500, cpuRates: [1, 1, 0.98] })] }))).toEqual([]);
    expect(usageAdvice(task({ cpus: 0.5, attempts: [attempt({ peakMi: 500, cpuRates: [0.3, 0.35] })] }))).toEqual([]);
  });
  it('no fewer cpus from a run the saturated machine may have starved', () => {
    const rates = [0.5, 0.5, 0.5, 0.5];
    expect(kinds(usageAdvice(task({ cpus: 2, attempts: [attempt({ peakMi: 500, cpuRates: rates, hostBusy: [1, 0.95, 0.3, 0.99] })] })))).toEqual([]);
    // The host had cpus to spare most of the time: the use was the need.
    expect(kinds(usageAdvice(task({ cpus: 2, attempts: [attempt({ peakMi: 500, cpuRates: rates, hostBusy: [0.4, 0.95, 0.3, 0.5] })] })))).toEqual([['cpu-over', 'cpus: 0.7']]);
  });
  it('stays silent with too little data: a task shorter than a couple of samples, or no rates kept', () => {
    expect(usageAdvice(task({ cpus: 4, memory: 128 * MI, attempts: [attempt({ peakMi: 60, samples: 2, cpuRates: [0.1] }, { end: 1500, memory: 128 * MI })] }))).toEqual([]);
    // A document from before the rates were kept: the mean alone is not advice.
    expect(usageAdvice(task({ cpus: 4, memory: 128 * MI, attempts: [attempt({ peakMi: 60, samples: undefined, cpuRates: undefined }, { memory: 128 * MI })] }))).toEqual([]);
  });
});

describe('memory advice', () => {
  it('from the true peak with headroom', () => {
    const advice = usageAdvice(task({ attempts: [attempt({ peakMi: 150 })] }));
    // 150Mi × 1.25 = 187.5Mi → the next 16Mi step.
    expect(kinds(advice)).toEqual([['memory-over', 'memory: 192Mi']]);
    expect(advice[0].message).toBe('asked 1Gi, peaked at 150Mi');
  });
  it('with more headroom when the peak is only a sample (a spike may have been missed)', () => {
    expect(kinds(usageAdvice(task({ attempts: [attempt({ peakMi: 150, peakSource: 'samples' })] })))).toEqual([['memory-over', 'memory: 240Mi']]);
  });
  it('says nothing about a smaller request from a task shorter than a couple of samples', () => {
    expect(usageAdvice(task({ attempts: [attempt({ peakMi: 10, samples: 1 }, { end: 800 })] }))).toEqual([]);
  });
  it('after an OOM: never at or below the limit that was killed; a later success shows the need', () => {
    const oom: AttemptDocument = { number: 1, start: 0, end: 500, memory: 128 * MI, outcome: { status: 'oom', exitCode: 137, usage: { peakMemory: 3 * MI, cpuSeconds: 0.1, samples: 1 } } };
    expect(kinds(usageAdvice(task({ memory: 128 * MI, attempts: [oom] })))).toEqual([['memory-oom', 'memory: 256Mi']]);
    // The retry at 256Mi peaked at 100Mi: 125Mi with headroom, but never at or below 128Mi.
    const retry = attempt({ peakMi: 100 }, { number: 2, start: 1000, memory: 256 * MI });
    expect(kinds(usageAdvice(task({ memory: 128 * MI, attempts: [oom, retry] })))).toEqual([['memory-oom', 'memory: 144Mi']]);
    // It peaked at 200Mi: 250Mi.
    const bigger = attempt({ peakMi: 200 }, { number: 2, start: 1000, memory: 256 * MI });
    expect(kinds(usageAdvice(task({ memory: 128 * MI, attempts: [oom, bigger] })))).toEqual([['memory-oom', 'memory: 256Mi']]);
  });
  it('tight: near the limit, unless the kernel peak is page cache (a small working set)', () => {
    expect(kinds(usageAdvice(task({ memory: 128 * MI, attempts: [attempt({ peakMi: 120, workingSet: 110 * MI }, { memory: 128 * MI })] })))).toEqual([['memory-tight', 'memory: 160Mi']]);
    expect(usageAdvice(task({ memory: 128 * MI, attempts: [attempt({ peakMi: 127, workingSet: 20 * MI }, { memory: 128 * MI })] }))).toEqual([]);
  });
});

describe('services', () => {
  it('are advised from their whole run', () => {
    const db = task({
      id: 'db',
      kind: 'service',
      cpus: 2,
      memory: 1024 * MI,
      start: 0,
      end: 30_000,
      usage: { peakMemory: 200 * MI, cpuSeconds: 9, peakSource: 'cgroup', samples: 30, cpuRates: [0.2, 0.3, 0.9, 0.2, 0.3] },
    });
    expect(kinds(usageAdvice(db))).toEqual([
      ['memory-over', 'memory: 256Mi'],
      ['cpu-over', 'cpus: 1.2'],
    ]);
  });
  it('a service that was not measured gets none', () => {
    expect(usageAdvice(task({ id: 'db', kind: 'service', cpus: 4, start: 0, end: 30_000 }))).toEqual([]);
  });
});
