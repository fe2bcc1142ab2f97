/**
 * Docker compose's names and forms, for people who write them out of habit (docs/batch-file.md,
 * "Coming from docker compose"):
 *
 * - `composeKey`: an unknown key that is compose's name for a Gantry key (`environment`,
 *   `depends_on`, `healthcheck`, `mem_limit`, …) gets a message saying so and, where the key
 *   exists in that place, a quick fix that renames it; compose keys Gantry has no use for
 *   (`container_name`, `restart`, …) get a sentence saying what to do instead.
 * - `splitCommand`: `command:` (and `entrypoint`, `health.command`) written as one string, split
 *   into arguments the way compose splits it (words, quotes, backslashes; no shell).
 * - `envList`: `env:` written as a list of `KEY=VALUE` strings.
 *
 * Pure: no I/O, no state.
 */
import type { Node } from 'yaml';
import type { Fix, Range } from './diagnostics';
import { keyDoc, type KeyContext } from './keys';
import { isScalar, isSeq } from './yaml-nodes';

/** What to say about an unknown key that docker compose knows. */
export interface ComposeKeyHint {
  message: string;
  fixes?: Fix[];
}

/** Compose keys that Gantry has under another name: compose's name → Gantry's. */
export const COMPOSE_RENAMES: Readonly<Record<string, string>> = {
  environment: 'env',
  depends_on: 'needs',
  healthcheck: 'health',
  mem_limit: 'memory',
  mem_reservation: 'memory',
  working_dir: 'workdir',
  network_mode: 'network',
  cap_add: 'cap-add',
  start_period: 'start-period',
};

/** Compose keys with no Gantry counterpart, and what to do instead. */
const COMPOSE_ONLY: Readonly<Record<string, string>> = {
  container_name: 'Gantry names containers itself (per run, so parallel runs never collide); a service is reachable by its name under services:.',
  restart: 'tasks run to completion; use retries: for a task that may fail and should run again.',
  links: 'every task reaches every service by its name on the run\'s own network; list the service in the task\'s needs.',
  networks: 'every unit is on the run\'s own network, where services are reachable by name; "network: host" uses the host\'s.',
  expose: 'tasks reach a service on any port by its name; "ports" publishes a service port on the host.',
  deploy: 'write cpus: and memory: on the task or service itself (what compose puts under deploy.resources.limits); the scheduler reserves them.',
  cpu_shares: 'write cpus: (e.g. 0.5 or "1500m"); the scheduler reserves it and the container is limited to it.',
  memswap_limit: 'write memory:; the container is limited to it.',
  stdin_open: 'Gantry runs batch containers without a terminal; use "gantry run --keep-failed" to keep a failed task for docker exec.',
  tty: 'Gantry runs batch containers without a terminal; use "gantry run --keep-failed" to keep a failed task for docker exec.',
};

/** What the key of compose is for, where Gantry's counterpart does not exist in this place. */
const MISPLACED: Readonly<Record<string, string>> = {
  depends_on: 'services have no "needs": a service starts when a task that needs it is about to run. List the service in that task\'s needs.',
  healthcheck: 'only services have health checks ("health:"); a task is done when its command exits.',
};

/**
 * A hint for `key`, unknown in `context`, if it is docker compose's. `value` is the key's value
 * node (for `healthcheck.test`), `keyRange` the key's range, `entryRange` key and value together.
 */
export function composeKey(
  context: KeyContext,
  key: string,
  where: string,
  keyRange: Range,
  entryRange: Range,
  value: Node | null,
): ComposeKeyHint | undefined {
  if (context === 'health' && key === 'test') return healthTest(where, keyRange, entryRange, value);
  const to = COMPOSE_RENAMES[key];
  if (to !== undefined) {
    if (keyDoc(context, to)) {
      return {
        message: `Unknown key "${key}" in ${where}: docker compose's "${key}" is "${to}" in Gantry.`,
        fixes: [{ title: `Rename to "${to}"`, range: keyRange, newText: to }],
      };
    }
    const why = MISPLACED[key];
    if (why) return { message: `Unknown key "${key}" in ${where}: ${why}` };
  }
  const instead = COMPOSE_ONLY[key];
  if (instead && (context === 'task' || context === 'service' || context === 'defaults')) {
    return { message: `Unknown key "${key}" in ${where}: Gantry has no docker compose "${key}"; ${instead}` };
  }
  return undefined;
}

