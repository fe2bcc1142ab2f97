/**
 * The Swarm executor: runs the scheduler's attempts as swarm jobs and its services as swarm
 * services, on the node the scheduler chose for each (core/schedule.ts placement; a placement
 * constraint `node.id==…`), so the run follows the plan.
 *
 * - A task attempt is a one-replica service that is never restarted (its task runs once to
 *   `complete` or `failed`) with cpu and memory limits (no reservations: see serviceSpec). Not a
 *   `replicated-job`: the engine leaves a removed job's containers on their node (moby/moby#42789). Its state comes from the manager's task list, watched by one
 *   poller for the whole run; its log from the manager's service log (logs.ts); its outputs from
 *   the same log, after a marker a wrapper prints (a task that declares `outputs:` needs `sh`).
 *   A kill removes the service (SIGTERM, then SIGKILL after the grace).
 * - A service is a one-replica service with its health check, reached by its name on the run's
 *   attachable overlay network; DNS round-robin endpoints (no virtual IP, which needs IPVS).
 *   The manager reports its task `running` only once the health check passed.
 * - The file's volumes are made on the home node (the engine Gantry talks to) and the units that
 *   mount them are placed there (core/placement.ts); file secrets are swarm secrets of the run.
 * Everything carries the run's labels; teardown removes services, secrets, the network and the
 * volumes, and waits (bounded) for the tasks to stop first.
 *
 * Not available on swarm (a clear error): `privileged`, `--keep-failed`, `--resume`; the task
 * cache (no archive of a container on another node) and resource samples are not taken.
 */
import type Dockerode from 'dockerode';
import { createHash, randomBytes } from 'node:crypto';
import type { KeptResources, LogSink, RunExecutor, RunSecrets } from '../../backend';
import type { Attempt, AttemptOutcome, AttemptStatus, KillReason, ServiceCallbacks } from '../../executor';
import type { Policy, Unit } from '../../model';
import { formatBytes } from '../../format';
import { resolveAttempt, type ResolvedAttempt } from '../../substitute';
import { resolveBind } from '../../host/binds';
import { resolveBuildContext } from '../../host/build-context';
import { GantryError } from '../../diagnostics';
import { withTimeout } from '../docker/engine';
import { isGone, oneLine } from '../docker/cleanup';
import { LABEL_UNIT, engineName, runLabels } from '../docker/labels';
import { OUTPUT_FILE, OUTPUT_MOUNT, SECRETS_MOUNT, parseOutputs, redact } from '../docker/executor';
import { DEFAULT_LOG_CAP_BYTES, OutputCapture } from '../docker/logs';
import { normalizeReference } from '../docker/images';
import { findCredentials, registryOf } from '../docker/credentials';
import { BuildFailed, buildImage, buildTag } from '../docker/build';
import { ServiceLog } from './logs';

export interface SwarmExecutorOptions {
  docker: Dockerode;
  runId: string;
  instance: string;
  owner: string;
  baseDir: string;
  volumes: readonly string[];
  binds: { policy: Policy; hidden: readonly string[] };
  logs: LogSink;
  secrets?: RunSecrets;
  /** The home node's id: volumes and built images live there. */
  home: string;
  /** Registry credentials are read with it (DOCKER_CONFIG, HOME). */
  env: NodeJS.ProcessEnv;
  /** How often the manager's task list is read while anything runs (ms). Default 100. */
  pollMs?: number;
  /** SIGTERM → SIGKILL grace of a kill (ms). Default 5000. */
  killGraceMs?: number;
  /** How long the manager may not answer the task list before what runs fails (ms). Default 60 000. */
  managerLostMs?: number;
  /** A task the manager wants shut down (its node went down) that still reports running after this long fails (ms). Default 30 000. */
  orphanLimitMs?: number;
  /** A task still pending after this long (ms) on a node that cannot take it fails. Default 120 000. */
  pendingLimitMs?: number;
}

type TaskState = string;

