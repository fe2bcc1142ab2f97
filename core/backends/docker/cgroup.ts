/**
 * A running container's own cgroup counters, read from the host's cgroup filesystem when the
 * engine is local: the kernel's memory high-water mark (cgroup v2 `memory.peak`, kernel ≥ 5.19;
 * cgroup v1 `memory.max_usage_in_bytes`) and the cgroup's CPU time.
 *
 * Why: the engine's stats stream samples once a second, so a spike between two samples, or in a
 * task shorter than a sample, is missed; and on cgroup v2 its documents carry no maximum at all.
 * The kernel's own maximum misses nothing while the cgroup exists.
 *
 * Found safely, read-only: the directory is one of the engine's fixed layouts (cgroupfs or
 * systemd driver, v1 or v2) named by the container's id as the engine gave it (64 hex digits) —
 * never a path taken from anything the container wrote or could change (not /proc/PID/cgroup,
 * which a privileged container can move). Each file is opened O_NOFOLLOW and must lie on a cgroup
 * filesystem (statfs magic); anything else — a remote engine, Gantry itself in a container with
 * the host's socket but not the host's /sys, rootless engines — finds nothing, and the caller
 * falls back to the engine's figures. Nothing is ever written.
 *
 * The cgroup is removed by the engine when the container's process exits, so the last reading
 * is the last poll before that (see stats.ts).
 */
import { closeSync, constants, openSync, readSync, statfsSync } from 'node:fs';

export const DEFAULT_CGROUP_ROOT = '/sys/fs/cgroup';
const CGROUP_SUPER_MAGIC = 0x27e0eb;
const CGROUP2_SUPER_MAGIC = 0x63677270;
const CONTAINER_ID = /^[0-9a-f]{64}$/;

export interface ContainerCgroup {
  /** `v2`: `memory.peak`; `v1`: `memory.max_usage_in_bytes`. */
  version: 'v1' | 'v2';
  /** The memory high-water mark file (for messages and tests). */
  peakFile: string;
  /** The kernel's maximum memory use of the cgroup so far (bytes), or undefined once it is gone. */
  peak(): number | undefined;
  /** The cgroup's CPU time so far (seconds), or undefined when unreadable. */
  cpuSeconds(): number | undefined;
}

/**
 * The container's cgroup on this host, or undefined when it cannot be found (not local, not
 * running yet or any more, a layout not known, a kernel without `memory.peak`).
 */
export function findContainerCgroup(containerId: string, root: string = DEFAULT_CGROUP_ROOT): ContainerCgroup | undefined {
  if (!CONTAINER_ID.test(containerId)) return undefined;
  const v2 = [`${root}/system.slice/docker-${containerId}.scope`, `${root}/docker/${containerId}`];
  for (const dir of v2) {
    const peakFile = `${dir}/memory.peak`;
    if (readNumber(peakFile, CGROUP2_SUPER_MAGIC) === undefined) continue;
    return {
      version: 'v2',
      peakFile,
      peak: () => readNumber(peakFile, CGROUP2_SUPER_MAGIC),
      cpuSeconds: () => {
        const text = readText(`${dir}/cpu.stat`, CGROUP2_SUPER_MAGIC);
        const m = text && /^usage_usec (\d+)$/m.exec(text);
        return m ? Number(m[1]) / 1e6 : undefined;
      },
    };
  }
  for (const tail of [`docker/${containerId}`, `system.slice/docker-${containerId}.scope`]) {
    const peakFile = `${root}/memory/${tail}/memory.max_usage_in_bytes`;
    if (readNumber(peakFile, CGROUP_SUPER_MAGIC) === undefined) continue;
    const cpuFiles = [`${root}/cpuacct/${tail}/cpuacct.usage`, `${root}/cpu,cpuacct/${tail}/cpuacct.usage`];
    return {
      version: 'v1',
      peakFile,
      peak: () => readNumber(peakFile, CGROUP_SUPER_MAGIC),
      cpuSeconds: () => {
        for (const file of cpuFiles) {
          const ns = readNumber(file, CGROUP_SUPER_MAGIC);
          if (ns !== undefined) return ns / 1e9;
        }
        return undefined;
      },
    };
  }
  return undefined;
}

function readNumber(file: string, magic: number): number | undefined {
  const text = readText(file, magic);
  if (text === undefined || !/^\d+\s*$/.test(text)) return undefined;
  return Number(text.trim());
}

/** A small file of a cgroup filesystem, opened without following links; undefined on any error. */
function readText(file: string, magic: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    if (statfsSync(file).type !== magic) return undefined;
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The machine's CPU time so far, busy and in all (jiffies, /proc/stat's first line): how busy the
 * host was between two samples, to tell a unit that used little because it needed little from
 * one the host starved. Meaningful only when the engine is local. Undefined when unreadable.
 */
export function readHostCpu(): { busy: number; total: number } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync('/proc/stat', constants.O_RDONLY);
    const buffer = Buffer.alloc(512);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const line = buffer.toString('utf8', 0, n).split('\n')[0];
    if (!line.startsWith('cpu ')) return undefined;
    const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (f.length < 5 || f.some((x) => !Number.isFinite(x))) return undefined;
    const total = f.reduce((a, b) => a + b, 0);
    const idle = f[3] + (f[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
