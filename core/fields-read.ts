/**
 * The rules per key of a task, service and `defaults:`: how each field's YAML value is read, what
 * shape problems it reports and where the value lands in the model. The table in core/fields.ts
 * says which rule reads which key; core/parse.ts holds the machinery the rules use (walking the
 * document, following aliases, positions, diagnostics, reading plain strings, numbers and
 * durations) as a `FieldReader`.
 */
import type { LineCounter, Node, Scalar } from 'yaml';
import type { Fix, Range, Severity } from './diagnostics';
import { MATRIX_KEY_PATTERN, VARIABLE_PATTERN, type KeyContext } from './keys';
import type { Condition, Expression, HealthCheck, MatrixAxis, Mount, NameRef, Retries, SecretRef, UnitSpec } from './model';
import type { ParseCode } from './parse-codes';
import type { Entries, Entry } from './parse';
import { MountAt, NameAt, nodeSpan } from './ranges';
import { suggest } from './suggest';
import { commandString, envList } from './fields-compose';
import { isMap, isScalar, isSeq } from './yaml-nodes';

/** Defaults when neither the unit nor `defaults:` says (documented in core/keys.ts). */
export const DEFAULT_CPUS = 1;
export const DEFAULT_MEMORY = 256 * 1024 * 1024;
export const DEFAULT_RETRIES: Readonly<Retries> = Object.freeze({ count: 0, backoff: 1000, memoryFactor: 1 });
export const DEFAULT_HEALTH = { interval: 1000, timeout: 5000, retries: 30, startPeriod: 0 } as const;

const CONDITIONS: readonly Condition[] = ['success', 'failure', 'always'];

/**
 * The one empty list every unit that leaves out a list shares. Frozen, so a change to one unit's
 * list fails loudly instead of reaching every other unit; typed as a list of anything (never[]).
 */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * A list the model keeps: NONE when empty, else an exact copy (a list grown by push keeps room
 * for 16 entries, and a large file has one or two per task).
 */
export function exact<T>(list: T[]): T[] {
  return list.length === 0 ? NONE : list.slice();
}

/** What `defaults:` sets; each field is undefined when `defaults` does not say. */
export interface Defaults {
  image?: string;
  cpus?: number;
  memory?: number;
  timeout?: number;
  retries?: Retries;
  env: Record<string, string>;
  workdir?: string;
  user?: string;
  expressions: Expression[];
}

/** An entry of a list of strings, as read: its value and offsets (end trimmed). */
export interface ListItem {
  value: string;
  node: Scalar;
  start: number;
  end: number;
}

/**
 * The parser's machinery as the rules see it (implemented by core/parse.ts's reader). Every
 * reader reports its own problems (`wrong-type`, `invalid-duration`, …) at the entry's value and
 * returns undefined for a value it could not read.
 */
export interface FieldReader {
  /** The whole text (its offsets are the nodes' offsets). */
  readonly text: string;
  /** Line starts for the model's lazily positioned objects (`NameAt`, `MountAt`). */
  readonly lineStarts: Pick<LineCounter, 'lineStarts'>;
  report(code: ParseCode, message: string, range: Range, severity?: Severity, fixes?: Fix[]): void;
  /** The range of two offsets. */
  span(start: number, end: number): Range;
  /** A node's range, trailing blanks left out; `fallback` when it has none. */
  range(node: Node | null | undefined, fallback?: number): Range;
  /** Follows an alias (counted towards MAX_ALIASES); null for nothing. */
  deref(node: unknown): Node | null;
  /** A mapping's entries; with a context, unknown keys are reported and left out. */
  entries(node: Node | null, what: string, where: Range, context?: KeyContext, unit?: 'task' | 'service'): Entries | undefined;
  /** A scalar as a person reads it (plain scalars as written). */
  scalarText(node: Scalar): string;
  string(entry: Entry, what: string, node?: Node | null): string | undefined;
  boolean(entry: Entry, what: string): boolean | undefined;
  number(entry: Entry, what: string, minimum: number, integer: boolean, node?: Node | null): number | undefined;
  cpus(entry: Entry, what: string): number | undefined;
  memory(entry: Entry, what: string): number | undefined;
  /** In ms; a `timer` (default true) is refused above MAX_TIMER_MS. */
  duration(entry: Entry, what: string, allowZero: boolean, timer?: boolean): number | undefined;
  /** A list of scalar strings (each entry that is not one is reported and left out). */
  list(entry: Entry, what: string): ListItem[] | undefined;
  /** Adds the `${{ … }}` of a scalar to `out` as written in `field` (e.g. `env.SHARD`), reporting malformed ones. */
  expressionsIn(node: Node | null, field: string, out: Expression[]): void;
}