interface SwarmTask {
  ID: string;
  ServiceID: string;
  CreatedAt?: string;
  /** What the manager wants of it: `shutdown` once its node is down, while it may still report `running`. */
  DesiredState?: string;
  Status?: { State?: TaskState; Err?: string; Message?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
}

/** One service of the run that the poller watches: a task attempt or a service. */
interface Watched {
  serviceId: string;
  name: string;
  onTask(task: SwarmTask): void;
  /** Its service is gone and Gantry did not remove it. */
  onGone(): void;
  /** Polls in a row that found no task for it. */
  missing?: number;
}

interface RunningAttempt {
  attempt: Attempt;
  onExit(outcome: AttemptOutcome): void;
  onStarted(): void;
  started: boolean;
  done: boolean;
  killReason?: KillReason;
  service?: Dockerode.Service;
  name?: string;
  log?: ServiceLog;
  capture?: OutputCapture;
  pendingSince?: number;
  /** A build's request: aborted by a kill (a timeout, fail-fast, a cancel). */
  abort?: AbortController;
  /** Since when the manager wants its task shut down while the task still reports running (its node went away). */
  orphanedSince?: number;
  /** Polls that found no task for its service. */
  missing?: number;
}

interface RunningService {
  unit: Unit;
  callbacks: ServiceCallbacks;
  state: 'starting' | 'healthy' | 'failed';
  stopped: boolean;
  service?: Dockerode.Service;
  name?: string;
  log?: ServiceLog;
  capture?: OutputCapture;
}

/**
 * A name Swarm accepts for a service or a secret: `[a-zA-Z0-9]` runs joined by `-`, at most 63
 * characters (swarmkit refuses dots, as in `test[python=3.11]`, and longer names). The run is a
 * short hash of its id; what the name is for stays readable, cut; the labels carry the full ids.
 */
export function swarmName(runId: string, what: string, suffix = ''): string {
  const run = createHash('sha256').update(runId).digest('hex').slice(0, 10);
  const room = 63 - 'gantry-'.length - run.length - 1 - (suffix ? suffix.length + 1 : 0) - 1;
  const slug = what.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, Math.max(1, room)).replace(/-+$/, '') || 'unit';
  return `gantry-${run}-${slug}${suffix ? `-${suffix}` : ''}`;
}

const TERMINAL = new Set(['complete', 'failed', 'rejected', 'shutdown', 'orphaned', 'remove']);
/** What a task's rejection says when its image cannot be had on the node. */
const IMAGE_PROBLEM = /no such image|pull access denied|manifest unknown|manifest for \S+ not found|repository does not exist|unauthorized: |authentication required|No such image/i;

export class SwarmExecutor implements RunExecutor {
  private readonly docker: Dockerode;
  private readonly labels: Record<string, string>;
  private readonly attempts = new Map<string, RunningAttempt>();
  private readonly services = new Map<string, RunningService>();
  private readonly watched = new Map<string, Watched>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly secretIds = new Map<string, { id: string; name: string }>();
  private networkId: string | undefined;
  private readonly networkName: string;
  private readonly volumeNames = new Map<string, string>();
  private readonly built = new Set<string>();
  private setupDone: Promise<void> = Promise.resolve();
  private closing = false;
  private tornDown: Promise<void> | undefined;
  private polling = false;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Since when the manager has not answered the task list (undefined: it answers). */
  private failingSince: number | undefined;

  constructor(private readonly options: SwarmExecutorOptions) {
    this.docker = options.docker;
    this.labels = runLabels(options.runId, options.instance, options.owner);
    this.networkName = swarmName(options.runId, 'net');
  }

  // -------------------------------------------------------------------------------------------
  // Life cycle

  async setup(units: readonly Unit[]): Promise<void> {
    const refused = units.find((u) => u.spec.privileged);
    if (refused) {
      throw new GantryError('swarm-unsupported', `${refused.kind} ${refused.id} is privileged, which Docker Swarm does not allow.`, refused.spec.range, 'Run it with --engine docker, or drop `privileged` (list the capabilities it needs under cap-add).');
    }
    const run = async (): Promise<void> => {
      const steps: Promise<unknown>[] = [];
      steps.push(
        this.call('creating the run network', () =>
          this.docker.createNetwork({ Name: this.networkName, Driver: 'overlay', Attachable: true, CheckDuplicate: true, Labels: { ...this.labels } }),
        ).then((network) => {
          this.networkId = (network as { id: string }).id;
        }),
      );
      for (const volume of this.options.volumes) {
        const name = engineName('gantry', this.options.runId, volume);
        this.volumeNames.set(volume, name);
        steps.push(this.call(`creating volume ${volume}`, () => this.docker.createVolume({ Name: name, Labels: { ...this.labels } })));
      }
      const values = this.options.secrets?.values ?? {};
      const files = new Set<string>();
      for (const unit of units) for (const secret of unit.spec.secrets) if (secret.as !== 'env' && Object.hasOwn(values, secret.name)) files.add(secret.name);
      for (const secret of files) {
        const name = swarmName(this.options.runId, `secret-${secret}`);
        steps.push(
          this.call(`creating secret ${secret}`, () =>
            this.docker.createSecret({ Name: name, Labels: { ...this.labels }, Data: Buffer.from(values[secret], 'utf8').toString('base64') }),
          ).then((created) => {
            this.secretIds.set(secret, { id: (created as { id: string }).id, name });
          }),
        );
      }
      // Every step is waited for before failing: none is left half-made behind a rejection.
      const results = await Promise.allSettled(steps);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    };
    this.setupDone = run();
    this.setupDone.catch(() => undefined);
    return this.setupDone;
  }

  teardown(): Promise<void> {
    // Once: a cancelled run may ask twice; the second waits for the first.
    this.tornDown ??= this.tearDown();
    return this.tornDown;
  }

