/**
 * The action's main step: read the inputs, validate the batch file under the chosen policy, run it
 * with runBatch, and report — log groups, annotations, outputs, job summary, pull request comment.
 *
 * The trust boundary: everything the runner is shown goes through one ActionLog (`./logs`: text
 * inside stop-commands stretches, annotations as escaped command data, all of it masked and
 * sanitised); the job summary, the comment and the report files are rendered with the shared
 * escaping and masked before they are written; outputs have the fixed forms of `./outputs`. The
 * github-token is the known secret, registered before anything else happens. The engine connection
 * is handed the Docker variables only, so nothing it reports can quote another environment value.
 *
 * Returns the exit code instead of setting it, so only the entry file touches the process. The run
 * id, instance and report path are saved as state *before* anything runs: the post step cleans up
 * by them even if this step is killed with SIGKILL a moment later.
 */
import * as core from '@actions/core';
import { closeSync, constants, existsSync, fstatSync, ftruncateSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { GantryError, type Diagnostic } from '../core/diagnostics';
import { loadBatchFile } from '../core/surface/load-file';
import { classifyError, classifyLoad, type Classified } from '../core/surface/classify';
import { EXIT, failedUnits, runExitCode } from '../core/surface/exit-codes';
import { engineChoice, loadBackend, type EngineChoice } from '../core/surface/engines';
import { newRunId, runBatch, type RunReport } from '../core/run/run-batch';
import type { AttemptStatus, ScheduleEvent } from '../core/executor';
import type { Capacity } from '../core/model';
import { formatDuration } from '../core/format';
import { readInputs, type ActionInputs } from './inputs';
import { readRunContext, type RunContext } from './event';
import { choosePolicy } from './policy';
import { Masker } from './mask';
import { ActionLog, type AnnotationCommand } from './logs';
import { cappedDiagnosticAnnotations, failureAnnotations } from './annotations';
import { renderSummary } from './summary';
import { commentMarker, renderComment, type CommentOptions } from './comment';
import { createGitHub } from './github';
import { upsertComment } from './sticky-comment';
import { commentShard, logCommentOutcome } from './publish-outcome';
import { codeBlock, escapeInline } from './markdown';
import { NOTHING_RAN, failedOutput, makespanOutput, type ActionOutputs } from './outputs';
import { STATE } from './state';
import { engineEnvironment } from './environment';
import { PARTITION_CPUS, partition } from '../core/shard';
import { callerSecrets, listedSecrets } from '../core/secrets';
import { cacheState, planCache, restoreRunCache } from './run-cache';

export interface ActionEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted when the runner cancels the job (SIGINT, then SIGTERM). */
  signal: AbortSignal;
  /** Where the log goes. Default: process.stdout. */
  write?: (text: string) => void;
}

export async function runAction(environment: ActionEnvironment): Promise<number> {
  const write = environment.write ?? ((text: string) => void process.stdout.write(text));
  const masker = new Masker();
  const log = new ActionLog(write, undefined, (text) => masker.mask(text));
  // First of all, before anything can quote it: the runner masks the token already, but a
  // multi-line value (a pasted PEM) needs each line registered, and the summary, the comment and the
  // report files are ours to mask.
  for (const value of masker.add(core.getInput('github-token'))) log.addMask(value);
  // Every output is set on every way out, in its documented form: `fromJSON(…failed)` never meets ''.
  let outputsSet = false;
  const setOutputs = (outputs: ActionOutputs) => {
    log.command(() => {
      for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    });
    outputsSet = true;
  };
  try {
    return await runStep(environment, log, masker, setOutputs);
  } catch (error) {
    return failStep(classifyError(error), log);
  } finally {
    if (!outputsSet) setOutputs(NOTHING_RAN);
    // Whatever happened, the step ends outside a stop-commands stretch.
    log.close();
  }
}

