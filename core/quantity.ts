/**
 * CPU and memory quantities as written in a batch file.
 *
 * CPUs: a number (fractions allowed, `0.5`) or millicores (`"1500m"` = 1.5), as in Kubernetes.
 * Memory: bytes (`1048576`), or a number with a suffix: `k`, `M`, `G`, `T` (powers of 1000) or
 * `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024) — Kubernetes' spelling, so `4Gi` means the same here as
 * in a pod spec. Lower-case `m` is deliberately not memory: in Kubernetes it means milli.
 * Quantities are printed by core/format.ts (`formatCpus`, `formatBytes`).
 */

/** The accepted CPU forms, for error messages. */
export const CPUS_FORMS = 'a number such as 2 or 0.5, or millicores such as "1500m"';
/** The accepted memory forms, for error messages. */
export const MEMORY_FORMS =
  'bytes such as 1048576, or a number with k, M, G, T (powers of 1000) or Ki, Mi, Gi, Ti (powers of 1024), such as 256Mi';

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const MILLICORES = /^(\d+)m$/;
const MEMORY = /^((?:\d+(?:\.\d*)?|\.\d+))(k|M|G|T|Ki|Mi|Gi|Ti)?$/;

const MEMORY_UNITS: Record<string, number> = {
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/**
 * Parses a CPU quantity into cores (`1500m` → 1.5). Returns undefined for anything else,
 * including negative, infinite and non-numeric values. Zero parses (callers decide if it is allowed).
 */
export function parseCpus(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const text = value.trim();
  const milli = MILLICORES.exec(text);
  if (milli) return Number(milli[1]) / 1000;
  return DECIMAL.test(text) ? Number(text) : undefined;
}

/**
 * Parses a memory quantity into whole bytes (`256Mi` → 268435456, `1.5G` → 1500000000). A plain
 * number is bytes. Returns undefined for anything else (`256MB`, `1g`, `-1`, `12m`).
 */
export function parseMemory(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  const match = MEMORY.exec(value.trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * (match[2] ? MEMORY_UNITS[match[2]] : 1);
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/** Docker's memory suffixes (`-m 64m`, compose's `mem_limit: 1g`): all powers of 1024. */
const DOCKER_MEMORY = /^((?:\d+(?:\.\d*)?|\.\d+))\s*([kmgt])b?$/i;

/**
 * The quantity a docker-style memory value means, in this file's spelling: `64m` → `64Mi`,
 * `1gb` → `1Gi`, `512K` → `512Ki`. Undefined when `text` is not such a value.
 */
export function dockerMemoryMeaning(text: string): string | undefined {
  const match = DOCKER_MEMORY.exec(text.trim());
  if (!match) return undefined;
  return `${match[1]}${match[2].toUpperCase()}i`;
}

/** Below this, a plain number of bytes is taken for a forgotten unit (the engine's minimum limit is 6 MiB). */
export const SMALLEST_MEMORY = 6 * 2 ** 20;

