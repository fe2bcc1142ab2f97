/**
 * What the GitHub Actions runner makes of a step's stdout, for asserting that nothing but our own
 * commands is ever processed. A model of actions/runner's `ActionCommandManager.TryProcessCommand`
 * and `ActionCommand.TryParseV2` / `TryParse`:
 *
 * - the output is read line by line as .NET's `ReadLine` does: `\n`, `\r\n` *and a bare `\r`* end a
 *   line (so `ok\r::error::x` is two lines); the model also breaks at NEL, U+2028 and U+2029, which
 *   is stricter than the runner;
 * - `::name props::data` is a command when the line, after leading whitespace, starts with `::` and
 *   `name` is a registered command; the legacy `##[name props]data` is one wherever `##[` appears;
 * - `::stop-commands::TOKEN` stops all processing until a command named TOKEN (`::TOKEN::`).
 *
 * Data and properties are unescaped as the runner does (`%0D`, `%0A`, `%25`, and `%3A`, `%2C` in
 * properties).
 */

export interface RunnerCommand {
  /** Zero-based line number, as the runner split the output. */
  line: number;
  name: string;
  properties: Record<string, string>;
  data: string;
  /** Legacy `##[…]` form. */
  legacy: boolean;
}

/** The commands the runner registers (actions/runner ActionCommandManager and its extensions). */
export const REGISTERED_COMMANDS = [
  'stop-commands', 'set-env', 'set-output', 'save-state', 'add-mask', 'add-path', 'add-matcher', 'remove-matcher',
  'warning', 'error', 'notice', 'debug', 'group', 'endgroup', 'echo',
];

export function runnerLines(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n|\u0085|\u2028|\u2029/);
}

/** Every command the runner would process, in order (stop and resume included). */
export function runnerCommands(stdout: string): RunnerCommand[] {
  const registered = new Set(REGISTERED_COMMANDS);
  const processed: RunnerCommand[] = [];
  let stopToken: string | undefined;
  runnerLines(stdout).forEach((text, line) => {
    const command = parseV2(text, registered, stopToken) ?? parseV1(text, registered, stopToken);
    if (!command) return;
    const found = { line, ...command };
    if (stopToken !== undefined) {
      if (command.name.toLowerCase() === stopToken.toLowerCase()) {
        stopToken = undefined;
        processed.push(found);
      }
      return;
    }
    if (command.name === 'stop-commands') stopToken = command.data;
    processed.push(found);
  });
  return processed;
}

/** The lines the runner reads while commands are stopped (container output, as it should be). */
export function stoppedLines(stdout: string): string[] {
  const out: string[] = [];
  const lines = runnerLines(stdout);
  const commands = runnerCommands(stdout);
  let open: number | undefined;
  for (const c of commands) {
    if (c.name === 'stop-commands') open = c.line;
    else if (open !== undefined) {
      out.push(...lines.slice(open + 1, c.line));
      open = undefined;
    }
  }
  return out;
}

function parseV2(message: string, registered: Set<string>, stopToken: string | undefined): Omit<RunnerCommand, 'line'> | undefined {
  const m = message.trimStart();
  if (!m.startsWith('::')) return undefined;
  const end = m.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = m.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!isRegistered(name, registered, stopToken)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at > 0 && at < pair.length - 1) properties[pair.slice(0, at)] = unescape(pair.slice(at + 1), true);
    }
  }
  return { name, properties, data: unescape(m.slice(end + 2), false), legacy: false };
}

function parseV1(message: string, registered: Set<string>, stopToken: string | undefined): Omit<RunnerCommand, 'line'> | undefined {
  const at = message.indexOf('##[');
  if (at < 0) return undefined;
  const rb = message.indexOf(']', at);
  if (rb < 0) return undefined;
  const info = message.slice(at + 3, rb);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (!isRegistered(name, registered, stopToken)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info.slice(space + 1).split(';').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1) properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), false);
    }
  }
  return { name, properties, data: unescape(message.slice(rb + 1), false), legacy: true };
}

function isRegistered(name: string, registered: Set<string>, stopToken: string | undefined): boolean {
  const lower = name.toLowerCase();
  return registered.has(lower) || (stopToken !== undefined && lower === stopToken.toLowerCase());
}

function unescape(text: string, property: boolean): string {
  let s = text.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  if (property) s = s.replace(/%3A/g, ':').replace(/%2C/g, ',');
  return s.replace(/%25/g, '%');
}

/**
 * Control characters that must never reach a reader: C0 except tab and newline, DEL, C1, the line
 * and paragraph separators and the bidi embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
