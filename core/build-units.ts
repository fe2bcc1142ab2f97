/**
 * Images built in the run (`build:`, core/fields-build.ts) as units of the schedule.
 *
 * Every distinct build (same context, Dockerfile, args and target, paths compared after `.` and
 * `..` are resolved) becomes one unit of kind `build`, named `build:NAME` after the first task or
 * service that uses it (in file order, services first): `:` cannot be part of a task or service
 * name, so the id never collides with one. Each unit that uses the image needs its build unit, so
 * the build runs once, before them, and takes its place in the plan, the critical path, the
 * reports and the preview like any task. A matrix task's expansions share their task's build.
 *
 * A build unit asks for BUILD_CPUS and BUILD_MEMORY (the engine's builder is not limited by them;
 * they keep the schedule from packing a build beside as much work as if it were free) and is
 * planned at BUILD_ESTIMATE. It is never retried: a Dockerfile that fails fails the same way again.
 */
import path from 'node:path';
import { DEFAULT_MEMORY, DEFAULT_RETRIES } from './fields-read';
import type { BuildSpec, Unit, UnitSpec } from './model';

/** Planning estimate of a build unit (ms): a small image built with a cold cache. */
export const BUILD_ESTIMATE = 30_000;
export const BUILD_CPUS = 1;
export const BUILD_MEMORY = DEFAULT_MEMORY;
/** Build units' ids start with this. */
export const BUILD_PREFIX = 'build:';

const NO_ENV: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_NEEDS: string[] = Object.freeze([]) as unknown as string[];
const NO_MATRIX: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** What makes two builds the same build. */
export function buildKey(build: BuildSpec): string {
  const context = path.posix.normalize(build.context.replace(/\\/g, '/')).replace(/(.)\/+$/, '$1');
  const dockerfile = path.posix.normalize((build.dockerfile ?? 'Dockerfile').replace(/\\/g, '/'));
  const args = Object.keys(build.args)
    .sort()
    .map((k) => [k, build.args[k]]);
  return JSON.stringify([context, dockerfile, args, build.target ?? null]);
}

export interface BuildUnits {
  /** One unit per distinct build, in the order of first use. */
  units: Unit[];
  /** The build unit's id for each spec with `build:`. */
  idOf: Map<UnitSpec, string>;
}

/**
 * The build units of `services` and then `tasks` (in file order), leaving out the tasks in `skip`
 * (those not expanded). No copy of either list: a large file has 100,000s of tasks.
 */
export function buildUnits(services: readonly UnitSpec[], tasks: readonly UnitSpec[], skip?: ReadonlySet<UnitSpec>): BuildUnits {
  const units: Unit[] = [];
  const idOf = new Map<UnitSpec, string>();
  const byKey = new Map<string, string>();
  for (let k = 0; k < services.length + tasks.length; k++) {
    const spec = k < services.length ? services[k] : tasks[k - services.length];
    if (!spec.build || skip?.has(spec)) continue;
    const key = buildKey(spec.build);
    let id = byKey.get(key);
    if (id === undefined) {
      id = `${BUILD_PREFIX}${spec.name}`;
      byKey.set(key, id);
      units.push({
        id,
        kind: 'build',
        spec,
        matrix: NO_MATRIX,
        needs: NO_NEEDS,
        cpus: BUILD_CPUS,
        memory: BUILD_MEMORY,
        estimate: BUILD_ESTIMATE,
        retries: DEFAULT_RETRIES,
        if: 'success',
        allowFailure: false,
        image: '',
        env: NO_ENV,
        build: { unit: id, spec: spec.build },
      });
    }
    idOf.set(spec, id);
  }
  return { units, idOf };
}
