/**
 * What a running container really uses, from the engine's stats stream (one JSON document per
 * second per container; https://docs.docker.com/engine/api/v1.41/#operation/ContainerStats) and,
 * when the engine is local, from the container's own cgroup (cgroup.ts).
 *
 * One stream per container, opened after start and closed at exit: the engine samples the
 * cgroup anyway, so this costs one idle HTTP connection, not a polling loop.
 *
 * Peak memory, best source first (`ResourceUsage.peakSource` says which was used):
 *   - `cgroup`: the kernel's high-water mark of the container's cgroup (v2 `memory.peak`, v1
 *     `memory.max_usage_in_bytes`), read from the host every CGROUP_POLL_MS while it runs. The
 *     cgroup disappears when the process exits, so a rise in the last poll interval before the
 *     exit can still be missed;
 *   - `engine`: cgroup v1's `max_usage` in the engine's samples — the kernel's maximum up to the
 *     last sample (v2 engines send none);
 *   - `samples`: the highest sampled working set — usage minus page cache (v1 `cache`, v2
 *     `inactive_file`), as `docker stats` shows it — which misses any spike between samples.
 * The kernel's figures count page cache (reclaimable: a limit below them need not OOM), so the
 * sampled working set is kept too (`workingSet`).
 *
 * CPU: the cumulative CPU time at the last reading, and the rate between consecutive samples
 * (`cpuRates`), from which advice takes peak and high-percentile use.
 */
import type Dockerode from 'dockerode';
import type { ResourceUsage } from '../../executor';
import type { ContainerCgroup } from './cgroup';

/** How often a local container's cgroup high-water mark is read (ms): a few µs a read. */
export const CGROUP_POLL_MS = 100;
/** At most this many CPU rates are kept per attempt; beyond, neighbours merge by their maximum. */
export const MAX_CPU_RATES = 600;

export interface StatsWatch {
  /**
   * Stops sampling (closes the stream) and returns what was seen; undefined when nothing was
   * (a task shorter than the engine's first sample, and no local cgroup): "used 0" would be a lie.
   * Idempotent.
   */
  stop(): ResourceUsage | undefined;
  /** What has been seen so far. */
  current(): ResourceUsage;
}

