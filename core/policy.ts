/**
 * The policies a batch file is judged by: `trusted` (the CLI's default) allows everything;
 * `strict` is for files nobody reviewed, e.g. from a fork's pull request. What strict refuses is
 * a check among the checks (core/checks/policy.ts, by the file's text) and is judged again by real
 * path where the host is at hand (core/host/binds.ts). docs/security.md says what strict promises.
 */
import type { Policy } from './model';

export const POLICIES: readonly Policy[] = ['trusted', 'strict'];

/** Whether `value` names a policy (`trusted` or `strict`). */
export function isPolicy(value: string): value is Policy {
  return (POLICIES as readonly string[]).includes(value);
}
