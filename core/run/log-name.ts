/**
 * File names of a run's logs (`logs/<unit>.<attempt>.log`, `logs/<unit>.service.log`): the unit id
 * as people read it (`test[shard=3].2.log`), with only what is unsafe in a file name, a shell word
 * or an uploaded artifact (`/`, `\`, spaces, quotes, `:*?<>|`, control characters, …) replaced by `_`.
 * Two ids that would read the same get `~2`, `~3`, … so no log overwrites another.
 */

/** Characters kept as they are; everything else becomes `_`. */
const UNSAFE = /[^A-Za-z0-9._=,+@[\]-]+/g;

/** The readable, file-safe form of a unit id (never empty, never `.` or `..`, never a hidden file). */
export function fileSafeId(unitId: string): string {
  const safe = unitId.replace(UNSAFE, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return safe === '' ? '_' : safe;
}

/**
 * Gives each unit id one file-safe stem, distinct from every other stem it gave. Ids are named in
 * the order the run first writes them; asking again for an id gives the same stem.
 */
export class LogNames {
  private readonly stems = new Map<string, string>();
  private readonly taken = new Set<string>();

  stem(unitId: string): string {
    const known = this.stems.get(unitId);
    if (known !== undefined) return known;
    const base = fileSafeId(unitId);
    let stem = base;
    for (let n = 2; this.taken.has(stem.toLowerCase()); n++) stem = `${base}~${n}`;
    this.stems.set(unitId, stem);
    this.taken.add(stem.toLowerCase());
    return stem;
  }

  /** `logs/`-relative name: `<stem>.<attempt>.log`, or `<stem>.service.log` for a service (attempt 0). */
  fileName(unitId: string, attempt: number): string {
    return `${this.stem(unitId)}.${attempt === 0 ? 'service' : attempt}.log`;
  }
}
