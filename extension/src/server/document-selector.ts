/**
 * Which documents the server answers for. The client sends its document selector in the
 * initialization options; the server applies the same filter itself so that an editor that
 * hands it every YAML file (a generic LSP client) still sees Gantry only act on batch files,
 * and other YAML keeps its own tools.
 *
 * A batch file is one named like one (in either language: `gantry`, which the extension gives
 * `gantry.yml` and its kin, or `yaml`, which a file keeps when `gantry.files` names it or the user
 * associates the names with YAML) or any document in the `gantry` language.
 */
import { BATCH_FILE_GLOBS, GANTRY_LANGUAGE, type DocumentFilter } from '../protocol';

/** `gantry.yml`, `gantry.yaml`, `*.gantry.yml`, `*.gantry.yaml` — the names Gantry looks for. */
export const DEFAULT_DOCUMENT_SELECTOR: DocumentFilter[] = [...BATCH_FILE_GLOBS.map((pattern) => ({ pattern })), { language: GANTRY_LANGUAGE }];

/** Whether a document (its URI and language id) is a batch file. */
export type UriMatcher = (uri: string, languageId: string) => boolean;

export function uriMatcher(selector: readonly DocumentFilter[] = DEFAULT_DOCUMENT_SELECTOR): UriMatcher {
  const tests = selector.map((filter) => {
    const pattern = filter.pattern ? globToRegExp(filter.pattern) : undefined;
    return (uri: string, path: string, languageId: string) =>
      (filter.language === undefined || filter.language === languageId) &&
      (filter.scheme === undefined || uri.startsWith(`${filter.scheme}:`)) &&
      (pattern === undefined || pattern.test(path));
  });
  return (uri, languageId) => {
    const path = uriPath(uri);
    return tests.some((test) => test(uri, path, languageId));
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
