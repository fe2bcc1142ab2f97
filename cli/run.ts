/**
 * `gantry run FILE`: validates the batch file, runs it on the chosen engine (`--engine`, else the
 * file's `capacity.engine`, else the Docker engine: core/surface/engines.ts) with live output, writes
 * the reports, and sets the exit code: 0 all succeeded, 1 a task failed, 2 invalid file or usage,
 * 3 engine problem or an image that could not be pulled, 130 cancelled.
 */
import { parseArgs } from 'node:util';
import { dirname, join, relative, resolve } from 'node:path';
import { GantryError } from '../core/diagnostics';
import { readEnvFile } from '../core/surface/env-file';
import { sanitize } from '../core/sanitize';
import { capacityFromFlags, engineFromFlag, loadBatchFile, policyFromFlag } from './load';
import { isEngineName, type Capacity, type EngineName, type Policy } from '../core/model';
import { engineChoice, loadBackend } from '../core/surface/engines';
import { isPolicy } from '../core/policy';
import type { RunReport } from '../core/run/run-batch';
import type { CliIo, Command } from './io';
import { EXIT, failureLines } from './io';
import { failedUnits, runExitCode } from '../core/surface/exit-codes';
import { formatDuration } from '../core/format';
import { classifyError } from '../core/surface/classify';
import { RunProgress } from './run-progress';
import { keptHints } from './kept-hints';
import { selectOnly } from '../core/run/select-only';
import { callerSecrets } from '../core/secrets';
import { shardFlag, shardsOf } from './shards';
import type { ShardRef } from '../core/shard';
import { decideResume, fileHash, findResumable, type ResumeSetting } from '../core/run/resume';
import type { KeptVolume } from '../core/report/run-document';

const USAGE = `Usage: gantry run FILE [options]
       gantry run FILE --resume [RUN]

Run a batch file on a container engine (the Docker engine by default; see --engine): tasks start
as soon as their needs are done and capacity allows, critical path first. Reports go to <file's
folder>/.gantry/runs/<run-id>/.

Options:
  --only NAME        Run only this task (or expansion, e.g. 'test[shard=1]') and what it needs;
                     repeat for several. Default: everything.
  --parallel N       At most N containers at once. Default: the file's capacity, else no limit
                     beyond cpus and memory (each task asks 1 cpu unless it says otherwise).
  --cpus N           CPUs to pack tasks into. Default: the file's capacity, else the engine's.
  --memory Q         Memory to pack tasks into (e.g. 4Gi). Default: the file's, else the engine's.
  --shard I/N        Run part I of N of the batch (its tasks and what they need), as the action's
                     \`shard: I/N\` does on runner I of a job matrix; \`gantry plan --shards N\`
                     shows the parts. Not with --only.
  --resume [RUN]     Run again only what failed, was cancelled or was skipped in run RUN (a folder
                     under .gantry/runs/; default: the newest run of FILE), and what needs it.
                     Tasks that succeeded there are taken as done, with the outputs they wrote
                     (one whose output had a secret masked as *** runs again); services the
                     tasks run again need are started again; the volumes a failed run kept for
                     them are mounted as they were. A new run with its own folder, its report
                     showing the others as "succeeded (from RUN)". FILE must be unchanged since
                     RUN (its hash is recorded); a run that succeeded leaves nothing to do (exit
                     0). Not with --only or --shard (RUN's own --only is kept).
                     A run that fails keeps the volumes its failed units need for this, listed
                     at its end; \`gantry cleanup\` and the next run of the folder remove them.
  --engine E         docker: the Docker engine the client points at (DOCKER_HOST, else the local
                     socket); swarm: the Docker Swarm whose manager it points at. Default: the
                     file's capacity.engine, else docker. Under --policy strict the file alone
                     may not choose swarm: this flag may.
  --fail-fast        Stop everything at the first failure. Default: independent work goes on.
  --keep-failed      Leave each failed task's (exited) container, the services that were running
                     and the run's network in place for debugging, and print per kept unit its
                     container and commands to paste (docker logs, docker commit + docker run on
                     the run's network, docker exec into a service). The next run does not sweep
                     them; \`gantry cleanup --run ID\` removes them. Nothing failed: nothing is
                     kept. Not offered by the GitHub Action (its runners are thrown away).
  --no-history       Plan this run's priorities from the file's estimates and the defaults only,
                     not from the durations earlier runs recorded in .gantry/history/ (this run
                     is still recorded there).
  --no-cache         Run every task, also those with cache: whose inputs match an earlier
                     success in .gantry/cache/, and store nothing there (see "Task cache" in
                     docs/batch-file.md). Default: a task whose cache key matches is not run
                     and shows as "cached (from RUN)".
  --json             At the end print one JSON object on stdout (live output goes to stderr).
  --policy P         trusted (default) or strict: refuse privileged, host network, cap-add and
                     host binds outside the file's folder (for untrusted files); pass no secrets.
  --env-file FILE    Read variables from a dotenv file (NAME=VALUE lines), as a workflow's env:
                     would give them: for the tasks' secrets: and \${{ env.NAME }}. It wins over
                     the files of the batch file's env-file: key; variables of the environment
                     gantry runs in win over both. Default: none.
  --pass-env NAME    Under --policy strict, let the file read this variable with \${{ env.NAME }};
                     repeat for several. (A trusted file may read any.)

Exit codes: 0 all tasks succeeded, 1 a task failed, 2 invalid file or usage,
3 engine problem (the engine cannot be reached or used; also: a task's image could not be
pulled), 130 cancelled.
`;

