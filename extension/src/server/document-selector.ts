/**
 * Which documents the server answers for. The client sends its document selector in the
 * initialization options; the server applies the same filter itself so that an editor that
 * hands it every YAML file (a generic LSP client) still sees Gantry only act on batch files,
 * and other YAML keeps its own tools.
 */
import { BATCH_FILE_GLOBS, type DocumentFilter } from '../protocol';

/** `gantry.yml`, `gantry.yaml`, `*.gantry.yml`, `*.gantry.yaml` — the names Gantry looks for. */
export const DEFAULT_DOCUMENT_SELECTOR: DocumentFilter[] = BATCH_FILE_GLOBS.map((pattern) => ({ pattern }));

export type UriMatcher = (uri: string) => boolean;

export function uriMatcher(selector: readonly DocumentFilter[] = DEFAULT_DOCUMENT_SELECTOR): UriMatcher {
  const tests = selector.map((filter) => {
    const pattern = filter.pattern ? globToRegExp(filter.pattern) : undefined;
    return (uri: string, path: string) =>
      (filter.scheme === undefined || uri.startsWith(`${filter.scheme}:`)) && (pattern === undefined || pattern.test(path));
  });
  return (uri) => {
    const path = uriPath(uri);
    return tests.some((test) => test(uri, path));
  };
}

function uriPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** Glob syntax of LSP document filters: `*`, `**`, `?`, `{a,b}`, `[…]`. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders, including none.
        out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') out += '(?:';
    else if (c === '}') out += ')';
    else if (c === ',') out += '|';
    else if (c === '[' || c === ']') out += c;
    else out += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  // A pattern without a folder part matches the file name anywhere.
  return new RegExp(glob.includes('/') ? `(?:^|/)${out.replace(/^\(\?:\.\*\/\)\?/, '')}$` : `(?:^|/)${out}$`);
}
