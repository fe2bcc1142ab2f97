/**
 * Docker Swarm as a `Backend` (core/backend.ts): the swarm the Docker client points at (a
 * manager). Capacity per node (engine.ts); the run's tasks and services as swarm jobs and
 * services placed by Gantry (executor.ts); the leftover sweep removes the services and secrets
 * of dead runs through the manager, then what they left on the home engine (network, volumes,
 * images built in the run) with the Docker backend's sweep.
 */
import type Dockerode from 'dockerode';
import type { Backend, BackendCapacity, BackendConnection, BackendConnectOptions, LeftoverRun, RunExecutor, RunExecutorOptions, RunSelector, SweepOptions, SweepResult, SweptRun } from '../../backend';
import { GantryError } from '../../diagnostics';
import { ownerState } from '../../host/owner';
import { connectEngine, engineAddress, withTimeout } from '../docker/engine';
import { LABEL_OWNER, LABEL_RUN, labelFilter } from '../docker/labels';
import { describeOwner, describeRemoved, sweepLeftovers } from '../docker/leftovers';
import { oneLine } from '../docker/cleanup';
import { swarmCapacity, swarmInfo } from './engine';
import { SwarmExecutor } from './executor';

export interface SwarmBackendOptions {
  /** How long `connect` waits for the manager to answer (ms). Default 10 s. */
  connectTimeoutMs?: number;
  /** Longest any one call may go unanswered (ms). Default 30 s. */
  callTimeoutMs?: number;
  /** How often the task list is read while anything runs (ms). Default 100. */
  pollMs?: number;
}

/** The swarm the Docker client (`DOCKER_HOST` in the connection's `env`) points at: a manager. */
export function swarmBackend(options: SwarmBackendOptions = {}): Backend {
  return {
    name: 'swarm',
    label: 'the Docker Swarm',
    async connect(connect: BackendConnectOptions): Promise<BackendConnection> {
      const address = engineAddress(connect.env);
      const docker = await connectEngine(connect.env, {
        ...(options.connectTimeoutMs !== undefined ? { timeoutMs: options.connectTimeoutMs } : {}),
        ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
        ...(connect.signal ? { signal: connect.signal } : {}),
      }).catch((error: unknown) => {
        // Said as the swarm's: the user asked for the swarm, and must know which engine failed.
        if (error instanceof GantryError && error.message.startsWith('Cannot connect to the Docker engine')) {
          throw new GantryError(error.code, error.message.replace('Cannot connect to the Docker engine', 'Cannot connect to the Docker Swarm manager'), error.range, error.hint);
        }
        throw error;
      });
      const info = await swarmInfo(docker, address.display);
      return new SwarmConnection(docker, info.nodeId, options, connect.env);
    },
  };
}

class SwarmConnection implements BackendConnection {
  private closed = false;

