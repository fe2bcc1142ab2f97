/**
 * `validate(text)`: the one entry the CLI, the action and the language server call. Parses the
 * text, runs every semantic check (the policy among them, core/checks/policy.ts), resolves the capacity and, when nothing is an
 * error, expands the file into the graph the scheduler runs.
 */
import type { NodeCapacity } from './backend';
import { isCompleteCapacity, resolveCapacity } from './capacity';
import { checkFile } from './checks/check-file';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics';
import { expand } from './expand';
import type { BatchFile, Capacity, EngineName, Graph, Policy } from './model';
import { normalizeLineBreaks, parseBatchFile, type ParseResult } from './parse';

export interface ValidateOptions {
  /** What the file may ask for. Default `'trusted'` (everything); `'strict'` for untrusted files. */
  policy?: Policy;
  /** Capacity from command-line flags; each field given overrides the file's. Default: none. */
  capacity?: Partial<Capacity>;
  /**
   * This machine's or engine's figures, used for each field neither flags nor file give (a
   * partial one is accepted: the editor may know the CPUs but not the memory). Default: none —
   * then `cpus`/`memory` not given elsewhere stay unknown, the checks that a unit fits them are
   * skipped, and `Validation.capacity` is undefined.
   */
  machine?: Partial<Capacity>;
  /**
   * The batch file's folder (absolute), for the strict policy's bind check. Default: none — then
   * relative binds are judged against the folder itself and absolute binds count as outside it.
   */
  baseDir?: string;
  /**
   * Expand a file without errors into `Validation.graph` (default true). The language server
   * passes false: diagnostics do not need the graph, and it expands (`expand`) only when a
   * feature asks for the schedule.
   */
  graph?: boolean;
  /**
   * The validation of the previous version of the same document: units the edits left as they
   * were are taken over from it rather than read again (see ReusableUnits in core/parse.ts). It
   * must have been made with `reusable: true`. Default: none. (The language server, as the user
   * types.)
   */
  previous?: Validation;
  /** Keep what the next version's validation can reuse (`previous`). Default false. */
  reusable?: boolean;
  /**
   * Variables of the caller's environment the workflow lets a `strict` file read with
   * `${{ env.NAME }}` (the action's `pass-env` input, `gantry run --pass-env`); never from the file
   * itself. Default: none. Under `trusted` every variable may be read.
   */
  passEnv?: readonly string[];
  /**
   * The engine the caller chose (`gantry run --engine`, the action's `engine:` input), which wins
   * over the file's `capacity.engine`. Default: none — then under `strict` the file may not ask for
   * `swarm` (`policy-engine-swarm`, core/checks/policy.ts).
   */
  engine?: EngineName;
  /**
   * The engine's nodes (`BackendCapacity.nodes`, core/backend.ts), when the run packs onto
   * several (a swarm): a unit that fits no single node, or that must run on the home node
   * (core/placement.ts) and does not fit it, is an `exceeds-node` error at its request. Default:
   * none — the checks judge the one pool of the capacity.
   */
  nodes?: readonly NodeCapacity[];
  /** Parse with the `yaml` package only, without core/yaml-fast.ts (default false; for benchmarks and tests). */
  slowYaml?: boolean;
}

export interface Validation {
  /** The parsed file, also when it has errors (as much as could be read); undefined when unreadable. */
  file?: BatchFile;
  /** The expanded graph; only when there is no error (and `graph` was not false). */
  graph?: Graph;
  /** Flags > file > machine per field, `parallel` Infinity unless given; undefined while cpus or memory is unknown. */
  capacity?: Capacity;
  /** Parse and semantic diagnostics, sorted with `sortDiagnostics`. */
  diagnostics: Diagnostic[];
  /** The parser's result (YAML document and line counter, for editor features). */
  parse: ParseResult;
}

/** The same type under the name the language server uses. */
export type ValidateResult = Validation;

export function validate(text: string, options: ValidateOptions = {}): Validation {
  const parse = parseBatchFile(text, { slowYaml: options.slowYaml, reusable: options.reusable, previous: options.previous?.parse });
  const { file } = parse;
  if (!file) return { diagnostics: sortDiagnostics(parse.diagnostics), parse };

  const resolved = resolveCapacity(options.capacity, file.capacity, options.machine);
  const capacity = isCompleteCapacity(resolved) ? resolved : undefined;
  // The checks read the text as the parser did (a lone `\r` is a line break; see normalizeLineBreaks).
  const diagnostics = [...parse.diagnostics, ...checkFile(file, { ...options, text: normalizeLineBreaks(text) })];
  const validation: Validation = { file, diagnostics: sortDiagnostics(diagnostics), parse };
  if (capacity) validation.capacity = capacity;
  if (options.graph !== false && !hasErrors(diagnostics)) validation.graph = expand(file).graph;
  return validation;
}
