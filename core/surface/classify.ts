/**
 * How a surface ends when something goes wrong: which exit code, and the line that says why. One
 * classification for the CLI and the action (part of the surfaces' shared layer, see
 * `load-file.ts`); each prints the result its own way — the CLI on stderr after `gantry: error: `,
 * the action as its error annotation.
 */
import { GantryError, type Diagnostic } from '../diagnostics';
import { sanitize } from '../sanitize';
import { EXIT, type ExitCode } from './exit-codes';
import type { Loaded } from './load-file';

export interface Classified {
  exitCode: ExitCode;
  /** The error's code: a `GantryError`'s, a refusal's, `invalid-file`, or `internal-error` for a bug. */
  code: string;
  /**
   * What went wrong, on one line with its control characters shown (messages may quote the engine,
   * a container or the file's values: shown, never acted on). An internal error keeps its stack.
   */
  line: string;
  /** One line telling the user what to do next, when known. */
  hint?: string;
  /** An invalid file's problems (errors and warnings, sorted), for the surface to show at their places. */
  diagnostics?: readonly Diagnostic[];
}

/** Only a load that failed has something to classify. */
export type LoadFailure = Extract<Loaded, { ok: false }>;

/**
 * A thrown error: `cancelled` → 130; `engine-*` → 3 (the engine could not be reached or used);
 * any other `GantryError` → 2 (the file, an input or the host refused what was asked); anything
 * else is a bug → 70, with its stack.
 */
export function classifyError(error: unknown): Classified {
  if (error instanceof GantryError) {
    if (error.code === 'cancelled') return { exitCode: EXIT.cancelled, code: error.code, line: 'cancelled before the run started' };
    return {
      exitCode: error.code.startsWith('engine-') ? EXIT.engine : EXIT.invalid,
      code: error.code,
      line: oneLine(error.message),
      ...(error.hint ? { hint: oneLine(error.hint) } : {}),
    };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { exitCode: EXIT.internal, code: 'internal-error', line: `internal error: ${detail}` };
}

/**
 * A batch file that could not be used (`loadBatchFile`), named `name` as the user wrote it: exit 2
 * either way. Refused unread: the line is the refusal (`gantry.yml: no such file [file-not-found]`).
 * Invalid: the line counts the errors, and `diagnostics` holds them to show at their places.
 */
export function classifyLoad(name: string, failure: LoadFailure): Classified {
  if (failure.refusal) {
    const { code, message } = failure.refusal;
    return { exitCode: EXIT.invalid, code, line: `${sanitize(name)}: ${message} [${code}]` };
  }
  const errors = failure.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    exitCode: EXIT.invalid,
    code: 'invalid-file',
    line: `${sanitize(name)} has ${errors} error${errors === 1 ? '' : 's'}`,
    diagnostics: failure.diagnostics,
  };
}

function oneLine(text: string): string {
  return sanitize(text.replace(/\s+/g, ' ').trim());
}
