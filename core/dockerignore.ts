/**
 * `.dockerignore` as the Docker CLI reads it (moby/patternmatcher): one pattern per line, `#`
 * comments and blank lines skipped, each pattern cleaned (`./a/` → `a`, a leading `/` dropped);
 * `*` any run of characters but `/`, `?` one such character, `[…]` a class, `\` an escape, `**`
 * any number of folders (none included); `!` makes an exception. A path is excluded when the last
 * pattern matching it, or one of its parent folders, is not an exception.
 */
import path from 'node:path';

interface Rule {
  regex: RegExp;
  exception: boolean;
}

export interface IgnoreMatcher {
  /** Whether `relative` (`/`-separated, relative to the context, no leading `./`) is left out. */
  excluded(relative: string): boolean;
  /** Whether an exception may bring back something inside an excluded folder (then it must be walked). */
  readonly hasExceptions: boolean;
}

/** Reads the text of a `.dockerignore`. */
export function parseDockerignore(text: string): IgnoreMatcher {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let exception = false;
    if (line.startsWith('!')) {
      exception = true;
      line = line.slice(1).trim();
      if (line === '') continue;
    }
    let cleaned = path.posix.normalize(line.replace(/\\(?=[^*?[\]\\])/g, '/'));
    cleaned = cleaned.replace(/^\/+/, '').replace(/\/+$/, '');
    if (cleaned === '' || cleaned === '.') cleaned = '.';
    rules.push({ regex: patternRegex(cleaned), exception });
  }
  const hasExceptions = rules.some((r) => r.exception);
  return {
    hasExceptions,
    excluded(relative: string): boolean {
      const parents = parentPaths(relative);
      let excluded = false;
      for (const rule of rules) {
        if (rule.exception !== excluded) continue;
        // A pattern matches the path itself or any folder it lies in.
        if (parents.some((p) => rule.regex.test(p))) excluded = !rule.exception;
      }
      return excluded;
    },
  };
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. */
function parentPaths(relative: string): string[] {
  const parts = relative.split('/');
  const out: string[] = [];
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** A pattern as a regular expression over a whole `/`-separated path (Go's filepath.Match, plus `**`). */
function patternRegex(pattern: string): RegExp {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` matches zero or more folders; a trailing `**` anything at all.
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) {
      i++;
      out += escapeRegex(pattern[i]);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^') || body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += escapeRegex(c);
  }
  return new RegExp(`${out}$`);
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
