/**
 * The action's main step: read the inputs, validate the batch file under the chosen policy, run it
 * with runBatch, and report — log groups, annotations, outputs, job summary, pull request comment.
 *
 * Returns the exit code instead of setting it, so only the entry file touches the process. The run
 * id, instance and report path are saved as state *before* anything runs: the post step cleans up
 * by them even if this step is killed with SIGKILL a moment later.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { GantryError, hasErrors, type Diagnostic } from '../core/diagnostics';
import { validate } from '../core/validate';
import { parseCpus, parseMemory, CPUS_FORMS, MEMORY_FORMS } from '../core/quantity';
import { newRunId, runBatch, type RunReport } from '../core/run/run-batch';
import type { AttemptStatus, ScheduleEvent } from '../core/executor';
import type { Capacity } from '../core/model';
import { formatDuration } from '../core/report/format';
import { readInputs, type ActionInputs } from './inputs';
import { readRunContext, type RunContext } from './event';
import { choosePolicy } from './policy';
import { maskSecret } from './mask';
import { ActionLog } from './logs';
import { diagnosticAnnotations, failureAnnotations, type Annotation } from './annotations';
import { renderSummary } from './summary';
import { commentMarker, renderComment } from './comment';
import { createGitHub } from './github';
import { upsertComment } from './sticky-comment';
import { FAILED_STATUSES, codeBlock, escapeInline } from './markdown';
import { STATE } from './state';

export interface ActionEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted when the runner cancels the job (SIGINT, then SIGTERM). */
  signal: AbortSignal;
  /** Where the log goes. Default: process.stdout. */
  write?: (text: string) => void;
}

