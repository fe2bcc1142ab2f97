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
