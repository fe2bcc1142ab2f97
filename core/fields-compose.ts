/**
 * The docker compose forms of two fields, read by their rules in core/fields-read.ts: `command`
 * (and `entrypoint`, `health.command`) as one string, `env` as a list of `KEY=VALUE`. What the
 * forms mean is core/compose.ts's; this file reads them from YAML and reports their problems.
 */
import type { Scalar } from 'yaml';
import { envEntry, splitCommand } from './compose';
import type { FieldReader } from './fields-read';
import { VARIABLE_PATTERN } from './keys';
import type { Expression, UnitSpec } from './model';
import type { Entry } from './parse';
import { FieldSpan, nodeSpan } from './ranges';

/** `command: make test` → `[make, test]`; undefined (after a positioned error) when it cannot be split. */
export function commandString(r: FieldReader, field: Entry, what: string, name: string, node: Scalar, expressions: Expression[]): string[] | undefined {
  const split = splitCommand(String(node.value));
  if ('problem' in split) {
    r.report('invalid-command', `${what} is split into arguments like docker compose does, but ${split.problem}.`, field.valueRange);
    return undefined;
  }
  if (split.args.length === 0) {
    r.report('invalid-command', `${what} is empty: write the program and its arguments, e.g. "make test".`, field.valueRange);
    return undefined;
  }
  r.expressionsIn(node, name, expressions);
  return split.args;
}

/** `env: [A=1, B=two]`: each entry's name and value, as a mapping would give them. */
export function envList(r: FieldReader, field: Entry, what: string, expressions: Expression[], fields?: UnitSpec['fields']): Record<string, string> {
  const env: Record<string, string> = {};
  const seen = new Map<string, number>();
  for (const item of r.list(field, what) ?? []) {
    const range = r.span(item.start, item.end);
    const entry = envEntry(item.value);
    if ('problem' in entry) {
      r.report('env-without-value', `${what}: ${entry.problem}`, range);
      continue;
    }
    if (!VARIABLE_PATTERN.test(entry.name)) {
      r.report('invalid-env-name', `"${entry.name}" is not a valid environment variable name: use letters, digits and "_", not starting with a digit.`, range);
      continue;
    }
    const before = seen.get(entry.name);
    if (before !== undefined) {
      r.report('duplicate-key', `"${entry.name}" is already set in ${what} on line ${before + 1}; this one is ignored.`, range);
      continue;
    }
    seen.set(entry.name, range.start.line);
    env[entry.name] = entry.value;
    if (fields) {
      // The name and the value as written, when the text shows them as they read (no escapes).
      const [start, end] = nodeSpan(item.node);
      const at = r.text.indexOf(item.value, start);
      const found = at >= 0 && at + item.value.length <= end;
      const keyStart = found ? at : item.start;
      const keyEnd = found ? at + entry.name.length : item.end;
      fields[`env.${entry.name}`] = new FieldSpan(r.lineStarts, keyStart, keyEnd, found ? keyEnd + 1 : item.start, found ? at + item.value.length : item.end);
    }
    r.expressionsIn(item.node, `env.${entry.name}`, expressions);
  }
  return env;
}
