/**
 * The task cache in a run (docs/batch-file.md, "Task cache"): an executor around the backend's
 * that decides, when a task with `cache:` would start (its needs ended, so their outputs are
 * known), whether an earlier success had the same key (core/cache-key.ts):
 *
 * - a hit: no container is created for the task. Its `cache.paths` archive, if any, is put back
 *   into the run's volumes (the backend's `restoreArchive`), then the attempt ends `succeeded`
 *   with the stored outputs and `cached: { run }`, before any dependent starts. A hit whose
 *   archive cannot be restored runs the task instead (with a notice).
 * - a miss: the task runs as usual; after a success its entry is stored (outputs, run, when, and
 *   the archive the backend took of its `cache.paths` before removing the container). Not stored:
 *   a failure, a success whose outputs lost a secret to `***` (the value it wrote is not known —
 *   as `--resume` runs such a task again), an archive over the cap (a notice says so).
 * - `prepare` is not passed on for cached tasks: a container made ahead would be a container
 *   created for a hit.
 * - A `cache.key` file missing when the task would start fails the task with that message.
 *
 * Engine-neutral: the backend gives the image ID and moves archives; the store is on the host.
 */
import type { Attempt, AttemptOutcome, KillReason, ServiceCallbacks } from '../executor';
import type { RunExecutor } from '../backend';
import type { Policy, Unit } from '../model';
import { cacheKey, PLAN_IMAGE_PLACEHOLDER, secretDigest, type CacheKeyInput } from '../cache-key';
import { cacheKeyFiles } from '../host/cache-files';
import { lookupCache, saveCache } from '../host/cache-store';
import { resolveAttempt } from '../substitute';
import { GantryError } from '../diagnostics';
import { DescribeUnit } from '../checks/ranges';

export interface CacheRunOptions {
  baseDir: string;
  /** The batch file: the store is per file. */
  batchFile: string;
  runId: string;
  policy: Policy;
  /** Values of the secrets passed in this run, by name (their hashes are part of the key). */
  secrets: Readonly<Record<string, string>>;
  /** Store successes (false under the strict policy: such a run reads the cache, never writes it). */
  write: boolean;
  /** One line for the user (a corrupt entry, an entry not stored). */
  notice(message: string): void;
}

/** Whether `unit` takes part in the cache. */
export function cachesUnit(unit: Unit): boolean {
  return unit.kind === 'task' && unit.spec.cache !== undefined;
}

/** The key of `attempt` (and its plan key, the image left out), reading the key's files now. */
export function attemptCacheKeys(attempt: Attempt, imageId: string, options: Pick<CacheRunOptions, 'baseDir' | 'policy' | 'secrets'>): { key: string; planKey: string } {
  const unit = attempt.unit;
  const spec = unit.spec;
  const resolved = resolveAttempt(attempt);
  const secrets: Record<string, string> = {};
  for (const s of spec.secrets) secrets[s.name] = Object.hasOwn(options.secrets, s.name) ? secretDigest(options.secrets[s.name]) : 'withheld';
  const input: CacheKeyInput = {
    imageId,
    ...(resolved.command ? { command: resolved.command } : {}),
    ...(resolved.entrypoint ? { entrypoint: resolved.entrypoint } : {}),
    ...(resolved.workdir !== undefined ? { workdir: resolved.workdir } : {}),
    ...(resolved.user !== undefined ? { user: resolved.user } : {}),
    env: resolved.env,
    secrets,
    files: cacheKeyFiles(spec.cache?.key ?? [], { baseDir: options.baseDir, policy: options.policy, who: DescribeUnit(spec) }),
    needs: attempt.needsOutputs,
    outputs: spec.outputs.map((o) => o.name),
    paths: (spec.cache?.paths ?? []).map((p) => p.value),
  };
  return { key: cacheKey(input), planKey: cacheKey({ ...input, imageId: PLAN_IMAGE_PLACEHOLDER }) };
}