export const run: Command = {
  summary: 'Run a batch file on the Docker engine (or a Docker Swarm)',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const args = parse(argv);
    if (typeof args === 'string') {
      io.stderr.write(`gantry run: ${args}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    // Secrets and `${{ env.NAME }}` come from the environment gantry runs in, over --env-file's,
    // over those of the file's `env-file:` (read by the loader): one listed and not set stops it
    // here, with its place.
    let callerEnv: NodeJS.ProcessEnv = io.env;
    if (args.envFile !== undefined) {
      try {
        callerEnv = { ...readEnvFile(resolve(io.cwd, args.envFile), args.envFile), ...io.env };
      } catch (error) {
        if (!(error instanceof GantryError)) throw error;
        io.stderr.write(`gantry run: ${error.message} [${error.code}]\n`);
        return EXIT.invalid;
      }
    }
    const loaded = loadBatchFile(args.file, io, { policy: args.policy, capacity: args.capacity, callerEnv, passEnv: args.passEnv, ...(args.engine ? { engine: args.engine } : {}) });
    if (!loaded.ok) return loaded.code;
    const hash = fileHash(loaded.text);
    let resume: ResumeSetting | undefined;
    if (args.resume) {
      // Which run, whether it can be resumed with the file as it is, and what it takes over.
      try {
        const found = findResumable(join(dirname(loaded.path), '.gantry', 'runs'), loaded.path, args.resume.run, io.cwd);
        const only = found.document.only ?? [];
        const graph = only.length ? selectOnly(loaded.validation.graph, only) : loaded.validation.graph;
        const decision = decideResume(found, hash, graph, loaded.validation.file.volumes.map((v) => v.name));
        const say = args.json ? io.stderr : io.stdout;
        if (decision.kind === 'nothing') {
          say.write(`gantry: ${sanitize(decision.why)}\n`);
          if (args.json) io.stdout.write(`${JSON.stringify({ result: 'success', runId: null, makespan: 0, tasks: [] })}\n`);
          return EXIT.ok;
        }
        resume = decision.setting;
        args.only = only;
        const again = graph.units.filter((u) => decision.plan.rerun.has(u.id) && u.kind === 'task').map((u) => sanitize(u.id));
        const taken = graph.units.filter((u) => decision.plan.taken.has(u.id) && u.kind === 'task').map((u) => sanitize(u.id));
        say.write(
          `gantry: resuming run ${found.runId}: running again ${again.join(', ') || 'no task'}; taken over (succeeded there): ${taken.join(', ') || 'none'}` +
            `${decision.plan.masked.length ? ` (${decision.plan.masked.map((id) => sanitize(id)).join(', ')} again because an output of theirs had a secret masked)` : ''}` +
            `${Object.keys(resume.volumes).length ? `; volumes kept by it: ${Object.keys(resume.volumes).map((n) => sanitize(n)).join(', ')}` : ''}\n`,
        );
      } catch (error) {
        if (!(error instanceof GantryError)) throw error;
        io.stderr.write(failureLines(classifyError(error)));
        return EXIT.invalid;
      }
    }
    if (args.shard) {
      // The action's partition (cli/shards.ts): the same file and cpus give every runner the same parts.
      const { index, total } = args.shard;
      const shard = shardsOf(loaded.validation.graph, total, { flag: args.capacity.cpus, file: loaded.validation.file.capacity.cpus })[index - 1];
      (args.json ? io.stderr : io.stdout).write(`gantry: shard ${index}/${total}: ${shard.tasks.length ? shard.tasks.map((t) => sanitize(t)).join(', ') : 'no tasks'}\n`);
      if (shard.tasks.length === 0) {
        if (args.json) io.stdout.write(`${JSON.stringify({ result: 'success', runId: null, makespan: 0, tasks: [] })}\n`);
        return EXIT.ok;
      }
      args.only = shard.tasks;
    }

    const live = args.json ? io.stderr : io.stdout;
    const ci = io.env.CI === 'true' || io.env.CI === '1';
    const tty = Boolean(live.isTTY) && !ci;
    let progress: RunProgress | undefined;
    let stopListening = () => {};
    let report: RunReport;
    try {
      const graph = args.only.length ? selectOnly(loaded.validation.graph, args.only) : loaded.validation.graph;
      // The engine first, through a client a signal aborts: a wedged engine is given up within
      // seconds (exit 3), and SIGINT/SIGTERM while waiting for it ends the command at once.
      // (runBatch's own calls are bounded, but go on until they answer or time out.)
      // The backend is loaded here, not at the top: the Docker client costs `validate` and `plan`
      // ~0.2 s of start-up. --engine, else the file's capacity.engine, else docker.
      const backend = await loadBackend(engineChoice(args.engine, loaded.validation.file.engine?.name).name);
      const { checkBackend } = await import('../core/backend');
      await checkBackend(backend, { env: io.env, signal: io.signal });
      progress = new RunProgress(graph, {
        out: live,
        tty,
        color: tty && io.env.NO_COLOR === undefined,
        columns: io.stdout.columns ?? 80,
        ...(resume ? { takenFrom: new Map([...resume.taken].map(([id, t]) => [id, t.from ?? resume!.runId])) } : {}),
      });
      // Say what a Ctrl-C does, and what a second one does.
      const onCancel = () => {
        progress?.cancelling();
        live.write('\ngantry: cancelling: stopping the containers and removing what the run made (Ctrl-C again: stop at once)\n');
      };
      const onForce = () => live.write('gantry: stopping at once (Ctrl-C again: quit without removing; `gantry cleanup` removes it later)\n');
      io.signal.addEventListener('abort', onCancel, { once: true });
      io.force?.addEventListener('abort', onForce, { once: true });
      stopListening = () => {
        io.signal.removeEventListener('abort', onCancel);
        io.force?.removeEventListener('abort', onForce);
      };
      // Loaded here, not at the top: the Docker client costs `validate` and `plan` ~0.2 s of start-up.
      const { runBatch } = await import('../core/run/run-batch');
      report = await runBatch({
        backend,
        path: loaded.path,
        validation: loaded.validation,
        ...(args.only.length ? { only: args.only } : {}),
        capacity: args.capacity,
        failFast: args.failFast,
        ...(args.noHistory ? { history: false } : {}),
        ...(args.noCache ? { cache: false } : {}),
        ...(args.keepFailed ? { keepFailed: true } : {}),
        policy: args.policy,
        fileHash: hash,
        resumable: true,
        ...(resume ? { resume } : {}),
        env: io.env,
        secrets: callerSecrets(loaded.validation.file, loaded.callerEnv ?? callerEnv, args.policy),
        onNotice: (message) => live.write(`gantry: ${sanitize(message)}\n`),
        signal: io.signal,
        ...(io.force ? { force: io.force } : {}),
        onPrediction: (p) => progress?.prediction(p),
        onEvent: (e) => progress?.event(e),
        onLine: (unit, attempt, stream, line) => progress?.line(unit, attempt, stream, line),
      });
    } catch (error) {
      // One classification with the action: 130 cancelled, 3 engine, 2 anything else refused.
      const failure = classifyError(error);
      // A bug: the entry reports it with its stack (exit 70).
      if (failure.exitCode === EXIT.internal) throw error;
      // A refusal at a place in the file (a secret, a bind, a cache.key): FILE:LINE:COL first and
      // the code last, as validate says it (docs/batch-file.md names the codes).
      const start = error instanceof GantryError ? error.range.start : undefined;
      const at = start && (start.line > 0 || start.character > 0) ? `${sanitize(args.file)}:${start.line + 1}:${start.character + 1}: ` : '';
      io.stderr.write(failureLines(at ? { ...failure, line: `${at}${failure.line} [${failure.code}]` } : failure));
      return failure.exitCode;
    } finally {
      stopListening();
      progress?.finish();
    }

    const outcome = report.result.result;
    const where = relative(io.cwd, report.dir) || '.';
    if (args.json) {
      io.stdout.write(`${JSON.stringify(jsonSummary(report))}\n`);
    } else {
      const tasks = report.document.units.filter((u) => u.kind === 'task');
      // Services too: one that never became healthy is the failure (its dependents are skipped).
      const failed = failedUnits(report.document);
      const takenOver = tasks.filter((u) => u.resumedFrom !== undefined).length;
      const cached = tasks.filter((u) => u.cachedFrom !== undefined && u.status === 'succeeded').length;
      io.stdout.write(
        `\n${outcome === 'success' ? 'succeeded' : outcome === 'failure' ? 'FAILED' : 'cancelled'}: ` +
          `${tasks.filter((u) => u.status === 'succeeded').length}/${tasks.length} tasks succeeded` +
          `${report.document.resumedFrom !== undefined ? ` (${takenOver} from run ${report.document.resumedFrom})` : ''}` +
          `${cached > 0 ? ` (${cached} cached)` : ''}` +
          `${failed.length ? `, failed: ${failed.map((id) => sanitize(id)).join(', ')}` : ''}` +
          ` in ${formatDuration(report.result.makespan)} (plan predicted ${formatDuration(report.prediction.makespan)})\n` +
          `report: ${where}/report.html (also report.md, report.json, logs/)\n`,
      );
    }
    if (report.kept) (args.json ? io.stderr : io.stdout).write(keptHints(report.kept, report.runId));
    if (report.keptVolumes) (args.json ? io.stderr : io.stdout).write(resumeHint(report.keptVolumes, args.file, report.runId));
    return runExitCode(report.document);
  },
};


/**
 * What a failed run says about the volumes it kept for `--resume`: the two commands, their
 * comments lined up. The cleanup names the run: a bare `gantry cleanup` would also remove what
 * every other ended run on the engine left, other folders' kept volumes included.
 */
export function resumeHint(kept: Record<string, KeptVolume>, file: string, runId: string): string {
  const list = Object.entries(kept).map(([name, v]) => `${sanitize(name)} (${sanitize(v.volume)})`);
  const resume = `gantry run ${sanitize(file)} --resume`;
  const cleanup = `gantry cleanup --run ${sanitize(runId)}`;
  const width = Math.max(resume.length, cleanup.length);
  return (
    `kept for --resume: volume${list.length === 1 ? '' : 's'} ${list.join(', ')}\n` +
    `  ${resume.padEnd(width)}   # runs again only what failed or did not run\n` +
    `  ${cleanup.padEnd(width)}   # removes them (so does the next full run here)\n`
  );
}

interface RunArgs {
  file: string;
  /** `--resume [RUN]`: resume RUN (undefined: the newest run of the file). */
  resume?: { run?: string };
  only: string[];
  capacity: Partial<Capacity>;
  failFast: boolean;
  /** `--keep-failed`. */
  keepFailed: boolean;
  /** `--no-history`. */
  noHistory: boolean;
  /** `--no-cache`. */
  noCache: boolean;
  json: boolean;
  policy: Policy;
  /** `--shard I/N`. */
  shard?: ShardRef;
  /** `--env-file FILE`, as typed. */
  envFile?: string;
  /** `--pass-env NAME`… */
  passEnv: string[];
  /** `--engine E`; undefined: the file's `capacity.engine`, else docker. */
  engine?: EngineName;
}

/**
 * `--resume` takes an optional value: `--resume=RUN`, or `--resume RUN` when a FILE is given
 * besides (`gantry run --resume gantry.yml` resumes the newest run of gantry.yml).
 */
function takeResume(argv: string[]): { rest: string[]; resume?: { run?: string }; word?: string } {
  const rest: string[] = [];
  let resume: { run?: string } | undefined;
  let word: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--resume') {
      resume ??= {};
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-') && word === undefined) {
        word = next;
        i++;
      }
      continue;
    }
    if (arg.startsWith('--resume=')) {
      resume = { run: arg.slice('--resume='.length) };
      continue;
    }
    rest.push(arg);
  }
  return { rest, ...(resume ? { resume } : {}), ...(word !== undefined ? { word } : {}) };
}

