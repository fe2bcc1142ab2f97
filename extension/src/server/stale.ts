/**
 * While a document has errors there is no schedule of its current text, so the code lenses and the
 * preview show the last schedule computed without errors (from an earlier version), marked stale.
 * That earlier version's positions are out of date once lines were added or removed: this finds
 * where each of its tasks and services is written now, by name.
 */
import type { Position, Range } from '../../../core/diagnostics';
import type { UnitSpec } from '../../../core/model';
import type { Analysis } from './analysis';

/** Where the names of the document's current text are defined. */
export class CurrentPlaces {
  private parsed?: Map<string, Range[]>;
  private written?: Map<string, Position[]>;

  constructor(private readonly current: Analysis) {}

  /**
   * The current range of the name of `unit`, a task or service of an earlier version; undefined
   * when its name is no longer defined (renamed, deleted, or mid-typing). What the current text
   * parses to is asked first; when the file is too broken for that (an unclosed quote swallows the
   * rest of the file), a line that still reads as that name's key, at the same indentation, counts.
   */
  locate(unit: Pick<UnitSpec, 'name' | 'kind' | 'nameRange'>): Range | undefined {
    const old = unit.nameRange;
    const nearest = <T>(list: readonly T[] | undefined, line: (t: T) => number) =>
      list?.length ? list.reduce((a, b) => (Math.abs(line(b) - old.start.line) < Math.abs(line(a) - old.start.line) ? b : a)) : undefined;
    const parsed = nearest(this.parsedPlaces().get(`${unit.kind}:${unit.name}`), (r) => r.start.line);
    if (parsed) return parsed;
    // Only a name on one line is looked for in the text (a key always is).
    if (old.start.line !== old.end.line) return undefined;
    const written = nearest(
      this.writtenPlaces().get(unit.name)?.filter((p) => p.character === old.start.character),
      (p) => p.line,
    );
    return written && { start: written, end: { line: written.line, character: written.character + old.end.character - old.start.character } };
  }

  private parsedPlaces(): Map<string, Range[]> {
    if (!this.parsed) {
      this.parsed = new Map();
      const file = this.current.result.file;
      for (const unit of file ? [...file.services, ...file.tasks] : []) {
        const key = `${unit.kind}:${unit.name}`;
        const list = this.parsed.get(key);
        if (list) list.push(unit.nameRange);
        else this.parsed.set(key, [unit.nameRange]);
      }
    }
    return this.parsed;
  }

  /** Every line that reads as a block mapping key (`  name:`, `  "name":`), by name: one pass over the text. */
  private writtenPlaces(): Map<string, Position[]> {
    if (!this.written) {
      this.written = new Map();
      const key = /^( *)(?:"([^"\\]+)"|'([^']+)'|([^\s#"'{}[\],:][^:#]*?))[ \t]*:(?:[ \t]|$)/;
      this.current.lines.forEach((text, line) => {
        const match = key.exec(text);
        if (!match) return;
        const name = match[2] ?? match[3] ?? match[4];
        const place = { line, character: match[1].length };
        const list = this.written!.get(name);
        if (list) list.push(place);
        else this.written!.set(name, [place]);
      });
    }
    return this.written;
  }
}

/**
 * `at`, a position inside `unit`'s definition in the earlier version, moved with the unit's name:
 * on the name's line it takes the name's new place; below it, it keeps its distance in lines.
 */
export function follow(at: Position, unit: Pick<UnitSpec, 'nameRange'>, now: Range): Position {
  const old = unit.nameRange.start;
  if (at.line === old.line) return { line: now.start.line, character: now.start.character + at.character - old.character };
  return { line: now.start.line + at.line - old.line, character: at.character };
}