/** Compose's `healthcheck.test`: a string (run by a shell) or `[CMD, …]` / `[CMD-SHELL, …]`. */
function healthTest(where: string, keyRange: Range, entryRange: Range, value: Node | null): ComposeKeyHint {
  const lead = `Unknown key "test" in ${where}: docker compose's "test" is "run" (a shell command) or "command" (an argument list) in Gantry.`;
  if (isScalar(value) && typeof value.value === 'string') {
    return { message: lead, fixes: [{ title: 'Rename to "run"', range: keyRange, newText: 'run' }] };
  }
  if (isSeq(value)) {
    const items = value.items.map((i) => (isScalar(i) && (typeof i.value === 'string' || typeof i.value === 'number') ? String(i.value) : undefined));
    if (items.every((i): i is string => i !== undefined)) {
      if (items[0] === 'CMD-SHELL' && items.length === 2) {
        return { message: lead, fixes: [{ title: 'Change to "run"', range: entryRange, newText: `run: ${JSON.stringify(items[1])}` }] };
      }
      if (items[0] === 'CMD' && items.length > 1) {
        return { message: lead, fixes: [{ title: 'Change to "command"', range: entryRange, newText: `command: ${JSON.stringify(items.slice(1))}` }] };
      }
    }
  }
  return { message: lead };
}

/** `splitCommand`'s answer: the arguments, or why the string cannot be split. */
export type SplitCommand = { args: string[] } | { problem: string };

/**
 * Splits a command written as one string into arguments as docker compose does (shell words,
 * without a shell): spaces separate, `'…'` is literal, `"…"` keeps spaces (a backslash escapes
 * `"`, `\`, `$` and a backquote in it), a backslash outside quotes escapes the next character.
 * `${{ … }}` is kept whole within its argument. Refused, so that nothing silently means something
 * other than it reads: an unclosed quote, `$VAR` (compose fills it from the host's environment;
 * no shell does it here) and shell operators (`|`, `&`, `;`, `<`, `>`, backquotes), which only a
 * shell understands.
 */
export function splitCommand(text: string): SplitCommand {
  const args: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '$' && text.startsWith('${{', i)) {
      const close = text.indexOf('}}', i + 3);
      const end = close < 0 ? n : close + 2;
      current += text.slice(i, end);
      inWord = true;
      i = end;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) args.push(current);
      current = '';
      inWord = false;
      i++;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { problem: 'it has an unclosed single quote' };
      current += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) return { problem: 'it has an unclosed double quote' };
        const d = text[j];
        if (d === '"') break;
        if (d === '\\' && j + 1 < n && '"\\$`'.includes(text[j + 1])) {
          current += text[j + 1];
          j += 2;
          continue;
        }
        if (d === '$' && !text.startsWith('${{', j)) return { problem: dollar() };
        if (d === '$') {
          const close = text.indexOf('}}', j + 3);
          const end = close < 0 ? n : close + 2;
          current += text.slice(j, end);
          j = end;
          continue;
        }
        current += d;
        j++;
      }
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < n) current += text[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === '$') return { problem: dollar() };
    if ('|&;<>`'.includes(c)) {
      return { problem: `"${c}" is shell syntax and no shell runs it: use run: for a shell command, or write command as a list` };
    }
    current += c;
    inWord = true;
    i++;
  }
  if (inWord) args.push(current);
  return { args };
}

function dollar(): string {
  return 'a "$" variable is not filled in (docker compose fills it from the host\'s environment, and no shell runs the command): use run: for a shell command, env: for values, or write command as a list';
}

/** One `KEY=VALUE` entry of `env:` written as a list, as read. */
export type EnvListEntry = { name: string; value: string } | { problem: string };

/** Reads one entry of an `env:` list: `KEY=VALUE` (the value may be empty, and may hold `=`). */
export function envEntry(text: string): EnvListEntry {
  const eq = text.indexOf('=');
  if (eq < 0) {
    return {
      problem: `"${text}" has no value: write "${text}=VALUE". (Docker compose passes a bare name from the host's environment; Gantry does not pass the caller's environment through.)`,
    };
  }
  return { name: text.slice(0, eq), value: text.slice(eq + 1) };
}
