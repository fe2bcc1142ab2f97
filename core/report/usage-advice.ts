/**
 * Right-sizing advice: compares what each task and service asked for with what it really used,
 * so users can tune their batch file. A request far above use wastes capacity other units could
 * pack into; one at or beyond its limit makes the unit slow (cpu throttling) or kills it (OOM).
 * Pure.
 *
 * The rule above all: following the advice must never make a run slower. So
 *   - cpus come from what the unit needs to keep its duration — its peak and 95th-percentile use
 *     over the run (the rates between the engine's samples, `ResourceUsage.cpuRates`), with
 *     headroom — never from its mean, and never fewer than its peak use with headroom, rounded up;
 *   - memory comes from the true peak (the kernel's maximum where the engine or host gave it;
 *     an OOM-killed attempt reached its limit) with headroom, and never at or below a limit an
 *     attempt was OOM-killed at;
 *   - too little data says nothing: cpu advice needs at least MIN_RATES rates (three samples,
 *     some 2 s of run), a smaller memory request at least MIN_SAMPLES samples; documents written
 *     before the rates were kept get no cpu advice;
 *   - a unit that used little while the machine was saturated (a local engine says how busy the
 *     host was, `hostBusy`) may have been starved, not idle: no fewer cpus from that run.
 *
 * Thresholds are deliberately loose — advice that fires on every run is noise:
 *   - memory over-asked: peak < 25% of the request and at least 64Mi unused;
 *   - memory tight: peak ≥ 90% of the limit (the next run may be OOM-killed), unless the kernel's
 *     peak is mostly page cache (its working set stayed under half the limit: reclaimable);
 *   - cpu over-asked: the suggestion is at most 75% of the request and at least 0.25 cpus less;
 *   - cpu under-asked: 95th-percentile use above 120% of the request (possible where no hard limit
 *     is enforced). A unit using all of its cpus is not flagged: single-threaded work does that at
 *     any request.
 */
import type { ResourceUsage } from '../executor';
import type { UnitDocument } from './run-document';
import { formatBytes, formatCpuCount, formatCpus } from '../format';

export type AdviceKind = 'memory-over' | 'memory-tight' | 'memory-oom' | 'cpu-over' | 'cpu-under';

export interface Advice {
  unit: string;
  kind: AdviceKind;
  /** The observation, e.g. `asked 1Gi, peaked at 90Mi`. */
  message: string;
  /** What to write instead, e.g. `memory: 128Mi`. */
  suggestion: string;
}

const MIB = 1024 * 1024;
/** Fewest CPU rates (intervals between samples) cpu advice is based on. */
export const MIN_RATES = 2;
/** Fewest samples a smaller memory request is based on. */
export const MIN_SAMPLES = 3;
/** Headroom over the 95th-percentile and over the peak cpu use. */
export const CPU_HEADROOM_P95 = 1.25;
export const CPU_HEADROOM_PEAK = 1.1;
/** Headroom over a true peak (the kernel's maximum), and over a sampled one (spikes may be missed). */
export const MEMORY_HEADROOM = 1.25;
export const MEMORY_HEADROOM_SAMPLED = 1.5;

/** A host at least this busy (all its cpus) may have starved the unit: no smaller request from it. */
export const SATURATED = 0.9;

/** What the cpu advice reads from a rate series. */
export interface CpuProfile {
  peak: number;
  p95: number;
  /** The cpus to ask for so that no interval of the run would have been throttled: ≥ peak with headroom. */
  need: number;
}

/** Peak, 95th percentile (nearest rank) and the cpus needed; undefined with fewer than MIN_RATES rates. */
export function cpuProfile(rates: readonly number[]): CpuProfile | undefined {
  const valid = rates.filter((r) => Number.isFinite(r) && r >= 0);
  if (valid.length < MIN_RATES) return undefined;
  const sorted = [...valid].sort((a, b) => a - b);
  const peak = sorted[sorted.length - 1];
  const p95 = sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)];
  const need = Math.max(0.1, roundUpTenth(Math.max(p95 * CPU_HEADROOM_P95, peak * CPU_HEADROOM_PEAK)));
  return { peak, p95, need };
}

