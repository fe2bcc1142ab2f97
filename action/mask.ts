/**
 * Masks a secret in everything the runner logs afterwards.
 *
 * The runner masks by exact match on each line it reads, so a multi-line secret (a PEM key, a
 * kubeconfig) registered as one value never matches: every line has to be registered on its own
 * (actions/runner#161, #1521; @actions/core's `setSecret` does not split). The whole value is
 * registered too, for the places that see it in one piece (a job summary, an annotation).
 *
 * Lines shorter than MIN_LINE are not registered: a line like `}` or `---` carries no secret and,
 * masked, would turn every brace in the log into `***` (the runner skips them for the same reason,
 * actions/runner#2578).
 */
export const MIN_LINE = 4;

/** Returns the values to register, whole value first, without duplicates. */
export function maskValues(secret: string): string[] {
  if (secret.trim() === '') return [];
  const values = new Set<string>([secret]);
  for (const line of secret.split(/[\r\n]+/)) {
    const trimmed = line.trim();
    if (trimmed.length >= MIN_LINE) values.add(trimmed);
  }
  return [...values];
}

/** Registers `secret` (and each of its lines) with `addMask`, e.g. @actions/core's `setSecret`. */
export function maskSecret(secret: string, addMask: (value: string) => void): void {
  for (const value of maskValues(secret)) addMask(value);
}

/**
 * The known secrets of one step (the github-token; whatever else is added), and `***` in their
 * place in any text. The runner masks what it logs itself; the masker covers what the action writes
 * where the runner does not look — the job summary, the pull request comment (written through the
 * API), report files — and, once more, the step log and annotations, so an error message that
 * quotes a secret never shows it. Apply it before escaping: escaping can change a secret's spelling.
 */
export class Masker {
  /** Longest first, so a value containing another is replaced whole. */
  #values: string[] = [];

  /** Remembers `secret` (and each of its lines) and returns the values to register with the runner. */
  add(secret: string): string[] {
    const values = maskValues(secret);
    this.#values = [...new Set([...this.#values, ...values])].sort((a, b) => b.length - a.length);
    return values;
  }

  get empty(): boolean {
    return this.#values.length === 0;
  }

  mask(text: string): string {
    let out = text;
    for (const value of this.#values) if (out.includes(value)) out = out.split(value).join('***');
    return out;
  }

  /** Every string in a JSON-like value (objects, arrays) masked; numbers, booleans and the shape kept. */
  maskDeep<T>(value: T): T {
    if (this.empty) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.mask(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}