/** Where a rule reads into: a task's or service's spec, or `defaults:`. */
export interface ReadContext {
  kind: 'task' | 'service' | 'defaults';
  /** `task "build"`, `service "db"` or `defaults`, for messages. */
  noun: string;
  /** What is read so far; a `Defaults` under `defaults:`. */
  out: Partial<UnitSpec>;
  /** Where each key is written (units only). */
  fields?: UnitSpec['fields'];
  /** The expressions of the unit (or of `defaults:`) so far. */
  expressions: Expression[];
  /** What `defaults:` sets (NO_DEFAULTS under `defaults:` itself). */
  defaults: Readonly<Defaults>;
}

/**
 * Reads one key: `what` names it in messages (`run of task "a"`, `defaults.run`). The rule
 * reports its own problems and leaves `ctx.out` as it was for a value it could not read.
 */
export type FieldRule = (r: FieldReader, f: Entry, what: string, ctx: ReadContext) => void;

// ---- rules ------------------------------------------------------------------------------------

export const readImage: FieldRule = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  const image = r.string(f, what, node);
  if (image !== undefined && image.trim() === '') r.report('wrong-type', `${what} must name an image, e.g. busybox.`, f.valueRange);
  else if (image !== undefined) ctx.out.image = image;
  r.expressionsIn(node, 'image', ctx.expressions);
};

/** The keys of a unit whose value is a string. */
type StringKey = { [K in keyof UnitSpec]-?: UnitSpec[K] extends string | undefined ? (string extends UnitSpec[K] ? K : never) : never }[keyof UnitSpec];

/**
 * The rule of a plain string that may hold expressions (`run`, `user`): the value as written into
 * `key`, its expressions collected as the field `key`. Most new string keys need only this.
 */
export function stringRule(key: StringKey): FieldRule {
  return (r, f, what, ctx) => {
    const node = r.deref(f.value);
    const value = r.string(f, what, node);
    if (value !== undefined) ctx.out[key] = value;
    r.expressionsIn(node, key, ctx.expressions);
  };
}

export const readRun = stringRule('run');
export const readUser = stringRule('user');

export const readCommand: FieldRule = (r, f, what, ctx) => {
  const command = commandList(r, f, what, 'command', ctx.expressions);
  if (command) ctx.out.command = command;
};

export const readEntrypoint: FieldRule = (r, f, what, ctx) => {
  const entrypoint = commandList(r, f, what, 'entrypoint', ctx.expressions);
  if (entrypoint) ctx.out.entrypoint = entrypoint;
};

/** A unit's `env` is merged over `defaults.env` (the unit wins) and frozen: units share it. */
export const readEnv: FieldRule = (r, f, what, ctx) => {
  const env = envMapping(r, f, what, ctx.expressions, ctx.fields);
  ctx.out.env = ctx.kind === 'defaults' ? env : Object.freeze({ ...ctx.defaults.env, ...env });
};

export const readWorkdir: FieldRule = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  const dir = r.string(f, what, node);
  if (dir !== undefined && !dir.startsWith('/') && !dir.startsWith('${{')) {
    r.report('invalid-workdir', `${what} "${dir}" must be an absolute path inside the container, e.g. /work.`, f.valueRange);
  } else if (dir !== undefined) ctx.out.workdir = dir;
  r.expressionsIn(node, 'workdir', ctx.expressions);
};

