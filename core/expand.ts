/**
 * Matrix fan-out and `needs` expansion: the parsed file becomes the graph the scheduler runs.
 *
 * - Units are in file order: the builds of images (core/build-units.ts) first, then services,
 *   then each task with its expansions. A unit with `build:` needs its build unit.
 * - A matrix task expands to one unit per combination, named `test[shard=1]` or, with several
 *   axes, `t[os=a,shard=1]` (keys in the file's order). The first axis varies slowest, as in
 *   GitHub Actions: `os=a,shard=1`, `os=a,shard=2`, `os=b,shard=1`, …
 * - `${{ matrix.<key> }}` is substituted into the fields core/fields.ts marks as substituted at
 *   expansion (`image`, `run`, `command`, `env`, `workdir`), by each one's `expand`; the others,
 *   and `${{ needs… }}` everywhere, wait until the attempt starts (core/substitute.ts).
 * - A need on a matrix task waits for all of its expansions; needs naming nothing are dropped
 *   (validation reports them).
 */
import type { Diagnostic } from './diagnostics';
import { DEFAULT_ESTIMATE, type BatchFile, type Graph, type Unit, type UnitSpec } from './model';
import { checkMatrices, matrixCombinations } from './checks/matrix';
import { EXPANDED_FIELDS } from './fields';
import { buildUnits } from './build-units';
import { substituteMatrix } from './substitute';

/**
 * Expands `file`. `diagnostics` holds the matrix size errors (`matrix-too-large`,
 * `matrix-total-too-large`); when there is one, the tasks concerned are left out of the graph,
 * which must then not be run. A value repeated in one axis (the parser's
 * `matrix-duplicate-value`) is expanded once, so unit ids stay unique.
 */
export function expand(file: BatchFile): { graph: Graph; diagnostics: Diagnostic[] } {
  const { diagnostics, tooLarge } = checkMatrices(file);
  const units: Unit[] = [];
  // Unit ids each task or service name stands for in `needs`: its own name for a unit without a
  // matrix (most of a large file: no list each), else its expansions.
  const idsByName = new Map<string, string | string[]>();
  const expansions = new Map<UnitSpec, Array<{ id: string; matrix: Record<string, string> }>>();

  for (const spec of file.services) idsByName.set(spec.name, spec.name);
  for (const spec of file.tasks) {
    if (tooLarge.has(spec)) continue;
    if (spec.matrix.length === 0) {
      idsByName.set(spec.name, spec.name);
      continue;
    }
    const list = [];
    const ids = [];
    for (const matrix of matrixCombinations(spec)) {
      const id = unitId(spec, matrix);
      list.push({ id, matrix });
      ids.push(id);
    }
    expansions.set(spec, list);
    idsByName.set(spec.name, ids);
  }

  // Images built in the run: one unit per distinct `build:`, needed by every unit using it.
  const builds = buildUnits(file.services, file.tasks, tooLarge);
  const needIds = (spec: UnitSpec): string[] => {
    const built = builds.idOf.get(spec);
    if (spec.needs.length === 0) return built === undefined ? NO_NEEDS : [built];
    const ids: string[] = built === undefined ? [] : [built];
    // Most units need a few plain tasks: a Set pays off only once the list grows.
    let seen: Set<string> | undefined;
    const add = (id: string) => {
      if (ids.length >= 16 && !seen) seen = new Set(ids);
      if (seen ? seen.has(id) : ids.includes(id)) return;
      seen?.add(id);
      ids.push(id);
    };
    for (const need of spec.needs) {
      // A self-need is an error of its own (`needs-self`); keep the graph acyclic regardless.
      if (need.name === spec.name) continue;
      const found = idsByName.get(need.name);
      if (typeof found === 'string') add(found);
      else for (const id of found ?? []) add(id);
    }
    // An exact copy: a list grown by push keeps room for 16, and the graph holds one per unit.
    return ids.length === 0 ? NO_NEEDS : ids.slice();
  };

  units.push(...builds.units);
  for (const spec of file.services) units.push(makeUnit(spec, spec.name, NO_MATRIX, needIds(spec)));
  for (const spec of file.tasks) {
    if (tooLarge.has(spec)) continue;
    const needs = needIds(spec);
    const list = expansions.get(spec);
    if (!list) units.push(makeUnit(spec, spec.name, NO_MATRIX, needs));
    else for (const { id, matrix } of list) units.push(makeUnit(spec, id, matrix, needs));
  }

  if (builds.units.length > 0) {
    for (const unit of units) {
      const id = unit.kind === 'build' ? undefined : builds.idOf.get(unit.spec);
      if (id !== undefined) unit.build = { unit: id, spec: unit.spec.build! };
    }
  }
  const byId = new Map<string, Unit>();
  for (const unit of units) byId.set(unit.id, unit);
  return { graph: { units, byId }, diagnostics };
}

/** `name`, or `name[k1=v1,k2=v2]` in the file's key order. */
export function unitId(spec: Pick<UnitSpec, 'name' | 'matrix'>, matrix: Readonly<Record<string, string>>): string {
  if (spec.matrix.length === 0) return spec.name;
  return `${spec.name}[${spec.matrix.map((axis) => `${axis.key}=${matrix[axis.key]}`).join(',')}]`;
}

/** The ids of a task's expansions, in expansion order (its name alone without a matrix). */
export function expansionIds(spec: UnitSpec): string[] {
  return matrixCombinations(spec).map((m) => unitId(spec, m));
}


/** The matrix values and needs of units without them: one frozen object shared by all. */
const NO_MATRIX: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_NEEDS: string[] = Object.freeze([]) as unknown as string[];

function makeUnit(spec: UnitSpec, id: string, matrix: Record<string, string>, needs: string[]): Unit {
  // No closures here: this runs once per unit, 10,000s of times for a large file.
  const unit: Unit = {
    id,
    kind: spec.kind,
    spec,
    matrix,
    // Shared by all expansions of one task (read-only): a matrix needing a matrix would otherwise
    // hold expansions × expansions copies.
    needs,
    cpus: spec.cpus,
    memory: spec.memory,
    estimate: spec.estimate ?? DEFAULT_ESTIMATE,
    retries: spec.retries,
    if: spec.if,
    allowFailure: spec.allowFailure,
    // Set by the fields' `expand` below; as written until then (without a matrix, the unit shares
    // the spec's frozen env).
    image: spec.image,
    env: spec.env,
  };
  if (spec.timeout !== undefined) unit.timeout = spec.timeout;
  for (const field of EXPANDED_FIELDS) field.expand!(spec, matrix, unit, substituteMatrix);
  return unit;
}