export function usageAdvice(unit: UnitDocument): Advice[] {
  if (unit.kind === 'build') return [];
  const advice: Advice[] = [];
  const say = (kind: AdviceKind, message: string, suggestion: string) => advice.push({ unit: unit.id, kind, message, suggestion });

  // What was measured, one entry per attempt (tasks) or for the whole service.
  const measured: Array<{ usage: ResourceUsage; ms: number; limit: number; oom: boolean }> =
    unit.kind === 'service'
      ? unit.usage && unit.start !== undefined && unit.end !== undefined
        ? [{ usage: unit.usage, ms: unit.end - unit.start, limit: unit.memory, oom: false }]
        : []
      : unit.attempts
          .filter((a) => a.outcome?.usage && a.end !== undefined)
          .map((a) => ({ usage: a.outcome!.usage!, ms: a.end! - a.start, limit: a.memory, oom: a.outcome!.status === 'oom' }));

  // Memory.
  const oomLimits = unit.attempts.filter((a) => a.outcome?.status === 'oom').map((a) => a.memory);
  const oomLimit = oomLimits.length > 0 ? Math.max(...oomLimits) : undefined;
  const peakOf = (m: (typeof measured)[number]) => (m.oom ? Math.max(m.usage.peakMemory, m.limit) : m.usage.peakMemory);
  const peak = measured.length > 0 ? Math.max(...measured.map(peakOf)) : 0;
  const trusted = measured.some((m) => peakOf(m) === peak && (m.oom || isKernelPeak(m.usage)));
  const withHeadroom = (bytes: number) => {
    const size = roundUpMemory(bytes * (trusted ? MEMORY_HEADROOM : MEMORY_HEADROOM_SAMPLED));
    // Never at or below a limit an attempt was OOM-killed at.
    return oomLimit !== undefined && size <= oomLimit ? roundUpMemory(oomLimit + 1) : size;
  };
  if (oomLimit !== undefined) {
    // A later attempt that succeeded with more shows the true need; else double the limit.
    const succeeded = measured.filter((m) => !m.oom && isKernelPeak(m.usage));
    const need = succeeded.length > 0 ? withHeadroom(Math.max(...succeeded.map((m) => m.usage.peakMemory))) : roundUpMemory(oomLimit * 2);
    say('memory-oom', `ran out of memory at ${formatBytes(oomLimit)}`, `memory: ${formatBytes(need)}`);
  } else if (peak > 0) {
    const last = measured[measured.length - 1];
    const request = last.limit;
    const enough = measured.some((m) => enoughSamples(m.usage, m.ms));
    if (peak < request * 0.25 && request - peak >= 64 * MIB && enough) {
      say('memory-over', `asked ${formatBytes(request)}, peaked at ${formatBytes(peak)}`, `memory: ${formatBytes(withHeadroom(peak))}`);
    } else if (peak >= request * 0.9 && !mostlyPageCache(last.usage, request)) {
      say('memory-tight', `peaked at ${formatBytes(peak)} of its ${formatBytes(request)} limit`, `memory: ${formatBytes(withHeadroom(peak))}`);
    }
  }

  // CPU: from the rates of the whole run (every attempt, or the service's whole time).
  const rates = measured.flatMap((m) => m.usage.cpuRates ?? []);
  const profile = cpuProfile(rates);
  if (profile) {
    const asked = unit.cpus;
    const used = `used at most ${formatCpus(profile.peak)} (95th percentile ${formatCpus(profile.p95)})`;
    if (profile.need <= asked * 0.75 && asked - profile.need >= 0.25 && !starved(measured.map((m) => m.usage))) {
      say('cpu-over', `asked ${formatCpuCount(asked)}, ${used}`, `cpus: ${formatCpus(profile.need)}`);
    } else if (profile.p95 > asked * 1.2) {
      say('cpu-under', `asked ${formatCpuCount(asked)}, ${used}`, `cpus: ${formatCpus(profile.need)}`);
    }
  }
  return advice;
}

/** Every unit's advice, in unit order. */
export function allUsageAdvice(units: readonly UnitDocument[]): Advice[] {
  return units.flatMap(usageAdvice);
}

/**
 * Whether the unit's low use may be the host's doing: in more than half of its intervals the whole
 * machine was saturated (≥ SATURATED busy), so it may have needed more than it got. Without the
 * host's figures (a remote engine, older documents) it cannot be told, and is not assumed.
 */
function starved(usages: readonly ResourceUsage[]): boolean {
  let saturated = 0;
  let all = 0;
  for (const u of usages) {
    if (!u.hostBusy || u.hostBusy.length !== (u.cpuRates ?? []).length) continue;
    all += u.hostBusy.length;
    saturated += u.hostBusy.filter((b) => b >= SATURATED).length;
  }
  return all > 0 && saturated * 2 > all;
}

/** Whether the peak is the kernel's own maximum (nothing between samples missed). */
function isKernelPeak(usage: ResourceUsage): boolean {
  return usage.peakSource === 'engine' || usage.peakSource === 'cgroup' || usage.peakSource === 'limit';
}

/** Enough samples to trust a low peak: MIN_SAMPLES, or (older documents) some 2 s of run. */
function enoughSamples(usage: ResourceUsage, ms: number): boolean {
  return usage.samples !== undefined ? usage.samples >= MIN_SAMPLES : ms >= 2000;
}

/** A kernel peak near the limit whose sampled working set stayed under half of it: page cache. */
function mostlyPageCache(usage: ResourceUsage, limit: number): boolean {
  return (usage.peakSource === 'engine' || usage.peakSource === 'cgroup') && usage.workingSet !== undefined && usage.workingSet < limit * 0.5;
}

function roundUpTenth(cpus: number): number {
  // The epsilon keeps 1.1 × 1 (1.1000000000000001) at 1.1.
  return Math.ceil(cpus * 10 - 1e-9) / 10;
}

/** Up to the next 16Mi step below 256Mi, the next 64Mi step above: sizes people would write. */
function roundUpMemory(bytes: number): number {
  const step = bytes < 256 * MIB ? 16 * MIB : 64 * MIB;
  return Math.max(step, Math.ceil(bytes / step) * step);
}