export const readCpus: FieldRule = (r, f, what, ctx) => {
  const cpus = r.cpus(f, what);
  if (cpus !== undefined) ctx.out.cpus = cpus;
};

export const readMemory: FieldRule = (r, f, what, ctx) => {
  const memory = r.memory(f, what);
  if (memory !== undefined) ctx.out.memory = memory;
};

export const readVolumes: FieldRule = (r, f, what, ctx) => {
  ctx.out.volumes = mounts(r, f, what);
};

export const readPrivileged: FieldRule = (r, f, what, ctx) => {
  ctx.out.privileged = r.boolean(f, what) ?? false;
};

export const readNetwork: FieldRule = (r, f, what, ctx) => {
  const network = r.string(f, what);
  if (network === 'host') ctx.out.network = network;
  else if (network !== undefined) {
    r.report('invalid-network', `network "${network}" is not supported: write "network: host", or leave it out to use the run's own network (where services are reachable).`, f.valueRange);
  }
};

export const readCapAdd: FieldRule = (r, f, what, ctx) => {
  ctx.out.capAdd = (r.list(f, what) ?? []).map((i) => i.value);
};

export const readHealth: FieldRule = (r, f, _what, ctx) => {
  ctx.out.health = health(r, f, ctx.fields ?? {}, ctx.expressions);
};

export const readNeeds: FieldRule = (r, f, what, ctx) => {
  ctx.out.needs = names(r, f, what, 'needs');
};

export const readMatrix: FieldRule = (r, f, _what, ctx) => {
  ctx.out.matrix = matrix(r, f, ctx.fields ?? {});
};

/** `estimate` only plans, so it may be zero and longer than a timer can wait. */
export const readEstimate: FieldRule = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  // Per expansion (`"${{ matrix.weight }}s"`): read at expansion, each value checked by core/checks/matrix.ts.
  if (node && isScalar(node) && typeof node.value === 'string' && node.value.includes('${{')) {
    ctx.out.estimateText = node.value;
    r.expressionsIn(node, 'estimate', ctx.expressions);
    return;
  }
  const estimate = r.duration(f, what, true, false);
  if (estimate !== undefined) ctx.out.estimate = estimate;
};

export const readTimeout: FieldRule = (r, f, what, ctx) => {
  const timeout = r.duration(f, what, false);
  if (timeout !== undefined) ctx.out.timeout = timeout;
};

/** A unit's messages call it `retries` (its nested keys `retries.count`, …), defaults' `defaults.retries`. */
export const readRetries: FieldRule = (r, f, what, ctx) => {
  const retries = readRetriesValue(r, f, ctx.kind === 'defaults' ? what : 'retries', ctx.fields);
  if (retries !== undefined) ctx.out.retries = retries;
};

export const readIf: FieldRule = (r, f, what, ctx) => {
  const condition = r.string(f, what);
  if (condition === undefined) return;
  if ((CONDITIONS as readonly string[]).includes(condition)) ctx.out.if = condition as Condition;
  else {
    const guess = suggest(condition, CONDITIONS);
    r.report(
      'invalid-if',
      `if: "${condition}" is not a condition: write success (the default), failure or always.${guess ? ` Did you mean "${guess}"?` : ''}`,
      f.valueRange,
      'error',
      guess ? [{ title: `Change to "${guess}"`, range: f.valueRange, newText: guess }] : undefined,
    );
  }
};

export const readAllowFailure: FieldRule = (r, f, what, ctx) => {
  ctx.out.allowFailure = r.boolean(f, what) ?? false;
};

export const readOutputs: FieldRule = (r, f, what, ctx) => {
  ctx.out.outputs = names(r, f, what, 'outputs');
};