async function runStep(environment: ActionEnvironment, log: ActionLog, masker: Masker, setOutputs: (outputs: ActionOutputs) => void): Promise<number> {
  const { env, signal } = environment;
  const fail = (error: unknown) => failStep(classifyError(error), log);

  let inputs: ActionInputs;
  try {
    inputs = readInputs((name) => core.getInput(name));
  } catch (error) {
    return fail(error);
  }

  const context = readRunContext(env);
  const workspace = env.GITHUB_WORKSPACE || environment.cwd;
  const batchPath = resolve(environment.cwd, inputs.workingDirectory, inputs.file);
  // Annotations and the marker use the path relative to the repository root, as GitHub shows it.
  const displayPath = relative(workspace, batchPath).split(sep).join('/') || inputs.file;
  const { policy, why } = choosePolicy(inputs.policy, context);
  log.text(`Gantry: ${displayPath}, ${why}`);

  const capacity: Partial<Capacity> = inputs.capacity;

  // Read, checked and validated as the CLI does it (core/surface/load-file.ts): the same refusals,
  // the same diagnostics, binds judged by their real paths before anything runs.
  // Secrets the file lists come from the step's `env:` (`NPM_TOKEN: ${{ secrets.NPM_TOKEN }}`),
  // over the file's `env-file:`, read by the loader (normally absent in CI: a warning).
  const loaded = loadBatchFile(batchPath, { policy, capacity, callerEnv: env, passEnv: inputs.passEnv, ...(inputs.engine ? { engine: inputs.engine } : {}) });
  if (!loaded.ok) {
    const failure = classifyLoad(displayPath, loaded);
    if (!failure.diagnostics) {
      const missing = failure.code === 'file-not-found' || failure.code === 'file-is-folder';
      return failStep({ ...failure, ...(missing ? { hint: 'Check the `file` and `working-directory` inputs, and that the repository is checked out (actions/checkout) before this step.' } : {}) }, log);
    }
    for (const a of cappedDiagnosticAnnotations(displayPath, failure.diagnostics)) log.annotate(a);
    const errors = failure.diagnostics.filter((d) => d.severity === 'error');
    await writeSummary(masker.mask(invalidSummary(displayPath, errors)), log);
    setOutputs(NOTHING_RAN);
    log.annotate({ severity: 'error', message: `${failure.line}; nothing was run.` });
    return failure.exitCode;
  }
  for (const a of cappedDiagnosticAnnotations(displayPath, loaded.diagnostics)) log.annotate(a);
  const validation = loaded.validation;
  // The `engine` input, else the file's `capacity.engine`, else docker; the post step sweeps the same.
  const engine = engineChoice(inputs.engine, validation.file.engine?.name);
  if (engine.source !== 'default') log.text(`Gantry: engine: ${engineWhy(engine, displayPath)}`);
  // The step's env over the variables of the file's `env-file:` (when the file is there at all).
  const callerEnv = loaded.callerEnv ?? env;
  // Before anything can print them: every listed secret the step has (passed or not) is
  // registered with the runner and masked in everything this step writes.
  const secrets = callerSecrets(validation.file, callerEnv, policy);
  for (const name of listedSecrets([...validation.file.services, ...validation.file.tasks])) {
    const value = callerEnv[name];
    if (value) for (const registered of masker.add(value)) log.addMask(registered);
  }
  if (secrets.withheld.length > 0) {
    log.annotate({ severity: 'warning', message: `Secrets not passed: ${secrets.withheld.join(', ')} (the strict policy passes no secrets to a file from a fork); the units that list them run without them.` });
  }

  // `shard: i/n`: this runner's tasks (and what they need), the same partition on every runner.
  let only = inputs.only;
  let selection = inputs.only.length > 0 ? `only: ${inputs.only.join(', ')}` : undefined;
  if (inputs.shard) {
    if (inputs.only.length > 0) return fail(new GantryError('input-invalid', 'Inputs "shard" and "only" cannot be combined.', undefined, 'Shard the whole file, or select with `only:` in a job of its own.'));
    const { index, total } = inputs.shard;
    const shard = partition(validation.graph, total, capacity.cpus ?? validation.file.capacity.cpus ?? PARTITION_CPUS)[index - 1];
    log.text(`Gantry: shard ${index}/${total}: ${shard.tasks.length} task${shard.tasks.length === 1 ? '' : 's'} (${shard.tasks.join(', ') || 'none'})${shard.shared.length > 0 ? `; also runs, shared with other shards: ${shard.shared.join(', ')}` : ''}`);
    if (shard.tasks.length === 0) {
      setOutputs({ ...NOTHING_RAN, result: 'success' });
      // Its part still counts in the shared comment: shards done k/N reaches N.
      const key = inputs.commentKey || displayPath;
      await commentShard({ inputs, context, key, shard: inputs.shard, doc: undefined, options: { file: displayPath, key }, title: validation.file.name, masker, log });
      return EXIT.ok;
    }
    only = shard.tasks;
    selection = `shard ${index}/${total} (${shard.tasks.length} of ${validation.graph.units.filter((u) => u.kind === 'task').length} tasks)`;
  }

  const runId = newRunId();
  const instance = `gha-${createHash('sha256').update(`${env.RUNNER_NAME ?? 'local'}\n${batchPath}`).digest('hex').slice(0, 10)}`;
  const runsDir = join(dirname(batchPath), '.gantry', 'runs');
  const reportJson = join(runsDir, runId, 'report.json');
  log.command(() => {
    core.saveState(STATE.runId, runId);
    core.saveState(STATE.engine, engine.name);
    core.saveState(STATE.instance, instance);
    core.saveState(STATE.report, reportJson);
    core.saveState(STATE.file, displayPath);
  });

  // What earlier runs learned (history, task cache), from the Actions cache; saved again by the
  // post step, which runs after a failure, a cancel or a killed main step too (./run-cache.ts).
  const cachePlan = planCache({ enabled: inputs.cache, env, cwd: environment.cwd, batchPath, context, policy, runId });
  if ('skipped' in cachePlan) log.command(() => core.debug(`Gantry: the cache is not used: ${cachePlan.skipped}`));
  else {
    const { plan } = cachePlan;
    if (plan.noSave) log.text(`Gantry: what this run learns is not saved to the cache: ${plan.noSave}.`);
    else log.command(() => core.saveState(STATE.cache, cacheState(plan)));
    // A job cancelled already: straight to the run, which ends at once as cancelled.
    if (!signal.aborted) await restoreRunCache(plan, log);
  }

  const started = new Map<string, number>();
  let report: RunReport;
  try {
    report = await runBatch({
      backend: await loadBackend(engine.name),
      path: batchPath,
      validation: { file: validation.file, graph: validation.graph },
      only: only.length > 0 ? only : undefined,
      capacity,
      failFast: inputs.failFast,
      policy,
      runsDir,
      runId,
      instance,
      env: engineEnvironment(env),
      secrets,
      signal,
      // Each container line is printed once, in its attempt's group when the attempt ends — not
      // live as well: lines of tasks running side by side interleave into a log nobody can read,
      // while a group per attempt is whole, collapsible and titled with its result. The progress
      // lines (`build started`, retries, skips) show the run moving meanwhile.
      onEvent: (event) => progress(event, started, log),
      onNotice: (message) => log.text(`Gantry: ${message}`),
      onAttemptLog: (unitId, attempt, status, logPath) => {
        const began = started.get(`${unitId}#${attempt}`);
        log.group(groupTitle(unitId, attempt, status, began === undefined ? undefined : performance.now() - began), logPath);
      },
    });
  } catch (error) {
    maskReportFiles(dirname(reportJson), masker);
    setOutputs({ ...NOTHING_RAN, report: existsSync(reportJson) ? reportJson : '' });
    return fail(error);
  }
  log.command(() => core.saveState(STATE.finished, 'true'));
  maskReportFiles(report.dir, masker);

  // Masked before rendering: escaping changes how a secret is spelled (`_` → `\_`), masking after it would miss it.
  const doc = masker.maskDeep(report.document);
  for (const a of failureAnnotations(displayPath, validation.file, doc)) log.annotate(a);
  const failed = failedUnits(doc);
  setOutputs({ result: doc.result === 'running' ? 'failure' : doc.result, failed: failedOutput(failed), report: report.paths.json, makespan: makespanOutput(doc.makespan) });
  await writeSummary(masker.mask(renderSummary(doc, { reportPath: relative(workspace, report.paths.json).split(sep).join('/') })), log);
  // Shards share the key's one comment, each with its own section (./publish-shards.ts).
  const key = inputs.commentKey || displayPath;
  const commentOptions: CommentOptions = {
    file: displayPath,
    key,
    runUrl: context.runUrl,
    ...(context.sha ? { commit: { sha: context.sha, ...(context.owner && context.repo ? { url: `${context.serverUrl}/${context.owner}/${context.repo}/commit/${context.sha}` } : {}) } } : {}),
    ...baselineOf(inputs, environment.cwd, context, log),
    ...(selection ? { selection } : {}),
  };
  if (inputs.shard) await commentShard({ inputs, context, key, shard: inputs.shard, doc, options: commentOptions, masker, log });
  else await comment(inputs, context, key, masker.mask(renderComment(doc, commentOptions)), doc.result === 'success', log);

  const code = runExitCode(doc);
  if (code === EXIT.ok) return code;
  if (code === EXIT.cancelled) {
    log.annotate({ severity: 'error', message: 'The run was cancelled; everything it started has been removed.' });
    return code;
  }
  log.annotate({ severity: 'error', message: `${failed.length} unit${failed.length === 1 ? '' : 's'} failed: ${failed.join(', ')}` });
  return code;
}