/** A batch file's name, told from a run id in `--resume WORD WORD`. */
const YAML_NAME = /\.ya?ml$/i;

/** The arguments, or a one-line usage error. */
function parse(argv: string[]): RunArgs | string {
  let values;
  let positionals;
  const taken = takeResume(argv);
  try {
    ({ values, positionals } = parseArgs({
      args: taken.rest,
      allowPositionals: true,
      strict: true,
      options: {
        only: { type: 'string', multiple: true },
        parallel: { type: 'string' },
        cpus: { type: 'string' },
        memory: { type: 'string' },
        'fail-fast': { type: 'boolean' },
        'keep-failed': { type: 'boolean' },
        'no-history': { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        json: { type: 'boolean' },
        policy: { type: 'string' },
        shard: { type: 'string' },
        'env-file': { type: 'string' },
        'pass-env': { type: 'string', multiple: true },
        engine: { type: 'string' },
      },
    }));
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  let resume = taken.resume;
  if (taken.word !== undefined) {
    // `--resume WORD`: the RUN when a FILE stands elsewhere, else the FILE itself.
    if (positionals.length === 0) positionals = [taken.word];
    // `--resume gantry.yml RUN`: the batch file first, then the run.
    else if (resume?.run === undefined && positionals.length === 1 && YAML_NAME.test(taken.word) && !YAML_NAME.test(positionals[0])) {
      resume = { run: positionals[0] };
      positionals = [taken.word];
    } else if (resume?.run === undefined) resume = { run: taken.word };
    else positionals = [...positionals, taken.word];
  }
  if (positionals.length !== 1) return positionals.length === 0 ? 'missing the batch FILE' : `one FILE at a time (got ${positionals.length})`;
  if (resume && (values.only?.length || values.shard !== undefined)) return '--resume cannot be combined with --only or --shard (the resumed run keeps its own --only)';
  if (resume?.run === '') return '--resume=RUN: RUN is empty';
  const capacity = capacityFromFlags(values);
  if (typeof capacity === 'string') return capacity;
  const policy = policyFromFlag(values.policy);
  if (!isPolicy(policy)) return policy;
  const engine = engineFromFlag(values.engine);
  if (engine !== undefined && !isEngineName(engine)) return engine;
  const shard = values.shard === undefined ? undefined : shardFlag(values.shard);
  if (typeof shard === 'string') return shard;
  if (shard && values.only?.length) return '--shard and --only cannot be combined';
  const passEnv = (values['pass-env'] ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
  const badName = passEnv.find((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (badName !== undefined) return `--pass-env ${badName}: not the name of an environment variable`;
  return {
    ...(shard ? { shard } : {}),
    ...(resume ? { resume } : {}),
    file: positionals[0],
    only: (values.only ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean),
    capacity,
    failFast: values['fail-fast'] ?? false,
    keepFailed: values['keep-failed'] ?? false,
    noHistory: values['no-history'] ?? false,
    noCache: values['no-cache'] ?? false,
    json: values.json ?? false,
    policy,
    ...(values['env-file'] !== undefined ? { envFile: values['env-file'] } : {}),
    passEnv,
    ...(engine ? { engine } : {}),
  };
}

/**
 * `--json`: `{"result","runId","makespan","tasks":[{"name","status","attempts","exitCode","start","end","memory"}]}`.
 * Times in seconds from the run's start (null when it never ran); `memory` is the peak memory the
 * task used, in bytes, over its attempts (null when not measured); `exitCode` of the last attempt.
 * A task taken from the cache also has `cachedFrom`, one taken over by `--resume` `resumedFrom`
 * (the run it ran in).
 */
export function jsonSummary(report: RunReport): unknown {
  const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms) / 1000);
  const resumedFrom = new Map(report.document.units.filter((u) => u.resumedFrom !== undefined).map((u) => [u.id, u.resumedFrom!]));
  return {
    result: report.result.result,
    runId: report.runId,
    makespan: seconds(report.result.makespan),
    tasks: report.result.units
      .filter((u) => u.kind === 'task')
      .map((u) => {
        const last = u.attempts[u.attempts.length - 1];
        const peaks = u.attempts.map((a) => a.outcome.usage?.peakMemory).filter((p): p is number => p !== undefined);
        return {
          name: u.id,
          status: u.status,
          attempts: u.attempts.length,
          exitCode: last?.outcome.exitCode ?? null,
          start: seconds(u.start),
          end: seconds(u.end),
          memory: peaks.length ? Math.max(...peaks) : null,
          ...(last?.outcome.cached ? { cachedFrom: last.outcome.cached.run } : {}),
          ...(resumedFrom.has(u.id) ? { resumedFrom: resumedFrom.get(u.id) } : {}),
        };
      }),
  };
}