/**
 * `secrets: [NPM_TOKEN]` (each an environment variable of that name) or
 * `secrets: { NPM_TOKEN: env, SSH_KEY: file }` (`file`: /run/secrets/SSH_KEY). Names are variable
 * names of the caller's environment; the values are never in the file (core/secrets.ts).
 */
export const readSecrets: FieldRule = (r, f, what, ctx) => {
  const out: SecretRef[] = [];
  const seen = new Set<string>();
  const add = (name: string, as: SecretRef['as'], range: Range) => {
    if (!VARIABLE_PATTERN.test(name)) {
      r.report('invalid-secret', `"${name}" is not a valid secret name: use letters, digits and "_", not starting with a digit (the name of a variable of the caller's environment).`, range);
      return;
    }
    if (seen.has(name)) {
      r.report('invalid-secret', `"${name}" is already listed in secrets.`, range);
      return;
    }
    seen.add(name);
    out.push({ name, as, range });
  };
  const node = r.deref(f.value);
  if (node && isMap(node)) {
    const e = r.entries(f.value, what, f.valueRange);
    for (const v of e?.values() ?? []) {
      const as = r.string(v, `${what}.${v.key}`);
      if (as === undefined) continue;
      if (as !== 'env' && as !== 'file') {
        r.report('invalid-secret', `secret ${v.key}: "${as}" is not a way to pass a secret: write env (an environment variable ${v.key}) or file (/run/secrets/${v.key}).`, v.valueRange);
        continue;
      }
      add(v.key, as, v.keyRange);
    }
  } else {
    for (const item of r.list(f, what) ?? []) add(item.value, 'env', r.span(item.start, item.end));
  }
  ctx.out.secrets = exact(out);
};

/**
 * Rules between keys of one unit, once all are read (`noun` as in messages): `run` and `command`
 * exclude each other. Neither is fine: the image's own command runs, as docker compose does (a
 * database service, a prebuilt test image).
 */