  private async tearDown(): Promise<void> {
    this.closing = true;
    for (const run of this.attempts.values()) if (!run.done) this.kill(run.attempt.id, 'cancel');
    for (const service of this.services.values()) if (!service.stopped) this.stopService(service.unit.id);
    // The attempts' and services' own work (creation, removal, the last log read), bounded.
    for (let round = 0; round < 5 && this.pending.size > 0; round++) {
      await withTimeout(Promise.allSettled([...this.pending]), 30_000, () => new Error('timeout')).catch(() => undefined);
    }
    this.stopPolling();
    // Attempts still waiting for their service (a manager that did not answer) end as cancelled.
    for (const run of [...this.attempts.values()]) if (!run.done) this.finish(run, run.started ? { status: 'cancelled', message: 'cancelled' } : notStarted(run.killReason ?? 'cancel'));
    await this.removeRest();
  }

  kept(): KeptResources | undefined {
    return undefined;
  }

  keptVolumes(): Record<string, string> {
    return {};
  }

  /** Removes whatever of the run is still on the swarm: services, then (once their tasks are gone) the network, volumes, secrets. */
  private async removeRest(): Promise<void> {
    const filters = JSON.stringify({ label: [`dev.gantry.run=${this.options.runId}`] });
    const services = ((await this.call('listing the run services', () => this.docker.listServices({ filters } as never) as unknown as Promise<unknown>).catch(() => [])) ?? []) as { ID: string }[];
    await Promise.allSettled(services.map((s) => this.docker.getService(s.ID).remove()));
    await this.containersGone(30_000);
    // A network or a volume is refused while a task's container still uses it: retried, bounded.
    const deadline = Date.now() + 30_000;
    const left = new Set<string>([...(this.networkId ? [`network:${this.networkId}`] : []), ...[...this.volumeNames.values()].map((v) => `volume:${v}`)]);
    while (left.size > 0 && Date.now() < deadline) {
      for (const item of [...left]) {
        const [kind, id] = [item.slice(0, item.indexOf(':')), item.slice(item.indexOf(':') + 1)];
        try {
          if (kind === 'network') await this.docker.getNetwork(id).remove();
          else await this.docker.getVolume(id).remove();
          left.delete(item);
        } catch (error) {
          if (isGone(error)) left.delete(item);
        }
      }
      if (left.size > 0) await sleep(250);
    }
    await Promise.allSettled([...this.secretIds.values()].map((s) => this.docker.getSecret(s.id).remove()));
    // By label too: one the manager made after its call had timed out has no id here.
    const [networks, secrets] = await Promise.all([
      (this.docker.listNetworks({ filters } as never) as unknown as Promise<{ Id: string }[]>).catch(() => []),
      (this.docker.listSecrets({ filters } as never) as unknown as Promise<{ ID: string }[]>).catch(() => []),
    ]);
    await Promise.allSettled([...networks.map((n) => this.docker.getNetwork(n.Id).remove()), ...secrets.map((x) => this.docker.getSecret(x.ID).remove())]);
    // Images built in the run, on the home engine.
    for (const unit of this.built) await this.docker.getImage(buildTag(this.options.runId, unit)).remove({ force: true }).catch(() => undefined);
  }