interface StatsSample {
  read?: string;
  memory_stats?: { usage?: number; max_usage?: number; stats?: Record<string, number> };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

export interface WatchOptions {
  /** The container's cgroup on this host (cgroup.ts `findContainerCgroup`), when found. */
  cgroup?: ContainerCgroup;
  /** The host's CPU counters (cgroup.ts `readHostCpu`), given when the engine is local. */
  hostCpu?: () => { busy: number; total: number } | undefined;
  pollMs?: number;
}

/**
 * Starts sampling a running container. Never throws and never rejects: a container that is
 * already gone, or an engine that refuses stats, just yields no usage.
 */
export function watchStats(container: Dockerode.Container, options: WatchOptions = {}): StatsWatch {
  let workingSet = 0;
  let engineMax = 0;
  let cgroupPeak = 0;
  let cpuSeconds = 0;
  let cgroupCpu = 0;
  const rates: number[] = [];
  const hostBusy: number[] = [];
  let previous: { cpu: number; at: number; host?: { busy: number; total: number } } | undefined;
  let stream: NodeJS.ReadableStream | undefined;
  let stopped = false;
  let pending = '';
  let samples = 0;

  const cgroup = options.cgroup;
  const poll = () => {
    if (!cgroup) return;
    const peak = cgroup.peak();
    if (peak !== undefined && peak > cgroupPeak) cgroupPeak = peak;
    const cpu = cgroup.cpuSeconds();
    if (cpu !== undefined && cpu > cgroupCpu) cgroupCpu = cpu;
  };
  poll();
  const timer = cgroup ? setInterval(poll, options.pollMs ?? CGROUP_POLL_MS) : undefined;
  timer?.unref();

  const take = (sample: StatsSample) => {
    const mem = sample.memory_stats;
    // The engine sends an all-zero sample for a container that is not running (yet, or any more).
    if (!mem?.usage && !sample.cpu_stats?.cpu_usage?.total_usage) return;
    samples++;
    if (mem?.usage !== undefined) {
      const cache = mem.stats?.cache ?? mem.stats?.inactive_file ?? 0;
      workingSet = Math.max(workingSet, Math.max(0, mem.usage - cache));
    }
    if (mem?.max_usage !== undefined && mem.max_usage > engineMax) engineMax = mem.max_usage;
    const total = sample.cpu_stats?.cpu_usage?.total_usage;
    if (total === undefined || !(total > 0)) return;
    const cpu = total / 1e9;
    // After exit the engine sends zeros; keep the last real figure.
    if (cpu > cpuSeconds) cpuSeconds = cpu;
    const parsed = sample.read ? Date.parse(sample.read) : NaN;
    const at = Number.isFinite(parsed) && parsed > 0 ? parsed : Date.now();
    const host = options.hostCpu?.();
    if (previous && at - previous.at >= 100 && cpu >= previous.cpu) {
      rates.push(Math.round(((cpu - previous.cpu) / ((at - previous.at) / 1000)) * 100) / 100);
      const total = host && previous.host ? host.total - previous.host.total : 0;
      // Kept only while it stays in step with the rates.
      if (host && previous.host && total > 0 && hostBusy.length === rates.length - 1) {
        hostBusy.push(Math.round(((host.busy - previous.host.busy) / total) * 100) / 100);
      }
      if (rates.length > MAX_CPU_RATES) {
        mergeByMax(rates);
        if (hostBusy.length > 0) mergeByMax(hostBusy);
      }
    }
    previous = { cpu, at, ...(host ? { host } : {}) };
  };

  const usage = (): ResourceUsage => {
    const cpu = Math.max(cpuSeconds, cgroupCpu);
    const peak = Math.max(workingSet, engineMax, cgroupPeak);
    const peakSource = cgroupPeak > 0 && cgroupPeak >= engineMax ? 'cgroup' : engineMax > 0 ? 'engine' : 'samples';
    return {
      peakMemory: peak,
      cpuSeconds: Math.round(cpu * 1000) / 1000,
      peakSource,
      workingSet,
      samples,
      cpuRates: [...rates],
      ...(hostBusy.length === rates.length && rates.length > 0 ? { hostBusy: [...hostBusy] } : {}),
    };
  };

  container
    .stats({ stream: true })
    .then((s) => {
      const readable = s as unknown as NodeJS.ReadableStream;
      if (stopped) {
        destroy(readable);
        return;
      }
      stream = readable;
      readable.on('data', (chunk: Buffer | string) => {
        pending += chunk.toString();
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (!line) continue;
          try {
            take(JSON.parse(line) as StatsSample);
          } catch {
            // A malformed sample is not worth failing a task over.
          }
        }
        // One stats document is a few KB; anything far larger is not a stats stream.
        if (pending.length > 1024 * 1024) pending = '';
      });
      readable.on('error', () => {});
    })
    .catch(() => {});

  let final: ResourceUsage | undefined;
  return {
    current: usage,
    stop: () => {
      if (!stopped) {
        stopped = true;
        // A last reading: gone already after an exit, still there when a service is stopped.
        poll();
        if (timer) clearInterval(timer);
        if (stream) destroy(stream);
        if (samples > 0 || cgroupPeak > 0) final = usage();
      }
      return final;
    },
  };
}

/** Halves a series by merging neighbours into their maximum (conservative for peak and p95). */
function mergeByMax(values: number[]): void {
  const half = Math.ceil(values.length / 2);
  for (let i = 0; i < half; i++) values[i] = Math.max(values[2 * i], values[2 * i + 1] ?? 0);
  values.length = half;
}

function destroy(stream: NodeJS.ReadableStream): void {
  const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
  s.removeAllListeners('data');
  s.on('error', () => {});
  s.destroy?.();
}
