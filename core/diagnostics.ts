/**
 * The one error type of Gantry. Every problem — a YAML syntax error, an unknown key, a cycle, a
 * task that can never fit, an unreachable engine — is a `Diagnostic`. The CLI prints it as
 * `file:line:col`, the action turns it into an annotation, the language server into an LSP
 * diagnostic: all three read the same list.
 *
 * Positions follow the Language Server Protocol: zero-based line and character (UTF-16 code
 * units), end exclusive. Printers add one for humans.
 */

export interface Position {
  /** Zero-based line. */
  line: number;
  /** Zero-based character offset within the line (UTF-16 code units, as in LSP). */
  character: number;
}

export interface Range {
  start: Position;
  /** Exclusive. */
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** An edit that fixes a diagnostic; the editor offers it as a quick fix. */
export interface Fix {
  /** Shown to the user, e.g. `Change to "needs"`. */
  title: string;
  range: Range;
  newText: string;
}

export interface Diagnostic {
  /** Stable, documented code, e.g. `unknown-key`, `needs-unknown`, `cycle`. Never reworded. */
  code: string;
  /** A sentence the user can act on. */
  message: string;
  severity: Severity;
  range: Range;
  /** Quick fixes, best first (did-you-mean, remove the need that closes a cycle, …). */
  fixes?: Fix[];
}

/** A range covering nothing at the very start of a file: for problems with no better place. */
export const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Thrown (and caught at entry points) for failures that are not about a place in the batch file,
 * or that must stop the current command: an unreachable engine, an unreadable file. Carries the
 * same fields as a diagnostic so every surface prints it the same way.
 */
export class GantryError extends Error {
  override readonly name = 'GantryError';
  constructor(
    readonly code: string,
    message: string,
    readonly range: Range = FILE_START,
    /** One line telling the user what to do next. */
    readonly hint?: string,
  ) {
    super(message);
  }

  toDiagnostic(): Diagnostic {
    return { code: this.code, message: this.message, severity: 'error', range: this.range };
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by position, then code, so every surface lists them identically. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}

/** `file:line:col: severity: message [code]` — one-based, the format compilers and editors parse. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const { line, character } = d.range.start;
  return `${file}:${line + 1}:${character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}
