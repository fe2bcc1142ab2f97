/**
 * Secrets from the caller's environment (`secrets:` on a task or service): which are listed, which
 * the caller's environment gives, and which the policy withholds. Pure: the surfaces hand in the
 * environment (the CLI's, with `--env-file` and the batch file's `env-file:` under it; the action's
 * step `env:`, with `env-file:` under it).
 *
 * - Under `trusted`, every listed secret must be set (and not empty) in the caller's environment:
 *   one missing is `secret-missing` at each place it is listed, before anything runs.
 * - Under `strict` (a fork's pull request) no secret is passed, whatever the environment holds:
 *   GitHub gives forks none either, and a file nobody reviewed must not be able to ask for the
 *   runner's variables by name. The tasks run without them and the reports say which were withheld.
 *
 * Values never enter the model, the graph, labels, names or messages: they go from here to the
 * executor (core/backend.ts `RunSecrets`) and to the masker (core/mask.ts).
 */
import type { Diagnostic } from './diagnostics';
import type { BatchFile, Policy, UnitSpec } from './model';

/** The caller's environment, as `process.env` is. */
export type CallerEnv = Readonly<Record<string, string | undefined>>;

/** What a run is given: the values of the listed secrets, or the names withheld by the policy. */
export interface CallerSecrets {
  /** Values by name (each listed secret the environment sets), under `trusted`. */
  values: Readonly<Record<string, string>>;
  /** Listed names not passed because of the `strict` policy. */
  withheld: readonly string[];
}

/** Every secret name the units list, sorted, once each. */
export function listedSecrets(specs: Iterable<Pick<UnitSpec, 'secrets'>>): string[] {
  const names = new Set<string>();
  for (const spec of specs) for (const secret of spec.secrets) names.add(secret.name);
  return [...names].sort();
}

/** Whether `env` gives `name` a value (an empty one, as GitHub gives an unknown `secrets.X`, does not count). */
function isSet(env: CallerEnv, name: string): boolean {
  return Object.hasOwn(env, name) && env[name] !== undefined && env[name] !== '';
}

/** `secret-missing` at every place a secret the caller's environment does not set is listed (none under `strict`). */
export function checkSecrets(file: BatchFile, env: CallerEnv, policy: Policy): Diagnostic[] {
  if (policy === 'strict') return [];
  const diagnostics: Diagnostic[] = [];
  for (const spec of [...file.services, ...file.tasks]) {
    for (const secret of spec.secrets) {
      if (isSet(env, secret.name)) continue;
      diagnostics.push({
        code: 'secret-missing',
        severity: 'error',
        message:
          `Secret ${secret.name} of ${spec.kind} "${spec.name}" is not set in the environment Gantry runs in. ` +
          `In a workflow, give it to the step (env: { ${secret.name}: \${{ secrets.${secret.name} }} }); locally, export it or put it in a dotenv file (env-file: in the batch file, or --env-file).`,
        range: secret.range,
      });
    }
  }
  return diagnostics;
}

/** The secrets `file` lists, as the caller's environment and the policy give them. */
export function callerSecrets(file: BatchFile, env: CallerEnv, policy: Policy): CallerSecrets {
  const names = listedSecrets([...file.services, ...file.tasks]);
  if (policy === 'strict') return { values: {}, withheld: names };
  const values: Record<string, string> = {};
  for (const name of names) if (isSet(env, name)) values[name] = env[name]!;
  return { values, withheld: [] };
}