export async function runAction(environment: ActionEnvironment): Promise<number> {
  const { env, signal } = environment;
  const write = environment.write ?? ((text: string) => void process.stdout.write(text));
  const log = new ActionLog(write);

  let inputs: ActionInputs;
  try {
    inputs = readInputs((name) => core.getInput(name));
  } catch (error) {
    return fail(error);
  }
  // The runner masks the token already; a multi-line value (a pasted PEM) needs each line masked.
  maskSecret(inputs.githubToken, core.setSecret);

  const context = readRunContext(env);
  const workspace = env.GITHUB_WORKSPACE || environment.cwd;
  const batchPath = resolve(environment.cwd, inputs.workingDirectory, inputs.file);
  // Annotations and the marker use the path relative to the repository root, as GitHub shows it.
  const displayPath = relative(workspace, batchPath).split(sep).join('/') || inputs.file;
  const { policy, why } = choosePolicy(inputs.policy, context);
  core.info(`Gantry: ${displayPath}, ${why}`);

  let capacity: Partial<Capacity>;
  try {
    capacity = capacityInputs(inputs);
  } catch (error) {
    return fail(error);
  }

  let text: string;
  try {
    text = readFileSync(batchPath, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(error);
    return fail(new GantryError('file-unreadable', `Cannot read the batch file ${displayPath}: ${reason}.`, undefined, 'Check the `file` and `working-directory` inputs, and that the repository is checked out (actions/checkout) before this step.'));
  }

  const validation = validate(text, { policy, capacity, baseDir: dirname(batchPath) });
  annotate(diagnosticAnnotations(displayPath, validation.diagnostics));
  if (hasErrors(validation.diagnostics) || !validation.file || !validation.graph) {
    const errors = validation.diagnostics.filter((d) => d.severity === 'error');
    await writeSummary(invalidSummary(displayPath, errors));
    setOutputs({ result: 'failure', failed: '', report: '', makespan: '0' });
    core.setFailed(`${displayPath} has ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was run.`);
    return 2;
  }

  const runId = newRunId();
  const instance = `gha-${createHash('sha256').update(`${env.RUNNER_NAME ?? 'local'}\n${batchPath}`).digest('hex').slice(0, 10)}`;
  const runsDir = join(dirname(batchPath), '.gantry', 'runs');
  const reportJson = join(runsDir, runId, 'report.json');
  core.saveState(STATE.runId, runId);
  core.saveState(STATE.instance, instance);
  core.saveState(STATE.report, reportJson);
  core.saveState(STATE.file, displayPath);

  const width = Math.min(24, Math.max(...validation.graph.units.map((u) => u.id.length)));
  const started = new Map<string, number>();
  let report: RunReport;
  try {
    report = await runBatch({
      path: batchPath,
      validation: { file: validation.file, graph: validation.graph },
      only: inputs.only.length > 0 ? inputs.only : undefined,
      capacity,
      failFast: inputs.failFast,
      runsDir,
      runId,
      instance,
      env,
      signal,
      onLine: (unitId, _attempt, _stream, line) => log.line(unitId.padEnd(width), line),
      onEvent: (event) => progress(event, started, log),
      onAttemptLog: (unitId, attempt, status, logPath) => {
        const began = started.get(`${unitId}#${attempt}`);
        log.group(groupTitle(unitId, attempt, status, began === undefined ? undefined : performance.now() - began), logPath);
      },
    });
  } catch (error) {
    log.close();
    return fail(error);
  }
  log.close();
  core.saveState(STATE.finished, 'true');

  const doc = report.document;
  annotate(failureAnnotations(displayPath, validation.file, doc));
  const failed = doc.units.filter((u) => u.kind === 'task' && FAILED_STATUSES.has(u.status) && !u.allowFailure).map((u) => u.id);
  setOutputs({ result: doc.result, failed: failed.join(','), report: report.paths.json, makespan: (doc.makespan / 1000).toFixed(1) });
  await writeSummary(renderSummary(doc, { reportPath: relative(workspace, report.paths.json).split(sep).join('/') }));
  await comment(inputs, context, displayPath, renderComment(doc, { file: displayPath, runUrl: context.runUrl }), doc.result === 'success');

  if (doc.result === 'success') return 0;
  if (doc.result === 'cancelled') {
    core.setFailed('The run was cancelled; everything it started has been removed.');
    return 130;
  }
  core.setFailed(`${failed.length} task${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}`);
  return 1;
}

/** Plain progress lines between the containers' output: what started, what ended and why. */
function progress(event: ScheduleEvent, started: Map<string, number>, log: ActionLog): void {
  if (event.type === 'attempt-start') started.set(`${event.unit}#${event.attempt}`, performance.now());
  else if (event.type === 'service-healthy') log.command(() => core.info(`service ${event.unit} is healthy`));
  else if (event.type === 'service-stop' && event.failed) log.command(() => core.info(`service ${event.unit} failed: ${event.failed}`));
  else if (event.type === 'unit-end' && event.status === 'skipped') log.command(() => core.info(`${event.unit} skipped${event.reason ? `: ${event.reason}` : ''}`));
}

function groupTitle(unitId: string, attempt: number, status: AttemptStatus, ms: number | undefined): string {
  const icon = status === 'succeeded' ? '✅' : status === 'cancelled' ? '⏹️' : '❌';
  const attemptText = attempt > 1 ? ` (attempt ${attempt})` : '';
  return `${icon} ${unitId}${attemptText}: ${status}${ms === undefined ? '' : ` in ${formatDuration(ms)}`}`;
}

function capacityInputs(inputs: ActionInputs): Partial<Capacity> {
  const capacity: Partial<Capacity> = {};
  if (inputs.parallel !== undefined) capacity.parallel = inputs.parallel;
  if (inputs.cpus !== undefined) {
    const cpus = parseCpus(inputs.cpus);
    if (cpus === undefined || cpus <= 0) throw new GantryError('input-invalid', `Input "cpus" is "${inputs.cpus}"; expected ${CPUS_FORMS}.`);
    capacity.cpus = cpus;
  }
  if (inputs.memory !== undefined) {
    const memory = parseMemory(inputs.memory);
    if (memory === undefined || memory <= 0) throw new GantryError('input-invalid', `Input "memory" is "${inputs.memory}"; expected ${MEMORY_FORMS}.`);
    capacity.memory = memory;
  }
  return capacity;
}

function annotate(annotations: readonly Annotation[]): void {
  for (const a of annotations) {
    const { severity, message, ...properties } = a;
    if (severity === 'error') core.error(message, properties);
    else if (severity === 'warning') core.warning(message, properties);
    else core.notice(message, properties);
  }
}

function setOutputs(outputs: { result: string; failed: string; report: string; makespan: string }): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    // Outside Actions (no GITHUB_STEP_SUMMARY) there is nowhere to write it; the run is unaffected.
    core.info(`Job summary not written: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    core.summary.emptyBuffer();
  }
}

async function comment(inputs: ActionInputs, context: RunContext, file: string, body: string, succeeded: boolean): Promise<void> {
  if (inputs.comment === 'never' || (inputs.comment === 'on-failure' && succeeded)) return;
  if (!context.pullRequest || !context.owner || !context.repo) return;
  if (!inputs.githubToken) {
    core.notice('No github-token: the pull request comment was not written. The job summary has the report.');
    return;
  }
  const github = createGitHub({ token: inputs.githubToken, baseUrl: context.apiUrl, onRetry: (message) => core.info(message) });
  const outcome = await upsertComment(github, { owner: context.owner, repo: context.repo, issueNumber: context.pullRequest.number, marker: commentMarker(file), body });
  switch (outcome.kind) {
    case 'created':
    case 'updated':
      core.info(`Pull request comment ${outcome.kind}: ${outcome.url}`);
      break;
    case 'forbidden':
      core.notice(`The pull request comment could not be written (${outcome.message}). Pull requests from forks get a read-only token; otherwise give the job \`permissions: pull-requests: write\`. The job summary has the report.`, { title: 'Gantry: no pull request comment' });
      break;
    case 'failed':
      core.warning(`The pull request comment could not be written: ${outcome.message}. The run's result is unaffected; the job summary has the report.`, { title: 'Gantry: no pull request comment' });
      break;
  }
}

function invalidSummary(file: string, errors: readonly Diagnostic[]): string {
  const lines = errors.map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message} [${d.code}]`);
  return [`## Gantry: ${escapeInline(file)}`, '', `❌ **invalid batch file** · ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was run`, '', codeBlock(lines.join('\n')), ''].join('\n');
}

/** Any error ends the step with one clear line (and the hint), never a stack trace. */
function fail(error: unknown): number {
  if (error instanceof GantryError) {
    core.setFailed(error.hint ? `${error.message}\n${error.hint}` : error.message);
    return error.code.startsWith('engine-') ? 3 : 2;
  }
  core.setFailed(`Gantry: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 70;
}