  constructor(
    private readonly docker: Dockerode,
    private readonly home: string,
    private readonly options: SwarmBackendOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  capacity(): Promise<BackendCapacity> {
    this.open();
    return swarmCapacity(this.docker, this.home, this.options.callTimeoutMs);
  }

  executor(options: RunExecutorOptions): RunExecutor {
    this.open();
    if (options.keepFailed) {
      throw new GantryError('swarm-unsupported', '--keep-failed is not available on Docker Swarm yet: a failed job is removed with its service.', undefined, 'Run with --engine docker to keep failed containers, or read the failed task\'s log in .gantry/runs/.');
    }
    if (options.borrowedVolumes && Object.keys(options.borrowedVolumes).length > 0) {
      throw new GantryError('swarm-unsupported', 'gantry run --resume is not available on Docker Swarm yet.', undefined, 'Run the whole file again, or resume with --engine docker.');
    }
    return new SwarmExecutor({
      docker: this.docker,
      runId: options.runId,
      instance: options.instance,
      owner: options.owner,
      baseDir: options.baseDir,
      volumes: options.volumes,
      binds: options.binds,
      logs: options.logs,
      ...(options.secrets ? { secrets: options.secrets } : {}),
      home: this.home,
      env: this.env,
      ...(this.options.pollMs !== undefined ? { pollMs: this.options.pollMs } : {}),
    });
  }

  /**
   * Services and secrets of dead runs first (removing a service stops its tasks on every node),
   * then the home engine's leftovers (the run's network, volumes, built images, containers still
   * stopping) by the Docker backend's sweep, which judges owners the same way.
   */
  async sweep(selector: RunSelector, options: SweepOptions = {}): Promise<SweepResult> {
    this.open();
    const timeout = this.options.callTimeoutMs ?? 30_000;
    const call = <T>(what: string, promise: Promise<T>) => withTimeout(promise, timeout, () => new Error(`${what}: the swarm manager did not answer within ${timeout} ms`));
    const filters = JSON.stringify(labelFilter(selector));
    const [services, secrets] = await Promise.all([
      call('list services', this.docker.listServices({ filters } as never) as unknown as Promise<unknown>) as Promise<{ ID: string; Spec?: { Labels?: Record<string, string> } }[]>,
      call('list secrets', this.docker.listSecrets({ filters } as never) as unknown as Promise<unknown>) as Promise<{ ID: string; Spec?: { Labels?: Record<string, string> } }[]>,
    ]);
    const runs = new Map<string, { owner?: string; services: string[]; secrets: string[] }>();
    const note = (labels: Record<string, string> | undefined, kind: 'services' | 'secrets', id: string) => {
      const runId = labels?.[LABEL_RUN];
      if (runId === undefined) return;
      const run = runs.get(runId) ?? { services: [], secrets: [] };
      run.owner ??= labels?.[LABEL_OWNER];
      run[kind].push(id);
      runs.set(runId, run);
    };
    for (const s of services) note(s.Spec?.Labels, 'services', s.ID);
    for (const s of secrets) note(s.Spec?.Labels, 'secrets', s.ID);
    const spare = new Set(options.spare ?? []);
    const removedHere = new Map<string, { services: number; secrets: number; errors: string[] }>();
    const keptHere = new Map<string, LeftoverRun>();
    for (const [runId, run] of runs) {
      if (spare.has(runId)) continue;
      const state = ownerState(run.owner);
      const leftover: LeftoverRun = { runId, ...(run.owner !== undefined ? { owner: run.owner } : {}), state, why: describeOwner({ runId, owner: run.owner, state } as never) };
      if (state !== 'gone' && !options.force) {
        keptHere.set(runId, leftover);
        continue;
      }
      const errors: string[] = [];
      let removedServices = 0;
      let removedSecrets = 0;
      for (const id of run.services) {
        await call('remove a service', this.docker.getService(id).remove()).then(
          () => removedServices++,
          (error: unknown) => errors.push(`service ${id}: ${oneLine(error)}`),
        );
      }
      // A secret is refused while a service uses it: after the services.
      for (const id of run.secrets) {
        await call('remove a secret', this.docker.getSecret(id).remove()).then(
          () => removedSecrets++,
          (error: unknown) => errors.push(`secret ${id}: ${oneLine(error)}`),
        );
      }
      removedHere.set(runId, { services: removedServices, secrets: removedSecrets, errors });
    }
    // The network of a run whose services were just removed is refused until their tasks have
    // stopped: the home sweep waits for that, bounded.
    if (removedHere.size > 0) await this.quiet(removedHere.keys());
    const home = await sweepLeftovers(this.docker, selector, {
      ...(options.force !== undefined ? { force: options.force } : {}),
      ...(this.options.callTimeoutMs !== undefined ? { callTimeoutMs: this.options.callTimeoutMs } : {}),
      ...(options.spare?.length ? { spare: options.spare } : {}),
    });
    const result: SweepResult = { removed: [], kept: [] };
    const seen = new Set<string>();
    for (const run of home.removed) {
      seen.add(run.runId);
      const here = removedHere.get(run.runId);
      const parts = [describeSwarm(here), describeRemoved(run.removed, run.folders)].filter((p) => p && p !== 'nothing');
      const swept: SweptRun = {
        runId: run.runId,
        ...(run.owner !== undefined ? { owner: run.owner } : {}),
        state: run.state,
        why: describeOwner(run),
        removed: parts.length > 0 ? parts.join(', ') : 'nothing',
        errors: [...(here?.errors ?? []), ...run.removed.errors],
      };
      result.removed.push(swept);
    }
    for (const [runId, here] of removedHere) {
      if (seen.has(runId)) continue;
      seen.add(runId);
      const owner = runs.get(runId)?.owner;
      const state = ownerState(owner);
      result.removed.push({ runId, ...(owner !== undefined ? { owner } : {}), state, why: describeOwner({ runId, owner, state } as never), removed: describeSwarm(here) || 'nothing', errors: here.errors });
    }
    for (const run of home.kept) {
      if (seen.has(run.runId)) continue;
      seen.add(run.runId);
      result.kept.push({ runId: run.runId, ...(run.owner !== undefined ? { owner: run.owner } : {}), state: run.state, why: describeOwner(run), ...(run.keptFailed ? { keptFailed: true } : {}) });
    }
    for (const [runId, kept] of keptHere) if (!seen.has(runId)) result.kept.push(kept);
    return result;
  }

  /** Waits (at most 20 s) until no container of these runs is left on the home engine. */
  private async quiet(runIds: Iterable<string>): Promise<void> {
    const ids = [...runIds];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const filters = JSON.stringify({ label: ids.length === 1 ? [`${LABEL_RUN}=${ids[0]}`] : [LABEL_RUN] });
      const left = (await this.docker.listContainers({ all: true, filters }).catch(() => [])) as { Labels?: Record<string, string>; State?: string }[];
      if (!left.some((c) => ids.includes(c.Labels?.[LABEL_RUN] ?? '') && c.State === 'running')) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private open(): void {
    if (this.closed) throw new GantryError('engine-closed', 'This connection to the Docker Swarm was closed.');
  }
}

function describeSwarm(here: { services: number; secrets: number } | undefined): string {
  if (!here) return '';
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return [here.services ? count(here.services, 'swarm service') : '', here.secrets ? count(here.secrets, 'swarm secret') : ''].filter(Boolean).join(', ');
}
