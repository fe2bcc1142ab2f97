/**
 * `gantry run --env-file FILE`: a dotenv file for local runs, standing in for what a workflow's
 * `env:` gives the action — the values `secrets:` and `${{ env.NAME }}` read. The environment
 * Gantry runs in wins over the file for a variable both set (as docker compose does).
 *
 * The format, as docker compose reads it without interpolation: one `NAME=VALUE` per line,
 * optionally after `export `; blank lines and lines starting with `#` are skipped; a value in
 * single quotes is taken as written, one in double quotes understands `\n`, `\t`, `\"` and `\\`
 * (and may span lines); an unquoted value ends at ` #` (a comment) and is trimmed. `$VAR` is not
 * expanded. A line that is none of these is an error naming its line.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { GantryError } from '../diagnostics';

/** Largest env file read: configuration, not data. */
const MAX_ENV_FILE = 1024 * 1024;

/** The variables of a dotenv text, or the first problem with its 1-based line. */
export function parseEnvFile(text: string): { env: Record<string, string> } | { line: number; message: string } {
  const env: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) return { line: i + 1, message: 'not NAME=VALUE' };
    const [, name, rest] = match;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return { line: i + 1, message: `"${name}" is not a variable name (letters, digits and "_")` };
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) return { line: i + 1, message: 'the single quote is not closed on this line' };
      env[name] = rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      // A double-quoted value may go on over the next lines until its closing quote.
      let value = rest.slice(1);
      const start = i;
      let closed = closingQuote(value);
      while (closed < 0 && i + 1 < lines.length) {
        value += `\n${lines[++i]}`;
        closed = closingQuote(value);
      }
      if (closed < 0) return { line: start + 1, message: 'the double quote is not closed' };
      env[name] = value.slice(0, closed).replace(/\\([nt"\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    } else {
      const comment = rest.search(/\s#/);
      env[name] = (comment >= 0 ? rest.slice(0, comment) : rest).trim();
    }
  }
  return { env };
}

/** The index of the first `"` not escaped by a backslash, or -1. */
function closingQuote(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/**
 * Reads the env file at `path` (absolute). Throws a `GantryError` (`env-file-invalid`) naming the
 * file as `shown` and the line; never quotes a value (the file may hold secrets).
 */
export function readEnvFile(path: string, shown: string): Record<string, string> {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new GantryError('env-file-invalid', `--env-file ${shown}: not a regular file.`);
    if (stat.size > MAX_ENV_FILE) throw new GantryError('env-file-invalid', `--env-file ${shown}: larger than 1 MiB.`);
    text = readFileSync(fd, 'utf8');
  } catch (error) {
    if (error instanceof GantryError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new GantryError('env-file-invalid', `--env-file ${shown}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'unknown error'})`}.`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const parsed = parseEnvFile(text);
  if ('line' in parsed) throw new GantryError('env-file-invalid', `--env-file ${shown}:${parsed.line}: ${parsed.message}.`);
  return parsed.env;
}
