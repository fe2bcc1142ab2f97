/**
 * The post step (`post-if: always()`): removes everything still labelled for this run — after a
 * normal end there is nothing left, after a cancel or a SIGKILL of the main step there may be — and,
 * when the main step died before reporting, writes a job summary from the partial report.json.
 *
 * Only this run's resources, by run id: another step's run on the same runner is left alone.
 * Then saves `.gantry/history` and `.gantry/cache` to the Actions cache when the main step chose
 * to (./run-cache.ts): after a failed, cancelled or killed run as after a success.
 * Never fails the job for a cleanup problem; it says what it could not remove.
 *
 * What it shows goes through the same ActionLog and masker as the main step (`./run-action`): the
 * engine's error messages and the partial report are untrusted text.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import type { Backend } from '../core/backend';
import { isEngineName, type EngineName } from '../core/model';
import { DEFAULT_ENGINE } from '../core/surface/engines';
import type { RunDocument } from '../core/report/run-document';
import { renderSummary } from './summary';
import { ActionLog } from './logs';
import { Masker } from './mask';
import { engineEnvironment } from './environment';
import { STATE } from './state';
import { saveRunCache } from './run-cache';

/**
 * Runs the post step and resolves with its exit code (0: a cleanup problem is a warning, never a
 * failed job). `backendFor` gives the backend of the engine the main step ran on, named in its
 * state (post.ts passes `loadBackend`, core/surface/engines.ts);
 * `write` receives the step's log. Default: process.stdout. `cwd`: the step's working directory
 * (the cache's paths are relative to it). Default: process.cwd().
 */
export async function runPost(
  env: NodeJS.ProcessEnv,
  backendFor: (engine: EngineName) => Promise<Backend>,
  write: (text: string) => void = (text) => void process.stdout.write(text),
  cwd: string = process.cwd(),
): Promise<number> {
  const masker = new Masker();
  const log = new ActionLog(write, undefined, (text) => masker.mask(text));
  // The runner hands the post step the same inputs; the token stays masked here too.
  for (const value of masker.add(core.getInput('github-token'))) log.addMask(value);
  try {
    const runId = core.getState(STATE.runId);
    if (!runId) {
      log.text('Gantry: nothing to clean up (the main step did not start a run).');
      return 0;
    }
    if (core.getState(STATE.finished) !== 'true') await summarizePartial(core.getState(STATE.report), log, masker);
    // The engine the main step chose (its input or the file's capacity.engine); none saved: docker.
    const saved = core.getState(STATE.engine);
    const engine = isEngineName(saved) ? saved : DEFAULT_ENGINE;
    let backend: Backend | undefined;
    try {
      backend = await backendFor(engine);
      const connection = await backend.connect({ env: engineEnvironment(env) });
      // Its own run (the main step has ended): removed whatever its owner's state, state folder too.
      const swept = await connection.sweep({ runId }, { force: true }).finally(() => connection.close());
      const run = swept.removed[0];
      log.text(
        run === undefined
          ? `Gantry: run ${runId} left nothing behind.`
          : `Gantry: removed what run ${runId} left behind: ${run.removed}.`,
      );
      for (const error of run?.errors ?? []) log.annotate({ severity: 'warning', message: `Gantry cleanup: ${error}` });
    } catch (error) {
      // The engine's message ends its own sentence ("… not available yet."): not a second period.
      const why = (error instanceof Error ? error.message : String(error)).replace(/\.\s*$/, '');
      log.annotate({ severity: 'warning', message: `Gantry: could not clean up run ${runId} on ${backend?.label ?? engine}: ${why}. Resources labelled dev.gantry.run=${runId} may remain.` });
    }
    // After the cleanup (no container writes to the folders any more), whatever the run's end.
    await saveRunCache(core.getState(STATE.cache), env, cwd, log);
    return 0;
  } finally {
    log.close();
  }
}

/** The main step ended without reporting (killed): show what the partial report.json knows. */
async function summarizePartial(reportPath: string, log: ActionLog, masker: Masker): Promise<void> {
  let doc: RunDocument;
  try {
    doc = JSON.parse(readFileSync(reportPath, 'utf8')) as RunDocument;
    if (!doc || !Array.isArray(doc.units)) throw new Error('not a Gantry report');
  } catch (error) {
    log.annotate({ severity: 'warning', message: `Gantry: the main step ended without a report (${error instanceof Error ? error.message : String(error)}).` });
    return;
  }
  if (doc.result === 'running') doc.error ??= 'the main step was stopped before the run ended';
  try {
    const note = '> The main step was stopped before it could report; this is the partial report it left.\n\n';
    await core.summary.addRaw(masker.mask(note + renderSummary(masker.maskDeep(doc))), true).write();
  } catch (error) {
    log.text(`Job summary not written: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    core.summary.emptyBuffer();
  }
}
