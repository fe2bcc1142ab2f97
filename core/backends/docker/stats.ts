/**
 * What a running container really uses, from the engine's stats stream (one JSON document per
 * second per container; https://docs.docker.com/engine/api/v1.41/#operation/ContainerStats).
 *
 * One stream per container, opened after start and closed at exit: the engine samples the
 * cgroup anyway, so this costs one idle HTTP connection, not a polling loop.
 *
 * Memory is the working set: usage minus the page cache (cgroup v1 `cache`, v2 `inactive_file`),
 * as `docker stats` shows it — the figure a memory limit is about. CPU-seconds are the cgroup's
 * cumulative CPU time at the last sample; a task shorter than one sampling period may show less
 * than it used (the engine sends its first sample at once, the next one a second later).
 */
import type Dockerode from 'dockerode';
import type { ResourceUsage } from '../../executor';

export interface StatsWatch {
  /**
   * Stops sampling (closes the stream) and returns what was seen; undefined when no sample
   * arrived (a task shorter than the engine's first sample): "used 0" would be a lie. Idempotent.
   */
  stop(): ResourceUsage | undefined;
  /** What has been seen so far. */
  current(): ResourceUsage;
}

interface StatsSample {
  memory_stats?: { usage?: number; stats?: Record<string, number> };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

/**
 * Starts sampling a running container. Never throws and never rejects: a container that is
 * already gone, or an engine that refuses stats, just yields zero usage.
 */
export function watchStats(container: Dockerode.Container): StatsWatch {
  const usage: ResourceUsage = { peakMemory: 0, cpuSeconds: 0 };
  let stream: NodeJS.ReadableStream | undefined;
  let stopped = false;
  let pending = '';

  let samples = 0;
  const take = (sample: StatsSample) => {
    const mem = sample.memory_stats;
    // The engine sends an all-zero sample for a container that is not running (yet, or any more).
    if (!mem?.usage && !sample.cpu_stats?.cpu_usage?.total_usage) return;
    samples++;
    if (mem?.usage !== undefined) {
      const cache = mem.stats?.cache ?? mem.stats?.inactive_file ?? 0;
      usage.peakMemory = Math.max(usage.peakMemory, Math.max(0, mem.usage - cache));
    }
    const cpu = sample.cpu_stats?.cpu_usage?.total_usage;
    // After exit the engine sends zeros; keep the last real figure.
    if (cpu !== undefined && cpu / 1e9 > usage.cpuSeconds) usage.cpuSeconds = cpu / 1e9;
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

  return {
    current: () => ({ ...usage }),
    stop: () => {
      if (!stopped) {
        stopped = true;
        if (stream) destroy(stream);
      }
      if (samples === 0) return undefined;
      return { ...usage, cpuSeconds: Math.round(usage.cpuSeconds * 1000) / 1000 };
    },
  };
}

function destroy(stream: NodeJS.ReadableStream): void {
  const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
  s.removeAllListeners('data');
  s.on('error', () => {});
  s.destroy?.();
}
