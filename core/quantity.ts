/**
 * CPU and memory quantities as written in a batch file.
 *
 * CPUs: a number (fractions allowed, `0.5`) or millicores (`"1500m"` = 1.5), as in Kubernetes.
 * Memory: bytes (`1048576`), or a number with a suffix: `k`, `M`, `G`, `T` (powers of 1000) or
 * `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024) — Kubernetes' spelling, so `4Gi` means the same here as
 * in a pod spec. Lower-case `m` is deliberately not memory: in Kubernetes it means milli.
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

/** Formats cores the way a user would write them: `1.5`, or `250m` below one core. */
export function formatCpus(cores: number): string {
  if (cores > 0 && cores < 1) {
    const milli = Math.round(cores * 1000);
    if (Math.abs(milli - cores * 1000) < 1e-6) return `${milli}m`;
  }
  return String(Math.round(cores * 1000) / 1000);
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

const BINARY: Array<[string, number]> = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];
const DECIMAL_UNITS: Array<[string, number]> = [
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
];

/**
 * Formats bytes for people, in a form `parseMemory` reads back: the largest unit that divides it
 * exactly (`128Mi`, `500M`), else the largest binary unit it exceeds, to two decimals (`1.46Gi`),
 * else plain bytes.
 */
export function formatMemory(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const b = Math.round(bytes);
  if (b === 0) return '0';
  for (const [suffix, size] of BINARY) if (b >= size && b % size === 0) return `${b / size}${suffix}`;
  for (const [suffix, size] of DECIMAL_UNITS) if (b >= size && b % size === 0) return `${b / size}${suffix}`;
  for (const [suffix, size] of BINARY) if (b >= size) return `${Math.round((b / size) * 100) / 100}${suffix}`;
  return String(b);
}