/**
 * report.json, report.md, report.html and the logs are written by runBatch as the run goes; with a
 * known secret they are rewritten masked before anything points at them (the `report` output, an
 * uploaded artifact). Opened without following links and only when regular files, as runBatch
 * writes them: a planted link is never written through.
 */
function maskReportFiles(dir: string, masker: Masker): void {
  if (masker.empty) return;
  const files = ['report.json', 'report.md', 'report.html'].map((f) => join(dir, f));
  try {
    for (const f of readdirSync(join(dir, 'logs'))) files.push(join(dir, 'logs', f));
  } catch {
    // No logs folder: nothing ran.
  }
  for (const file of files) {
    let fd: number | undefined;
    try {
      fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      if (!fstatSync(fd).isFile()) continue;
      const text = readFileSync(fd, 'utf8');
      const masked = masker.mask(text);
      if (masked === text) continue;
      ftruncateSync(fd, 0);
      writeSync(fd, masked, 0);
    } catch {
      // Not written (a run that stopped early), or not a regular file: nothing to mask.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/** Where the run's engine came from, for the log: `swarm (the engine input)`. */
function engineWhy(engine: EngineChoice, file: string): string {
  const from = engine.source === 'flag' ? 'the engine input' : engine.source === 'file' ? `capacity.engine in ${file}` : 'the default';
  return `${engine.name} (${from})`;
}

/**
 * Plain progress lines between the containers' output: what started, what ended and why. Unit ids
 * and reasons quote the batch file and containers (a service's last output lines, a health probe's):
 * text, never commands.
 */
function progress(event: ScheduleEvent, started: Map<string, number>, log: ActionLog): void {
  if (event.type === 'attempt-start') started.set(`${event.unit}#${event.attempt}`, performance.now());
  // Its command really began (the image is there, the container started): only then say so.
  else if (event.type === 'attempt-running') {
    log.text(`${event.unit} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`);
  }
  else if (event.type === 'attempt-end' && event.willRetry) log.text(`${event.unit} attempt ${event.attempt} ${event.outcome.status}${event.outcome.message ? `: ${event.outcome.message}` : ''}; retrying`);
  else if (event.type === 'service-healthy') log.text(`service ${event.unit} is healthy`);
  else if (event.type === 'service-stop' && event.failed) log.text(`service ${event.unit} failed: ${event.failed}`);
  else if (event.type === 'unit-end' && event.status === 'skipped') log.text(`${event.unit} skipped${event.reason ? `: ${event.reason}` : ''}`);
  // Ended without an attempt of its own (no group says why): a service it needs failed, a cancel.
  else if (event.type === 'unit-end' && event.status !== 'succeeded' && event.reason && ![...started.keys()].some((k) => k.startsWith(`${event.unit}#`))) {
    log.text(`${event.unit} ${event.status}: ${event.reason}`);
  }
}

function groupTitle(unitId: string, attempt: number, status: AttemptStatus, ms: number | undefined): string {
  const icon = status === 'succeeded' ? '✅' : status === 'cancelled' ? '⏹️' : '❌';
  const attemptText = attempt > 1 ? ` (attempt ${attempt})` : '';
  return `${icon} ${unitId}${attemptText}: ${status}${ms === undefined ? '' : ` in ${formatDuration(ms)}`}`;
}

async function writeSummary(markdown: string, log: ActionLog): Promise<void> {
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    // Outside Actions (no GITHUB_STEP_SUMMARY) there is nowhere to write it; the run is unaffected.
    log.text(`Job summary not written: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    core.summary.emptyBuffer();
  }
}

/** The `baseline` input: the base branch's report.json, for the comment's makespan comparison. Never fails the step. */
function baselineOf(inputs: ActionInputs, cwd: string, context: RunContext, log: ActionLog): Pick<CommentOptions, 'baseline'> {
  if (!inputs.baseline) return {};
  try {
    const doc = JSON.parse(readFileSync(resolve(cwd, inputs.workingDirectory, inputs.baseline), 'utf8')) as { makespan?: unknown; result?: unknown };
    if (typeof doc?.makespan !== 'number' || !Number.isFinite(doc.makespan)) throw new Error('no makespan in it');
    return { baseline: { makespan: doc.makespan, ...(context.pullRequest?.baseRef ? { ref: context.pullRequest.baseRef } : {}) } };
  } catch (error) {
    log.text(`Gantry: baseline ${inputs.baseline} not used: ${error instanceof Error ? error.message : String(error)}`);
    return {};
  }
}

async function comment(inputs: ActionInputs, context: RunContext, key: string, body: string, succeeded: boolean, log: ActionLog): Promise<void> {
  if (inputs.comment === 'never') return;
  // `on-failure` after a success: no new comment, but a ❌ comment left by an earlier run is
  // brought up to date — a stale failure on a fixed pull request misleads every reviewer.
  const create = !(inputs.comment === 'on-failure' && succeeded);
  if (!context.pullRequest || !context.owner || !context.repo) return;
  if (!inputs.githubToken) {
    log.annotate({ severity: 'notice', message: 'No github-token: the pull request comment was not written. The job summary has the report.' });
    return;
  }
  const github = createGitHub({ token: inputs.githubToken, baseUrl: context.apiUrl, onRetry: (message) => log.text(message) });
  logCommentOutcome(await upsertComment(github, { owner: context.owner, repo: context.repo, issueNumber: context.pullRequest.number, marker: commentMarker(key), body, create }), log);
}

function invalidSummary(file: string, errors: readonly Diagnostic[]): string {
  const lines = errors.map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message} [${d.code}]`);
  return [`## Gantry: ${escapeInline(file)}`, '', `❌ **invalid batch file** · ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was run`, '', codeBlock(lines.join('\n')), ''].join('\n');
}

/**
 * Any error ends the step with one clear annotation (and the hint), never a stack trace outside an
 * internal error — masked and sanitised like everything else. Classified as the CLI classifies it
 * (`core/surface/classify.ts`): the same exit code and line. Returns the exit code.
 */
function failStep(failure: Classified, log: ActionLog): number {
  const line = failure.exitCode === EXIT.internal ? `Gantry: ${failure.line}` : failure.line;
  log.annotate({ severity: 'error', message: failure.hint ? `${line}\n${failure.hint}` : line } satisfies AnnotationCommand);
  return failure.exitCode;
}