  /**
   * Waits (bounded) until the home engine has no container of the run left: the manager removes a
   * removed service's containers in the background, and the network and volumes are refused until
   * then. Other nodes' agents do the same for theirs.
   */
  private async containersGone(limitMs: number): Promise<void> {
    const filters = JSON.stringify({ label: [`dev.gantry.run=${this.options.runId}`] });
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
      const left = (await this.docker.listContainers({ all: true, filters }).catch(() => [])) as unknown[];
      if (left.length === 0) return;
      await sleep(200);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Attempts

  start(attempt: Attempt, onExit: (outcome: AttemptOutcome) => void, onStarted: () => void): void {
    const run: RunningAttempt = { attempt, onExit, onStarted, started: false, done: false };
    this.attempts.set(attempt.id, run);
    const work = attempt.unit.kind === 'build' ? this.runBuild(run) : this.runAttempt(run);
    this.track(
      work.catch((error: unknown) =>
        this.finish(run, {
          status: run.killReason ? statusFor(run.killReason) : 'failed',
          message: run.killReason && this.closing ? 'cancelled' : `could not run the swarm job: ${this.clean(error)}`,
        }),
      ),
    );
  }

  kill(attemptId: string, reason: KillReason): void {
    const run = this.attempts.get(attemptId);
    if (!run || run.done || run.killReason) return;
    run.killReason = reason;
    run.abort?.abort();
    if (run.service) this.track(this.endAttempt(run, undefined));
    // Not created yet: runAttempt sees killReason and does not create it.
  }

  private async runAttempt(run: RunningAttempt): Promise<void> {
    const { attempt } = run;
    const unit = attempt.unit;
    await this.setupDone;
    if (run.killReason || this.closing) return this.finish(run, notStarted(run.killReason ?? 'cancel'));
    const resolved = resolveAttempt(attempt);
    const marker = unit.spec.outputs.length > 0 ? `::gantry-outputs-${randomBytes(12).toString('hex')}::` : undefined;
    const name = swarmName(this.options.runId, unit.id, randomBytes(3).toString('hex'));
    const spec = await this.serviceSpec(unit, attempt.memory, resolved, 'task', name, attempt.node, marker);
    run.capture = this.capture(unit.id, attempt.number);
    const service = await this.createService(unit, spec, Object.values(resolved.env));
    run.service = service;
    run.name = name;
    run.log = new ServiceLog(service, { capture: run.capture, ...(marker ? { marker } : {}) });
    this.track(run.log.start());
    if (run.killReason || this.closing) return this.endAttempt(run, undefined);
    run.pendingSince = Date.now();
    this.watch({
      serviceId: service.id,
      name,
      onTask: (task) => this.onAttemptTask(run, task),
      onGone: () => this.track(this.endAttempt(run, { ID: '', ServiceID: service.id, Status: { State: 'remove', Err: 'its swarm service was removed outside Gantry' } })),
    });
  }

  private onAttemptTask(run: RunningAttempt, task: SwarmTask): void {
    if (run.done || run.killReason) return;
    const state = task.Status?.State ?? 'unknown';
    if (!run.started && (state === 'running' || state === 'complete' || (state === 'failed' && task.Status?.ContainerStatus?.ContainerID))) {
      run.started = true;
      run.onStarted();
    }
    if (TERMINAL.has(state)) {
      this.unwatch(run.service!.id);
      this.track(this.endAttempt(run, task));
      return;
    }
    // Its node went down: the manager wants the task shut down but hears nothing from it, so it
    // may report `running` for hours. After a grace, the attempt fails (the scheduler may retry).
    if (task.DesiredState === 'shutdown' || task.DesiredState === 'remove') {
      run.orphanedSince ??= Date.now();
      if (Date.now() - run.orphanedSince > (this.options.orphanLimitMs ?? 30_000)) {
        this.unwatch(run.service!.id);
        this.track(this.endAttempt(run, { ...task, Status: { ...task.Status, State: 'orphaned', Err: `its node stopped reporting (the manager wants the task shut down, it still says ${state})` } }));
      }
      return;
    }
    const limit = this.options.pendingLimitMs ?? 120_000;
    if (state === 'pending' && run.pendingSince !== undefined && Date.now() - run.pendingSince > limit) {
      this.unwatch(run.service!.id);
      this.track(this.endAttempt(run, { ...task, Status: { ...task.Status, State: 'rejected', Err: `still pending after ${Math.round(limit / 1000)} s: ${task.Status?.Err || task.Status?.Message || 'no node took it'}` } }));
    }
  }

  /**
   * Ends an attempt: `task` is its last state (undefined when Gantry killed it); the log is read
   * to its end, the outputs taken, the service removed.
   */
  private async endAttempt(run: RunningAttempt, task: SwarmTask | undefined): Promise<void> {
    if (run.done) return;
    const unit = run.attempt.unit;
    if (run.service) this.unwatch(run.service.id);
    if (task === undefined) {
      // Killed: its last lines first (what explains a timeout), then removing the service stops
      // its task (SIGTERM, SIGKILL after the grace).
      await run.log?.finish(2_000);
      await this.removeService(run.service);
      run.capture?.end();
      const reason = run.killReason ?? 'cancel';
      return this.finish(run, run.started ? { status: statusFor(reason), message: killMessage(reason) } : notStarted(reason));
    }
    const outputsText = await run.log!.finish();
    run.capture?.end();
    const status = task.Status ?? {};
    const exitCode = status.ContainerStatus?.ExitCode;
    const state = status.State;
    let outcome: AttemptOutcome;
    if (state === 'complete') {
      outcome = { status: 'succeeded', exitCode: 0 };
    } else if (state === 'rejected' || (state === 'failed' && !status.ContainerStatus?.ContainerID)) {
      const err = this.clean(status.Err || status.Message || 'the node refused the task');
      outcome = { status: 'failed', message: `could not start on its node: ${err}`, ...(IMAGE_PROBLEM.test(err) ? { cause: 'image-unavailable' as const } : {}) };
    } else if (exitCode === 137 && (await this.oomKilled(status.ContainerStatus?.ContainerID, run.attempt.node))) {
      outcome = { status: 'oom', exitCode, message: `out of memory (limit ${formatBytes(run.attempt.memory)})` };
    } else if (exitCode === 137 && run.attempt.node !== undefined && run.attempt.node !== this.options.home && run.attempt.memory > 0) {
      // On another node the manager does not say why the kernel killed it: SIGKILL nobody sent
      // under a memory limit is, as a rule, the OOM killer.
      outcome = { status: 'oom', exitCode, message: `killed (exit 137) under a memory limit of ${formatBytes(run.attempt.memory)} on another node: out of memory, inferred (the manager does not say)` };
    } else {
      outcome = { status: 'failed', ...(exitCode !== undefined ? { exitCode } : {}), message: exitCode !== undefined && exitCode !== 0 ? `exit code ${exitCode}` : this.clean(status.Err || `the task ended ${state}`) };
    }
    if (outputsText !== undefined) {
      const declared = unit.spec.outputs.map((o) => o.name);
      const written = parseOutputs(outputsText, declared);
      const masker = this.options.secrets?.masker;
      const outputs: Record<string, string> = {};
      for (const [key, value] of Object.entries(written)) outputs[key] = masker ? masker.mask(value) : value;
      outcome.outputs = outputs;
      const masked = Object.keys(outputs).filter((key) => outputs[key] !== written[key]);
      if (masked.length > 0) outcome.maskedOutputs = masked;
    }
    this.finish(run, outcome);
    this.track(this.removeService(run.service));
  }

  /** On the home node the engine itself says whether the kernel's OOM killer ended the container. */
  private async oomKilled(containerId: string | undefined, node: string | undefined): Promise<boolean> {
    if (!containerId || (node !== undefined && node !== this.options.home)) return false;
    try {
      const info = (await this.docker.getContainer(containerId).inspect()) as { State?: { OOMKilled?: boolean } };
      return info.State?.OOMKilled === true;
    } catch {
      return false;
    }
  }

  private finish(run: RunningAttempt, outcome: AttemptOutcome): void {
    if (run.done) return;
    run.done = true;
    if (outcome.message) outcome.message = this.mask(outcome.message);
    this.attempts.delete(run.attempt.id);
    try {
      run.onExit(outcome);
    } catch {
      // The scheduler's callback threw: the run goes on.
    }
  }

  // -------------------------------------------------------------------------------------------
  // Builds: on the home engine (core/placement.ts places their users there)

  private async runBuild(run: RunningAttempt): Promise<void> {
    const { attempt } = run;
    const unit = attempt.unit;
    await this.setupDone;
    if (run.killReason || this.closing) return this.finish(run, notStarted(run.killReason ?? 'cancel'));
    const spec = unit.build!.spec;
    const context = resolveBuildContext(spec, { baseDir: this.options.baseDir, policy: this.options.binds.policy }, `Build ${unit.id}`);
    if (!context.ok) return this.finish(run, { status: 'failed', message: context.message });
    const capture = this.capture(unit.id, attempt.number);
    run.started = true;
    run.onStarted();
    const abort = (run.abort = new AbortController());
    try {
      await buildImage(this.docker, { dir: context.dir, dockerfile: context.dockerfile, spec, tag: buildTag(this.options.runId, unit.id), labels: this.labels, unitId: unit.id, capture, signal: abort.signal, env: this.options.env });
      this.built.add(unit.id);
      this.finish(run, { status: 'succeeded', exitCode: 0 });
    } catch (error) {
      if (run.killReason) return this.finish(run, { status: statusFor(run.killReason), message: `the build was stopped (${run.killReason})` });
      this.finish(run, { status: 'failed', message: error instanceof BuildFailed ? error.message : `the image could not be built: ${oneLine(error)}` });
    } finally {
      capture.end();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Services

  startService(unit: Unit, callbacks: ServiceCallbacks, node?: string): void {
    const service: RunningService = { unit, callbacks, state: 'starting', stopped: false };
    this.services.set(unit.id, service);
    this.track(
      this.runService(service, node).catch((error: unknown) => this.serviceFailed(service, `service ${unit.id} could not start: ${this.clean(error)}`)),
    );
  }

  stopService(unitId: string): void {
    const service = this.services.get(unitId);
    if (!service || service.stopped) return;
    service.stopped = true;
    if (service.service) this.unwatch(service.service.id);
    service.log?.close();
    service.capture?.end();
    this.track(this.removeService(service.service));
  }

  private async runService(service: RunningService, node: string | undefined): Promise<void> {
    await this.setupDone;
    if (service.stopped || this.closing) return;
    const unit = service.unit;
    const resolved = resolveAttempt({ unit, needsOutputs: {}, id: `${unit.id}#0`, number: 0, memory: unit.memory });
    const name = swarmName(this.options.runId, unit.id, randomBytes(3).toString('hex'));
    const spec = await this.serviceSpec(unit, unit.memory, resolved, 'service', name, node, undefined);
    service.capture = this.capture(unit.id, 0);
    const created = await this.createService(unit, spec, Object.values(resolved.env));
    service.service = created;
    service.name = name;
    if (service.stopped || this.closing) return void this.track(this.removeService(created));
    service.log = new ServiceLog(created, { capture: service.capture });
    this.track(service.log.start());
    this.watch({
      serviceId: created.id,
      name,
      onTask: (task) => this.onServiceTask(service, task),
      onGone: () => this.serviceFailed(service, 'its swarm service was removed outside Gantry'),
    });
  }

  private onServiceTask(service: RunningService, task: SwarmTask): void {
    if (service.stopped) return;
    const state = task.Status?.State ?? 'unknown';
    // The manager holds a task with a health check in `starting` until the check passes.
    if (state === 'running' && service.state === 'starting') {
      service.state = 'healthy';
      try {
        service.callbacks.healthy();
      } catch {
        // The scheduler's callback threw: the run goes on.
      }
      return;
    }
    if (TERMINAL.has(state)) {
      const code = task.Status?.ContainerStatus?.ExitCode;
      const why = state === 'rejected' ? `its node refused it: ${task.Status?.Err ?? 'rejected'}` : code !== undefined && code !== 0 ? `exited with code ${code}` : task.Status?.Err || `its task ended ${state}`;
      const last = service.capture?.last.get().slice(-5) ?? [];
      const health = service.state === 'starting' && service.unit.spec.health ? ' before its health check passed' : '';
      this.serviceFailed(service, `${why}${health}${last.length > 0 ? `; last output: ${last.join(' | ')}` : ''}`);
    }
  }

  private serviceFailed(service: RunningService, message: string): void {
    if (service.stopped || service.state === 'failed') return;
    service.state = 'failed';
    if (service.service) this.unwatch(service.service.id);
    try {
      service.callbacks.failed(this.mask(this.clean(message)));
    } catch {
      // The scheduler's callback threw: the run goes on.
    }
  }

  // -------------------------------------------------------------------------------------------
  // Service specs

  private async serviceSpec(unit: Unit, memory: number, resolved: ResolvedAttempt, kind: 'task' | 'service', name: string, node: string | undefined, marker: string | undefined): Promise<Record<string, unknown>> {
    const spec = unit.spec;
    const mounts: Record<string, unknown>[] = [{ Type: 'tmpfs', Target: OUTPUT_MOUNT, TmpfsOptions: { Mode: 0o1777 } }];
    for (const mount of spec.volumes) {
      if (mount.kind === 'volume') {
        const volume = this.volumeNames.get(mount.source);
        // The engine would create it silently, unlabelled, on whatever node: a leak. Validation prevents this.
        if (!volume) throw new Error(`volume "${mount.source}" is not declared under volumes:`);
        mounts.push({ Type: 'volume', Source: volume, Target: mount.target, ReadOnly: mount.readOnly });
      } else {
        // A host folder of the machine Gantry runs on: judged as on the local engine; the unit is
        // placed on the home node (core/placement.ts), which must be this machine.
        const bind = resolveBind(mount, { baseDir: this.options.baseDir, policy: this.options.binds.policy, hidden: this.options.binds.hidden }, `${unit.kind} ${unit.id}`);
        if (!bind.ok) throw new Error(`${bind.message} [${bind.code}]`);
        mounts.push({ Type: 'bind', Source: bind.source, Target: mount.target, ReadOnly: mount.readOnly });
        for (const target of bind.covers) mounts.push({ Type: 'tmpfs', Target: target, ReadOnly: true });
      }
    }
    const env: Record<string, string> = { ...resolved.env, GANTRY_OUTPUT: OUTPUT_FILE };
    const values = this.options.secrets?.values ?? {};
    const secrets: Record<string, unknown>[] = [];
    for (const secret of spec.secrets) {
      if (!Object.hasOwn(values, secret.name)) continue;
      if (secret.as === 'env') env[secret.name] = values[secret.name];
      else {
        const made = this.secretIds.get(secret.name);
        if (made) secrets.push({ SecretID: made.id, SecretName: made.name, File: { Name: secret.name, UID: '0', GID: '0', Mode: 0o444 } });
      }
    }
    let command = resolved.entrypoint;
    let args = resolved.command;
    if (marker !== undefined) {
      // The outputs travel through the log: after the command, the marker and the file.
      const argv = await this.argv(unit, resolved);
      env.GANTRY_OUTPUT_MARK = marker;
      command = ['/bin/sh', '-c', '"$@"; s=$?; printf \'\\n%s\\n\' "$GANTRY_OUTPUT_MARK"; cat "$GANTRY_OUTPUT" 2>/dev/null; exit $s', 'gantry-outputs'];
      args = argv;
    }
    const health = kind === 'service' ? spec.health : undefined;
    const nano = Math.round(unit.cpus * 1e9);
    const resources = { ...(nano > 0 ? { NanoCPUs: nano } : {}), ...(memory > 0 ? { MemoryBytes: memory } : {}) };
    const hostNetwork = spec.network === 'host';
    // A port published on a swarm node opens on every interface of that node (host mode has no
    // address): only an address that says so is accepted, never the local default 127.0.0.1.
    const local = kind === 'service' && !hostNetwork ? spec.ports?.find((p) => p.address !== '0.0.0.0') : undefined;
    if (local) {
      throw new Error(`port ${local.host}:${local.container} would be published on every interface of its swarm node, not on ${local.address}: write "0.0.0.0:${local.host}:${local.container}" if that is meant`);
    }
    return {
      Name: name,
      Labels: { ...this.labels, [LABEL_UNIT]: unit.id },
      TaskTemplate: {
        ContainerSpec: {
          Image: this.imageOf(unit),
          ...(command ? { Command: command } : {}),
          ...(args ? { Args: args } : {}),
          Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
          ...(resolved.workdir ? { Dir: resolved.workdir } : {}),
          ...(resolved.user ? { User: resolved.user } : {}),
          Labels: { ...this.labels, [LABEL_UNIT]: unit.id },
          Mounts: mounts,
          ...(secrets.length > 0 ? { Secrets: secrets } : {}),
          Init: true,
          StopGracePeriod: (this.options.killGraceMs ?? 5000) * 1e6,
          ...(spec.capAdd.length > 0 ? { CapabilityAdd: spec.capAdd } : {}),
          ...(kind === 'service' ? { Hostname: spec.name } : {}),
          ...(health
            ? {
                Healthcheck: {
                  Test: health.command ? ['CMD', ...health.command] : ['CMD-SHELL', health.run ?? 'true'],
                  Interval: Math.max(1, health.interval) * 1e6,
                  Timeout: Math.max(1, health.timeout) * 1e6,
                  Retries: health.retries,
                  StartPeriod: health.startPeriod * 1e6,
                },
              }
            : {}),
        },
        // Limits only: Gantry packs the nodes itself. With reservations too, the manager releases a
        // finished task's share late and rejects the next task Gantry placed there ("assigned node
        // no longer meets constraints").
        Resources: { Limits: { ...resources, Pids: 4096 } },
        RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
        Placement: node ? { Constraints: [`node.id==${node}`] } : {},
        Networks: hostNetwork ? [{ Target: 'host' }] : [{ Target: this.networkName, Aliases: [spec.name] }],
        LogDriver: { Name: 'json-file', Options: { 'max-size': '10m', 'max-file': '1' } },
      },
      // A task too is a one-replica service that is never restarted, not a `replicated-job`: the
      // engine leaves a removed job's containers behind on its node (moby/moby#42789), which no
      // call through the manager can remove.
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec:
        kind === 'service' && spec.ports?.length && !hostNetwork
          ? { Mode: 'dnsrr', Ports: spec.ports.map((p) => ({ Protocol: p.protocol, TargetPort: p.container, PublishedPort: p.host, PublishMode: 'host' })) }
          : { Mode: 'dnsrr' },
    };
  }

  /** The whole argv the container would run: the wrapper runs it as `"$@"`. */
  private async argv(unit: Unit, resolved: ResolvedAttempt): Promise<string[]> {
    if (resolved.entrypoint) return [...resolved.entrypoint, ...(resolved.command ?? [])];
    let config: { Entrypoint?: string[] | null; Cmd?: string[] | null } | undefined;
    try {
      config = ((await this.docker.getImage(this.imageOf(unit)).inspect()) as { Config?: typeof config }).Config;
    } catch {
      config = undefined;
    }
    if (!config) {
      // Never a guess: without the image's own entrypoint the wrapper could run another program.
      throw new Error(
        `on Docker Swarm a task with outputs runs its command through /bin/sh after the image's entrypoint, and image ${unit.image} is not on the manager to read it from: pull it there (docker pull ${unit.image}) or give ${unit.id} an entrypoint`,
      );
    }
    return [...(config.Entrypoint ?? []), ...(resolved.command ?? config.Cmd ?? [])];
  }

  private imageOf(unit: Unit): string {
    return unit.build ? buildTag(this.options.runId, unit.build.unit) : normalizeReference(unit.image);
  }

  /** Creates the service, with the registry's credentials when the client has some for its image. */
  private async createService(unit: Unit, spec: Record<string, unknown>, values: readonly string[]): Promise<Dockerode.Service> {
    let auth: Record<string, unknown> | undefined;
    let secrets: string[] = [];
    if (!unit.build) {
      try {
        const found = await findCredentials(registryOf(normalizeReference(unit.image)), { env: this.options.env });
        if (found.auth) auth = { ...found.auth };
        secrets = found.secrets;
      } catch (error) {
        throw new Error(`the registry credentials for ${unit.image} could not be read: ${oneLine(error)}`);
      }
    }
    try {
      const docker = this.docker as Dockerode & { createService(auth: unknown, options: unknown): Promise<Dockerode.Service> };
      const created = auth ? await docker.createService(auth, spec) : await docker.createService(spec as never);
      // dockerode returns a Service whose id is set; make sure.
      return this.docker.getService((created as unknown as { id: string }).id);
    } catch (error) {
      throw new Error(this.mask(redact(redact(oneLine(error), values), secrets)));
    }
  }

  private async removeService(service: Dockerode.Service | undefined): Promise<void> {
    if (!service) return;
    try {
      await withTimeout(service.remove(), 30_000, () => new Error('timeout'));
    } catch {
      // Gone already, or left for teardown's sweep by label.
    }
  }

  // -------------------------------------------------------------------------------------------
  // The one poller of task states

  private watch(entry: Watched): void {
    this.watched.set(entry.serviceId, entry);
    if (!this.polling) {
      this.polling = true;
      this.schedulePoll(0);
    }
  }

  private unwatch(serviceId: string): void {
    this.watched.delete(serviceId);
  }

  private stopPolling(): void {
    this.polling = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  private schedulePoll(delay: number): void {
    this.pollTimer = setTimeout(() => void this.poll(), delay);
  }

  private async poll(): Promise<void> {
    this.pollTimer = undefined;
    if (this.watched.size === 0) {
      this.polling = false;
      return;
    }
    try {
      // One call by the run's label: by service ids the manager looks each one up, and one removed
      // outside Gantry would fail the whole call.
      const filters = JSON.stringify({ label: [`dev.gantry.run=${this.options.runId}`] });
      const tasks = (await withTimeout(this.docker.listTasks({ filters } as never) as unknown as Promise<SwarmTask[]>, 30_000, () => new Error('timeout'))) as SwarmTask[];
      // The newest task of each service: a job has one, a service one at a time.
      const latest = new Map<string, SwarmTask>();
      for (const task of tasks) {
        const seen = latest.get(task.ServiceID);
        if (!seen || (task.CreatedAt ?? '') > (seen.CreatedAt ?? '')) latest.set(task.ServiceID, task);
      }
      for (const [serviceId, task] of latest) {
        const entry = this.watched.get(serviceId);
        if (entry) entry.onTask(task);
      }
      // A service with no task for a while: removed outside Gantry (`docker service rm`, another
      // terminal's `gantry cleanup --force`)? Asked once it has been missing for ~3 s.
      for (const entry of [...this.watched.values()]) {
        if (latest.has(entry.serviceId)) {
          entry.missing = 0;
          continue;
        }
        entry.missing = (entry.missing ?? 0) + 1;
        if (entry.missing % 30 !== 0) continue;
        const gone = await this.docker.getService(entry.serviceId).inspect().then(() => false, (error: unknown) => isGone(error));
        if (gone && this.watched.get(entry.serviceId) === entry) {
          this.unwatch(entry.serviceId);
          entry.onGone();
        }
      }
      this.failingSince = undefined;
    } catch (error) {
      // The manager did not answer this time: the next poll asks again — for a while. A manager
      // gone for good would leave every attempt waiting forever: they fail instead.
      this.failingSince ??= Date.now();
      if (Date.now() - this.failingSince > (this.options.managerLostMs ?? 60_000)) this.managerLost(this.clean(error));
    }
    if (this.watched.size > 0 && this.polling) this.schedulePoll(this.options.pollMs ?? 100);
    else this.polling = false;
  }

  /** Every watched attempt fails, every watched service too: the manager stopped answering. */
  private managerLost(why: string): void {
    const message = `the swarm manager stopped answering (${why})`;
    this.watched.clear();
    for (const run of [...this.attempts.values()]) {
      if (run.done || !run.service) continue;
      run.capture?.end();
      run.log?.close();
      this.finish(run, { status: 'failed', message });
    }
    for (const service of this.services.values()) if (service.service) this.serviceFailed(service, message);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private capture(unitId: string, attempt: number): OutputCapture {
    let file: string | undefined;
    try {
      file = this.options.logs.file?.(unitId, attempt);
    } catch {
      file = undefined;
    }
    return new OutputCapture({
      ...(file ? { filePath: file } : {}),
      capBytes: DEFAULT_LOG_CAP_BYTES,
      ...(this.options.secrets && !this.options.secrets.masker.empty ? { masker: this.options.secrets.masker } : {}),
      onLine: (stream, text) => {
        try {
          this.options.logs.line(unitId, attempt, stream, text);
        } catch {
          // A sink that throws does not stop the run.
        }
      },
    });
  }

  private mask(text: string): string {
    const masker = this.options.secrets?.masker;
    return masker ? masker.mask(text) : text;
  }

  private clean(error: unknown): string {
    return this.mask(oneLine(error instanceof Error ? error.message : error));
  }

  private call<T>(what: string, request: () => Promise<T>): Promise<T> {
    return withTimeout(request(), 30_000, () => new Error(`${what}: the swarm manager did not answer within 30 s`));
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}

function statusFor(reason: KillReason): AttemptStatus {
  return reason === 'timeout' ? 'timeout' : reason === 'cancel' ? 'cancelled' : 'killed';
}

function notStarted(reason: KillReason): AttemptOutcome {
  const why = reason === 'timeout' ? 'timed out before it started' : reason === 'cancel' ? 'cancelled before it started' : 'stopped before it started (fail-fast)';
  return { status: statusFor(reason), message: why };
}

function killMessage(reason: KillReason): string {
  return reason === 'timeout' ? 'timed out: its swarm job was removed' : reason === 'cancel' ? 'cancelled: its swarm job was removed' : 'stopped by fail-fast: its swarm job was removed';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
