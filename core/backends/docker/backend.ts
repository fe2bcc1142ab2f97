/**
 * The local Docker engine as a `Backend` (core/backend.ts): one node, whose capacity is the
 * engine's; `DockerExecutor` runs the batch; the leftover sweep finds dead runs by label.
 * Everything here wraps the modules beside it (engine.ts, executor.ts, leftovers.ts); it adds no
 * behaviour of its own.
 */
import type Dockerode from 'dockerode';
import type { Backend, LeftoverRun as BackendLeftover, BackendCapacity, BackendConnection, BackendConnectOptions, RunExecutor, RunExecutorOptions, RunSelector, SweepOptions, SweepResult } from '../../backend';
import { GantryError } from '../../diagnostics';
import { connectEngine, engineAddress, engineCapacity } from './engine';
import { DockerExecutor } from './executor';
import { describeOwner, describeRemoved, sweepLeftovers, type LeftoverRun } from './leftovers';

export interface DockerBackendOptions {
  /** How long `connect` waits for the engine to answer `/_ping` (ms). Default `DEFAULT_CONNECT_TIMEOUT` (10 s). */
  connectTimeoutMs?: number;
  /** Longest any one engine call may go unanswered (ms). Default `DEFAULT_CALL_TIMEOUT` (30 s); see engine.ts. */
  callTimeoutMs?: number;
  /**
   * Where runs' state folders are made (`$GANTRY_OUTPUT` files, the owner record) and where the
   * sweep looks for those of dead runs. Default: the OS's temporary folder.
   */
  stateRoot?: string;
}

/** The local Docker engine (or the one `DOCKER_HOST` in the connection's `env` points at). */
export function dockerBackend(options: DockerBackendOptions = {}): Backend {
  return {
    name: 'docker',
    label: 'the Docker engine',
    async connect(connect: BackendConnectOptions): Promise<BackendConnection> {
      // Parsed first: an unusable DOCKER_HOST is reported as such, before any connection attempt.
      const address = engineAddress(connect.env);
      const docker = await connectEngine(connect.env, {
        ...(options.connectTimeoutMs !== undefined ? { timeoutMs: options.connectTimeoutMs } : {}),
        ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
        ...(connect.signal ? { signal: connect.signal } : {}),
      });
      return new DockerConnection(docker, address.display, options, connect.env);
    },
  };
}

class DockerConnection implements BackendConnection {
  private closed = false;

  constructor(
    private readonly docker: Dockerode,
    private readonly display: string,
    private readonly options: DockerBackendOptions,
    /** Registry credentials for pulls are read with it (DOCKER_CONFIG, HOME, PATH). */
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async capacity(): Promise<BackendCapacity> {
    this.open();
    const total = await engineCapacity(this.docker);
    return { total, nodes: [{ id: 'local', name: this.display, capacity: { ...total }, home: true }] };
  }

  executor(options: RunExecutorOptions): RunExecutor {
    this.open();
    const executor = new DockerExecutor({
      docker: this.docker,
      runId: options.runId,
      instance: options.instance,
      baseDir: options.baseDir,
      volumes: [...options.volumes],
      owner: options.owner,
      binds: options.binds,
      logs: options.logs,
      ...(options.keepFailed ? { keepFailed: true } : {}),
      ...(options.borrowedVolumes ? { borrowedVolumes: options.borrowedVolumes } : {}),
      ...(options.keepVolumes ? { keepVolumes: options.keepVolumes } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(options.cachePaths ? { cachePaths: options.cachePaths } : {}),
      env: this.env,
      ...(this.options.stateRoot !== undefined ? { stateRoot: this.options.stateRoot } : {}),
    });
    return {
      prepare: (unit) => executor.prepare(unit),
      start: (attempt, onExit, onStarted) => executor.start(attempt, onExit, onStarted),
      kill: (attemptId, reason) => executor.kill(attemptId, reason),
      startService: (unit, callbacks) => executor.startService(unit, callbacks),
      stopService: (unitId) => executor.stopService(unitId),
      setup: (units) => executor.setup(units),
      // It resolves with what it removed; the interface asks for nothing back.
      teardown: async () => {
        await executor.teardown();
      },
      kept: () => executor.kept(),
      imageId: (unit) => executor.imageId(unit),
      takeArchive: (attemptId) => executor.takeArchive(attemptId),
      restoreArchive: (unit, archive) => executor.restoreArchive(unit, archive),
      keptVolumes: () => executor.keptVolumes(),
    };
  }

  async sweep(selector: RunSelector, options: SweepOptions = {}): Promise<SweepResult> {
    this.open();
    const swept = await sweepLeftovers(this.docker, selector, {
      ...(options.force !== undefined ? { force: options.force } : {}),
      ...(this.options.stateRoot !== undefined ? { stateRoot: this.options.stateRoot } : {}),
      ...(this.options.callTimeoutMs !== undefined ? { callTimeoutMs: this.options.callTimeoutMs } : {}),
      ...(options.spare?.length ? { spare: options.spare } : {}),
    });
    return {
      removed: swept.removed.map((run) => ({
        ...leftover(run),
        removed: describeRemoved(run.removed, run.folders),
        errors: run.removed.errors,
      })),
      kept: swept.kept.map(leftover),
    };
  }

  async close(): Promise<void> {
    // dockerode keeps no connection between calls: nothing to release beyond refusing further use.
    this.closed = true;
  }

  private open(): void {
    if (this.closed) throw new GantryError('engine-closed', 'This connection to the Docker engine was closed.');
  }
}

function leftover(run: LeftoverRun): BackendLeftover {
  return { runId: run.runId, ...(run.owner !== undefined ? { owner: run.owner } : {}), state: run.state, why: describeOwner(run), ...(run.keptFailed ? { keptFailed: true } : {}) };
}
