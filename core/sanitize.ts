/**
 * Text that came from a container or from an untrusted batch file — output lines, log tails, error
 * messages quoting them, unit ids carrying matrix values — is data. Before it reaches a terminal,
 * the GitHub runner's log, Markdown or HTML, every character that could act instead of being shown
 * is replaced by a visible stand-in:
 *
 * - C0 controls (except tab, and newline where lines are expected) and DEL: the Unicode control
 *   pictures, `\r` → `␍`, ESC → `␛`, NUL → `␀`, DEL → `␡`. A bare CR is how `\r::error::…` would
 *   start a new line in the runner's log; ESC starts terminal sequences (cursor moves, OSC titles,
 *   hyperlinks), which are left as inert visible text (`␛[2K`).
 * - C1 controls (U+0080–U+009F, among them the 8-bit CSI U+009B and NEL U+0085): `\x9b`.
 * - Line and paragraph separators (U+2028, U+2029), which some readers treat as line breaks, and the
 *   bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, "Trojan Source"),
 *   which reorder what a reader sees: `\u2028`, `\u202e`.
 *
 * Colour (SGR: `ESC [ digits ; … m`) is the one escape sequence worth keeping where it renders —
 * a colour terminal, the runner's log viewer; `sgr` chooses. Pure.
 */

export type SgrMode =
  /** `␛[31m`: visible, like every other escape sequence. */
  | 'show'
  /** Kept as is (a colour terminal or the GitHub log viewer renders it; it can only colour). */
  | 'keep'
  /** Removed: it only carried colour, and where it does not render it is noise (Markdown, HTML, no-colour terminals). */
  | 'strip';

export interface SanitizeOptions {
  /** Keep newlines (the text is several lines; `\r\n` counts as one). Default: false, a newline shows as `␊`. */
  multiline?: boolean;
  /** Default: `show`. */
  sgr?: SgrMode;
}

/** Everything `sanitize` replaces (newline included; kept apart when `multiline`). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, or one whole SGR sequence first (group 1). */
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_SGR = /(\x1b\[[0-9;:]*m)|[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;:]*m/g;

export function sanitize(text: string, options: SanitizeOptions = {}): string {
  const multiline = options.multiline ?? false;
  const sgr = options.sgr ?? 'show';
  let s = multiline ? text.replace(/\r\n/g, '\n') : text;
  if (sgr === 'strip') s = s.replace(SGR, '');
  if (sgr === 'keep') return s.replace(UNSAFE_OR_SGR, (all: string, kept: string | undefined) => kept ?? stand(all, multiline));
  return s.replace(UNSAFE, (c) => stand(c, multiline));
}

/**
 * JSON on one line in which every character `sanitize` would replace is a `\uXXXX` escape: exact
 * (any JSON reader gets the value back) and inert wherever the text is pasted or shown.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function stand(c: string, multiline: boolean): string {
  const code = c.charCodeAt(0);
  if (c === '\n' && multiline) return c;
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}
