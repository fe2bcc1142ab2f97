/**
 * Right-sizing advice: compares what each task asked for with what it really used, so users can
 * tune their batch file. A request far above use wastes capacity other tasks could pack into; one
 * at or beyond its limit makes the task slow (cpu throttling) or kills it (OOM). Pure.
 *
 * Thresholds are deliberately loose — advice that fires on every run is noise:
 *   - memory over-asked: peak < 25% of the request and at least 64Mi unused;
 *   - memory tight: peak ≥ 90% of the limit (the next run may be OOM-killed);
 *   - cpu over-asked: mean use < 25% of the request and at least 0.25 cpus unused;
 *   - cpu under-asked: mean use > 150% of the request (possible where no hard limit is enforced);
 *   cpu figures only for attempts of at least 2 s: shorter ones are dominated by start-up. A task
 *   using all of its cpus is not flagged: single-threaded work does that at any request.
 */
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
const MIN_CPU_SAMPLE_MS = 2000;

export function usageAdvice(unit: UnitDocument): Advice[] {
  if (unit.kind !== 'task') return [];
  const advice: Advice[] = [];
  const measured = unit.attempts.filter((a) => a.outcome?.usage && a.end !== undefined);
  const oom = unit.attempts.filter((a) => a.outcome?.status === 'oom');
  if (oom.length > 0) {
    const limit = Math.max(...oom.map((a) => a.memory));
    advice.push({
      unit: unit.id,
      kind: 'memory-oom',
      message: `ran out of memory at ${formatBytes(limit)}`,
      suggestion: `memory: ${formatBytes(roundUpMemory(limit * 2))}`,
    });
  }
  if (measured.length === 0) return advice;

  const peak = Math.max(...measured.map((a) => a.outcome!.usage!.peakMemory));
  const last = measured[measured.length - 1];
  const request = last.memory;
  if (peak > 0 && oom.length === 0) {
    if (peak < request * 0.25 && request - peak >= 64 * MIB) {
      advice.push({
        unit: unit.id,
        kind: 'memory-over',
        message: `asked ${formatBytes(request)}, peaked at ${formatBytes(peak)}`,
        suggestion: `memory: ${formatBytes(roundUpMemory(peak * 1.5))}`,
      });
    } else if (peak >= request * 0.9) {
      advice.push({
        unit: unit.id,
        kind: 'memory-tight',
        message: `peaked at ${formatBytes(peak)} of its ${formatBytes(request)} limit`,
        suggestion: `memory: ${formatBytes(roundUpMemory(peak * 1.5))}`,
      });
    }
  }

  const long = measured.filter((a) => a.end! - a.start >= MIN_CPU_SAMPLE_MS);
  if (long.length > 0) {
    const cpuSeconds = long.reduce((s, a) => s + a.outcome!.usage!.cpuSeconds, 0);
    const seconds = long.reduce((s, a) => s + (a.end! - a.start) / 1000, 0);
    const mean = cpuSeconds / seconds;
    const asked = unit.cpus;
    if (mean < asked * 0.25 && asked - mean >= 0.25) {
      advice.push({
        unit: unit.id,
        kind: 'cpu-over',
        message: `asked ${formatCpuCount(asked)}, used ${formatCpus(mean)}`,
        suggestion: `cpus: ${formatCpus(Math.max(0.1, Math.ceil(mean * 1.5 * 10) / 10))}`,
      });
    } else if (mean > asked * 1.5) {
      advice.push({
        unit: unit.id,
        kind: 'cpu-under',
        message: `asked ${formatCpuCount(asked)}, used ${formatCpus(mean)}`,
        suggestion: `cpus: ${formatCpus(Math.ceil(mean * 10) / 10)}`,
      });
    }
  }
  return advice;
}

/** Every unit's advice, in unit order. */
export function allUsageAdvice(units: readonly UnitDocument[]): Advice[] {
  return units.flatMap(usageAdvice);
}

/** Up to the next 16Mi step below 256Mi, the next 64Mi step above: sizes people would write. */
function roundUpMemory(bytes: number): number {
  const step = bytes < 256 * MIB ? 16 * MIB : 64 * MIB;
  return Math.max(step, Math.ceil(bytes / step) * step);
}
