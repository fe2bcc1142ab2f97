/**
 * Secrets → `***` in any text. One masker per run (the values of the secrets its units are given)
 * or per action step (the github-token and those secrets): the run masks its live lines, log
 * files, outputs and reports (core/run/run-batch.ts, the docker executor); the action also
 * registers every value with the runner (`::add-mask::`) and masks the summary, the comment and
 * the annotations.
 *
 * The runner masks by exact match on each line it reads, so a multi-line secret (a PEM key, a
 * kubeconfig) registered as one value never matches: every line has to be registered on its own
 * (actions/runner#161, #1521; @actions/core's `setSecret` does not split). The whole value is kept
 * too, for the places that see it in one piece (a job summary, an annotation, report.json).
 *
 * Lines shorter than MIN_LINE are not registered: a line like `}` or `---` carries no secret and,
 * masked, would turn every brace in the log into `***` (the runner skips them for the same reason,
 * actions/runner#2578).
 *
 * Masking is by the value as written: a task that prints a secret base64-encoded, reversed or one
 * character per line is not caught (neither is it by GitHub). docs/security.md says so.
 */
export const MIN_LINE = 4;

/** Returns the values to mask for `secret`, whole value first, without duplicates. */
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
 * Known secrets, and `***` in their place in any text. Apply it before escaping: escaping can
 * change a secret's spelling (`_` → `\_`).
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

  /** The values masked, longest first (never to be printed: for registering and redacting). */
  get values(): readonly string[] {
    return this.#values;
  }

  mask(text: string): string {
    let out = text;
    for (const value of this.#values) if (out.includes(value)) out = out.split(value).join('***');
    return out;
  }

  /**
   * How many characters at the end of `text` could be the start of a secret that goes on in text
   * not seen yet (0 when none): a long line cut in pieces is cut before them, so no piece ends
   * with half a secret that masking the pieces one by one would miss.
   */
  partialSuffix(text: string): number {
    let longest = 0;
    for (const value of this.#values) {
      for (let k = Math.min(value.length - 1, text.length); k > longest; k--) {
        if (text.endsWith(value.slice(0, k))) {
          longest = k;
          break;
        }
      }
    }
    return longest;
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
