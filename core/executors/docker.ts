/**
 * The Docker executor: runs the scheduler's attempts and services as containers on a real engine.
 * (Skeleton: the API the run orchestration codes against; the implementation follows.)
 */
import type Dockerode from 'dockerode';
import type { Attempt, AttemptOutcome, Executor, KillReason, ServiceCallbacks } from '../executor';
import type { Unit } from '../model';
import type { LogStream } from './docker-logs';

/** Where an attempt's output goes. Services use attempt number 0. */
export interface LogSink {
  /** One complete line (without its newline), as it comes. */
  line(unitId: string, attempt: number, stream: LogStream, text: string): void;
  /** Where to write the full (capped) log of this attempt; undefined: no file. */
  file?(unitId: string, attempt: number): string | undefined;
}

/** Things worth telling the user that are not an attempt's outcome. */
export type DockerExecutorEvent =
  | { type: 'pull-start'; image: string }
  | { type: 'pull-retry'; image: string; attempt: number; error: string; delayMs: number }
  | { type: 'pull-done'; image: string }
  | { type: 'pull-failed'; image: string; error: string }
  | { type: 'warning'; message: string };

export interface DockerExecutorOptions {
  docker: Dockerode;
  /** Labels everything as `dev.gantry.run=<runId>`; also part of container/network names. */
  runId: string;
  /** Labels everything as `dev.gantry.instance=<instance>`. */
  instance: string;
  /** The batch file's folder: host bind sources (`.`, `./src`) resolve against it. */
  baseDir: string;
  /** Names of the file's `volumes:`; each becomes one labelled named volume for this run. */
  volumes: string[];
  /** Live lines and per-attempt log files. Default: none. */
  logs?: LogSink;
  /** Cap of each attempt's log file (head and tail kept). Default 50 MB. */
  logCapBytes?: number;
  /** Between SIGTERM and SIGKILL when killing an attempt (ms). Default 5000. */
  killGraceMs?: number;
  /** Pull attempts per missing image. Default 3. */
  pullAttempts?: number;
  /** First retry delay of a failed pull, doubled each time, ±50 % jitter (ms). Default 2000. */
  pullBackoffMs?: number;
  /** `PidsLimit` of every container. Default 4096. */
  pidsLimit?: number;
  /** `max-size` of the engine's json-file log of each container. Default `10m`. */
  engineLogMaxSize?: string;
  /** Run an init process (the engine's docker-init) as PID 1 so SIGTERM reaches the task. Default true. */
  init?: boolean;
  /** Host folder for per-attempt `$GANTRY_OUTPUT` files. Default `<os tmpdir>/gantry-<runId>`. */
  stateDir?: string;
  /** Pulls, retries and warnings. */
  onEvent?(event: DockerExecutorEvent): void;
}

export class DockerExecutor implements Executor {
  constructor(readonly options: DockerExecutorOptions) {}

  /** Creates the run's network and volumes and starts resolving every unit's image (in parallel). */
  async setup(units: readonly Unit[] = []): Promise<void> {
    void units;
    throw new Error('not implemented yet');
  }

  /** Removes every container, network and volume of this run. Idempotent; never hangs. */
  async teardown(): Promise<void> {
    throw new Error('not implemented yet');
  }

  prepare(unit: Unit): void {
    void unit;
  }

  start(attempt: Attempt, onExit: (outcome: AttemptOutcome) => void): void {
    void attempt;
    setImmediate(() => onExit({ status: 'failed', message: 'not implemented yet' }));
  }

  kill(attemptId: string, reason: KillReason): void {
    void attemptId;
    void reason;
  }

  startService(unit: Unit, callbacks: ServiceCallbacks): void {
    void unit;
    setImmediate(() => callbacks.failed('not implemented yet'));
  }

  stopService(unitId: string): void {
    void unitId;
  }
}