/** `inner` with the task cache in front of it. */
export function cachingExecutor(inner: RunExecutor, options: CacheRunOptions): RunExecutor {
  /** Attempts deciding (lookup, restore): a kill meanwhile is noted here, and forwarded once they run. */
  const deciding = new Map<string, { kill?: KillReason; delegated: boolean }>();
  const imageId = inner.imageId?.bind(inner);

  const decide = async (attempt: Attempt, onExit: (outcome: AttemptOutcome) => void, onStarted: () => void) => {
    const state: { kill?: KillReason; delegated: boolean } = { delegated: false };
    deciding.set(attempt.id, state);
    /** Runs the attempt on the backend; with `keys`, stores its entry after a success, before the scheduler hears of it. */
    const run = (keys?: { key: string; planKey: string }) => {
      state.delegated = true;
      inner.start(
        attempt,
        (outcome) => {
          deciding.delete(attempt.id);
          if (keys && options.write && outcome.status === 'succeeded') store(attempt, keys, outcome);
          else inner.takeArchive?.(attempt.id);
          onExit(outcome);
        },
        onStarted,
      );
      if (state.kill) inner.kill(attempt.id, state.kill);
    };
    const killed = (): boolean => {
      if (!state.kill) return false;
      deciding.delete(attempt.id);
      onExit({ status: state.kill === 'timeout' ? 'timeout' : state.kill === 'cancel' ? 'cancelled' : 'killed', message: 'stopped before its command started' });
      return true;
    };
    let keys: { key: string; planKey: string };
    try {
      const id = await imageId!(attempt.unit);
      keys = attemptCacheKeys(attempt, id, options);
    } catch (error) {
      if (killed()) return;
      if (error instanceof GantryError) {
        deciding.delete(attempt.id);
        onExit({ status: 'failed', message: error.message });
        return;
      }
      // The image could not be had: the backend's own start says so, as for any task.
      return run();
    }
    if (killed()) return;
    const found = lookupCache(options.baseDir, options.batchFile, attempt.unit.id, keys.key);
    if (!found.hit) {
      if (found.problem) options.notice(found.problem);
      return run(keys);
    }
    if (found.archive) {
      try {
        await inner.restoreArchive!(attempt.unit, found.archive);
      } catch (error) {
        options.notice(`${attempt.unit.id}: the cache.paths cached by run ${found.record.run} could not be restored (${error instanceof Error ? error.message : String(error)}), so it runs`);
        if (killed()) return;
        return run(keys);
      }
    }
    if (killed()) return;
    deciding.delete(attempt.id);
    onExit({ status: 'succeeded', ...(Object.keys(found.record.outputs).length > 0 ? { outputs: { ...found.record.outputs } } : {}), cached: { run: found.record.run } });
  };

  const store = (attempt: Attempt, keys: { key: string; planKey: string }, outcome: AttemptOutcome) => {
    const taken = inner.takeArchive?.(attempt.id);
    const unit = attempt.unit;
    if (outcome.maskedOutputs?.length) {
      options.notice(`${unit.id} is not cached: its output ${outcome.maskedOutputs.join(', ')} held a secret`);
      return;
    }
    const paths = (unit.spec.cache?.paths ?? []).map((p) => p.value);
    if (paths.length > 0 && !taken?.archive) {
      options.notice(`${unit.id} is not cached: its cache.paths could not be saved (${taken?.problem ?? 'no archive was taken'})`);
      return;
    }
    try {
      const saved = saveCache(
        options.baseDir,
        options.batchFile,
        {
          task: unit.id,
          key: keys.key,
          planKey: keys.planKey,
          run: options.runId,
          when: new Date().toISOString(),
          outputs: { ...(outcome.outputs ?? {}) },
          ...(paths.length > 0 ? { archive: { paths, size: 0, sha256: '' } } : {}),
        },
        taken?.archive,
      );
      if (!saved.saved) options.notice(`${unit.id} is not cached: ${saved.why}`);
    } catch (error) {
      options.notice(`${unit.id} is not cached: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return {
    prepare(unit: Unit): void {
      if (!cachesUnit(unit)) inner.prepare?.(unit);
    },
    start(attempt: Attempt, onExit: (outcome: AttemptOutcome) => void, onStarted: () => void): void {
      if (!cachesUnit(attempt.unit) || !imageId || !inner.restoreArchive) return inner.start(attempt, onExit, onStarted);
      decide(attempt, onExit, onStarted).catch((error: unknown) => {
        deciding.delete(attempt.id);
        onExit({ status: 'failed', message: `the task cache failed: ${error instanceof Error ? error.message : String(error)}` });
      });
    },
    kill(attemptId: string, reason: KillReason): void {
      const state = deciding.get(attemptId);
      if (state && !state.delegated) {
        state.kill ??= reason;
        return;
      }
      inner.kill(attemptId, reason);
    },
    startService: (unit: Unit, callbacks: ServiceCallbacks, node?: string) => inner.startService(unit, callbacks, node),
    stopService: (unitId: string) => inner.stopService(unitId),
    setup: (units) => inner.setup(units),
    teardown: () => inner.teardown(),
    ...(inner.kept ? { kept: () => inner.kept!() } : {}),
    ...(inner.keptVolumes ? { keptVolumes: () => inner.keptVolumes!() } : {}),
  };
}
