/** Numbers as the preview shows them. Pure. */

/** `0:12`, `3:05`, `1:02:03` — a run clock, the same as the code lens and hover print. */
export { formatClock } from '../../server/format';

/** `850ms`, `20s`, `1m30s`, `2h5m` — a duration. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m > 0 ? `${m}m` : ''}`;
  if (m > 0) return `${m}m${s > 0 ? `${s}s` : ''}`;
  return `${s}s`;
}

/** `512Mi`, `1.5Gi` — binary units, as batch files write memory. */
export function formatBytes(bytes: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(value < 10 && unit > 0 ? 1 : 0))}${units[unit]}`;
}

/** `1.5`, `0.25` — CPUs, without float noise. */
export function formatCpus(cpus: number): string {
  return String(Math.round(cpus * 1000) / 1000);
}

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600].map((s) => s * 1000);

/** Tick times for an axis from 0 to `end` ms: round steps, about `count` of them. */
export function timeTicks(end: number, count = 8): number[] {
  if (!(end > 0)) return [0];
  const step = STEPS.find((s) => end / s <= count) ?? Math.ceil(end / count / 3_600_000) * 3_600_000;
  const ticks: number[] = [];
  for (let t = 0; t <= end + 1e-9; t += step) ticks.push(t);
  return ticks;
}