export function checkUnitKeys(r: FieldReader, e: Entries, noun: string): void {
  const run = e.get('run');
  const command = e.get('command');
  if (run && command) {
    r.report('run-and-command', `${capitalise(noun)} has both "run" and "command"; keep one ("run" is a shell string, "command" an argument list).`, command.keyRange);
  }
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- value readers shared by the rules --------------------------------------------------------

/** An argument list; `name` is the field's name for expressions (`command`, `health.command`). */
function commandList(r: FieldReader, field: Entry, what: string, name: string, expressions: Expression[]): string[] | undefined {
  const written = r.deref(field.value);
  // One string, as docker compose allows: split into arguments (core/compose.ts), no shell.
  if (isScalar(written) && typeof written.value === 'string') return commandString(r, field, what, name, written, expressions);
  const items = r.list(field, what);
  if (!items) return undefined;
  items.forEach((item, i) => r.expressionsIn(item.node, `${name}[${i}]`, expressions));
  return items.map((i) => i.value);
}

export function envMapping(r: FieldReader, field: Entry, what: string, expressions: Expression[], fields?: UnitSpec['fields']): Record<string, string> {
  // A list of KEY=VALUE, as docker compose allows (core/fields-compose.ts).
  if (isSeq(r.deref(field.value))) return envList(r, field, what, expressions, fields);
  const env: Record<string, string> = {};
  const e = r.entries(field.value, what, field.valueRange);
  if (!e) return env;
  for (const v of e.values()) {
    if (!VARIABLE_PATTERN.test(v.key)) {
      r.report('invalid-env-name', `"${v.key}" is not a valid environment variable name: use letters, digits and "_", not starting with a digit.`, v.keyRange);
      continue;
    }
    const node = r.deref(v.value);
    const value = r.string(v, what.replace('env', `env.${v.key}`), node);
    if (value === undefined) continue;
    env[v.key] = value;
    if (fields) fields[`env.${v.key}`] = v.field();
    r.expressionsIn(node, `env.${v.key}`, expressions);
  }
  return env;
}

/** A whole number of retries or a `{ count, backoff, memory-factor }` mapping. */
function readRetriesValue(r: FieldReader, field: Entry, what: string, fields?: UnitSpec['fields']): Retries | undefined {
  const node = r.deref(field.value);
  if (node && isScalar(node) && typeof node.value === 'number') {
    const count = r.number(field, what, 0, true, node);
    return count === undefined ? undefined : { ...DEFAULT_RETRIES, count };
  }
  if (!node || !isMap(node)) {
    r.report('wrong-type', `${what} must be a number of retries or a mapping { count, backoff, memory-factor }.`, field.valueRange);
    return undefined;
  }
  const e = r.entries(node, `"${what}"`, field.valueRange, 'retries');
  if (!e) return undefined;
  const out: Retries = { ...DEFAULT_RETRIES };
  for (const f of e.values()) {
    if (fields) fields[`retries.${f.key}`] = f.field();
    if (f.key === 'count') out.count = r.number(f, `${what}.count`, 0, true) ?? out.count;
    else if (f.key === 'backoff') out.backoff = r.duration(f, `${what}.backoff`, true) ?? out.backoff;
    else if (f.key === 'memory-factor') out.memoryFactor = r.number(f, `${what}.memory-factor`, 1, false) ?? out.memoryFactor;
  }
  return out;
}

function mounts(r: FieldReader, field: Entry, what: string): Mount[] {
  const out: Mount[] = [];
  for (const item of r.list(field, what) ?? []) {
    // source:target[:mode], split by hand (this runs for every mount of every task).
    const written = item.value;
    const first = written.indexOf(':');
    const second = first < 0 ? -1 : written.indexOf(':', first + 1);
    const parts = first < 0 ? 1 : second < 0 ? 2 : written.indexOf(':', second + 1) < 0 ? 3 : 4;
    const source = first < 0 ? written : written.slice(0, first);
    const target = first < 0 ? '' : written.slice(first + 1, second < 0 ? written.length : second);
    const mode = second < 0 ? undefined : written.slice(second + 1);
    const problem =
      parts < 2 || parts > 3
        ? 'write source:target or source:target:ro'
        : source === ''
          ? 'the source (before ":") is empty'
          : !target.startsWith('/')
            ? `the target "${target}" must be an absolute path inside the container`
            : mode !== undefined && mode !== 'ro' && mode !== 'rw'
              ? `"${mode}" is not a mode; only ":ro" (read-only) or ":rw" can follow the target`
              : undefined;
    if (problem) {
      r.report('invalid-mount', `Invalid mount "${item.value}": ${problem}.`, r.span(item.start, item.end));
      continue;
    }
    // Find the value in the source text to give the source part its own range; if escapes make
    // the two differ, fall back to the whole entry.
    const [start, end] = nodeSpan(item.node);
    const at = r.text.indexOf(written, start);
    const found = at >= 0 && at + written.length <= end;
    out.push(
      new MountAt(
        source.startsWith('.') || source.startsWith('/') ? 'bind' : 'volume',
        source,
        target,
        mode === 'ro',
        r.lineStarts,
        item.start,
        item.end,
        found ? at : item.start,
        found ? at + source.length : item.end,
      ),
    );
  }
  return exact(out);
}

function matrix(r: FieldReader, field: Entry, fields: UnitSpec['fields']): MatrixAxis[] {
  const axes: MatrixAxis[] = [];
  const e = r.entries(field.value, '"matrix"', field.valueRange);
  if (!e) return axes;
  if (e.size === 0) {
    r.report('matrix-empty', '"matrix" has no axes; add one such as { shard: [1, 2] } or remove it.', field.valueRange);
    return axes;
  }
  for (const axis of e.values()) {
    fields[`matrix.${axis.key}`] = axis.field();
    if (!MATRIX_KEY_PATTERN.test(axis.key)) {
      r.report('invalid-matrix-key', `"${axis.key}" is not a valid matrix key: use letters, digits, "_" and "-", starting with a letter or "_".`, axis.keyRange);
      continue;
    }
    const node = r.deref(axis.value);
    if (!node || !isSeq(node)) {
      r.report('wrong-type', `matrix.${axis.key} must be a list of values, e.g. [1, 2, 3].`, axis.valueRange);
      continue;
    }
    const values: string[] = [];
    const seen = new Set<string>();
    for (const raw of node.items) {
      const item = r.deref(raw);
      if (!item || !isScalar(item) || item.value === null || typeof item.value === 'object') {
        r.report('matrix-value-not-scalar', `Values of matrix.${axis.key} must be single values (a string, number or boolean).`, r.range((item ?? raw) as Node, nodeSpan(node)[0]));
        continue;
      }
      const value = r.scalarText(item);
      if (seen.has(value)) {
        r.report('matrix-duplicate-value', `"${value}" appears twice in matrix.${axis.key}.`, r.range(item));
        continue;
      }
      seen.add(value);
      values.push(value);
    }
    if (node.items.length === 0) {
      r.report('matrix-empty', `matrix.${axis.key} has no values; the task would never run.`, axis.valueRange);
      continue;
    }
    if (values.length) axes.push({ key: axis.key, keyRange: axis.keyRange, values, range: axis.valueRange });
  }
  return axes;
}

function health(r: FieldReader, field: Entry, fields: UnitSpec['fields'], expressions: Expression[]): HealthCheck | undefined {
  const e = r.entries(field.value, '"health"', field.valueRange, 'health');
  if (!e) return undefined;
  const out: HealthCheck = { ...DEFAULT_HEALTH, range: field.valueRange };
  for (const f of e.values()) {
    fields[`health.${f.key}`] = f.field();
    const what = `health.${f.key}`;
    switch (f.key) {
      case 'run': {
        const node = r.deref(f.value);
        out.run = r.string(f, what, node);
        r.expressionsIn(node, what, expressions);
        break;
      }
      case 'command':
        out.command = commandList(r, f, what, what, expressions);
        break;
      case 'interval':
        out.interval = r.duration(f, what, false) ?? out.interval;
        break;
      case 'timeout':
        out.timeout = r.duration(f, what, false) ?? out.timeout;
        break;
      case 'retries':
        out.retries = r.number(f, what, 0, true) ?? out.retries;
        break;
      case 'start-period':
        out.startPeriod = r.duration(f, what, true) ?? out.startPeriod;
        break;
    }
  }
  const run = e.get('run');
  const command = e.get('command');
  if (run && command) {
    r.report('run-and-command', 'health has both "run" and "command"; keep one.', command.keyRange);
  } else if (!run && !command) {
    r.report('missing-run', 'health needs "run" (a shell command) or "command" (an argument list) to check with.', field.keyRange);
  }
  return out;
}

/** `needs` (any names: validation checks them) or `outputs` (variable names). */
function names(r: FieldReader, field: Entry, what: string, list: 'needs' | 'outputs'): NameRef[] {
  const out: NameRef[] = [];
  const seen = new Set<string>();
  for (const item of r.list(field, what) ?? []) {
    if (list === 'outputs' && !VARIABLE_PATTERN.test(item.value)) {
      r.report('invalid-output-name', `"${item.value}" is not a valid output name: use letters, digits and "_", not starting with a digit.`, r.span(item.start, item.end));
      continue;
    }
    if (seen.has(item.value)) {
      if (list === 'needs') r.report('duplicate-need', `"${item.value}" is already listed in needs.`, r.span(item.start, item.end), 'warning');
      else r.report('duplicate-output', `"${item.value}" is already listed in outputs.`, r.span(item.start, item.end));
      continue;
    }
    seen.add(item.value);
    out.push(new NameAt(item.value, r.lineStarts, item.start, item.end));
  }
  return exact(out);
}
