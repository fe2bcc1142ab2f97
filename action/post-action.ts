/**
 * The post step (`post-if: always()`): removes everything still labelled for this run — after a
 * normal end there is nothing left, after a cancel or a SIGKILL of the main step there may be — and,
 * when the main step died before reporting, writes a job summary from the partial report.json.
 *
 * Only this run's resources, by run id: another step's run on the same runner is left alone.
 * Never fails the job for a cleanup problem; it says what it could not remove.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { connectEngine } from '../core/executors/docker-engine';
import { cleanupRun } from '../core/executors/docker-cleanup';
import type { RunDocument } from '../core/report/run-document';
import { renderSummary } from './summary';
import { STATE } from './state';

export async function runPost(env: NodeJS.ProcessEnv): Promise<number> {
  const runId = core.getState(STATE.runId);
  if (!runId) {
    core.info('Gantry: nothing to clean up (the main step did not start a run).');
    return 0;
  }
  if (core.getState(STATE.finished) !== 'true') await summarizePartial(core.getState(STATE.report));
  try {
    const docker = await connectEngine(env);
    const removed = await cleanupRun(docker, { runId });
    const total = removed.containers + removed.networks + removed.volumes;
    core.info(
      total === 0
        ? `Gantry: run ${runId} left nothing behind.`
        : `Gantry: removed what run ${runId} left behind: ${removed.containers} containers, ${removed.networks} networks, ${removed.volumes} volumes.`,
    );
    for (const error of removed.errors) core.warning(`Gantry cleanup: ${error}`);
  } catch (error) {
    core.warning(`Gantry: could not clean up run ${runId}: ${error instanceof Error ? error.message : String(error)}. Resources labelled dev.gantry.run=${runId} may remain.`);
  }
  return 0;
}

/** The main step ended without reporting (killed): show what the partial report.json knows. */
async function summarizePartial(reportPath: string): Promise<void> {
  let doc: RunDocument;
  try {
    doc = JSON.parse(readFileSync(reportPath, 'utf8')) as RunDocument;
    if (!doc || !Array.isArray(doc.units)) throw new Error('not a Gantry report');
  } catch (error) {
    core.warning(`Gantry: the main step ended without a report (${error instanceof Error ? error.message : String(error)}).`);
    return;
  }
  if (doc.result === 'running') doc.error ??= 'the main step was stopped before the run ended';
  try {
    const note = '> The main step was stopped before it could report; this is the partial report it left.\n\n';
    await core.summary.addRaw(note + renderSummary(doc), true).write();
  } catch (error) {
    core.info(`Job summary not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}
