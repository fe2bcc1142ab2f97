/**
 * Hand-built units and small drivers for the Docker executor's integration tests. Plain objects
 * implementing our types: no mocks, the engine is real.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import type { Attempt, AttemptOutcome } from '../core/executor';
import type { HealthCheck, Mount, Unit, UnitSpec } from '../core/model';
import { FILE_START } from '../core/diagnostics';
import { DockerExecutor, type DockerExecutorOptions, type LogSink } from '../core/backends/docker/executor';
import { labelFilter } from '../core/backends/docker/labels';

export const IMAGE = 'busybox:latest';

export interface UnitInit {
  id?: string;
  kind?: 'task' | 'service';
  name?: string;
  image?: string;
  run?: string;
  command?: string[];
  env?: Record<string, string>;
  cpus?: number;
  memory?: number;
  timeout?: number;
  volumes?: string[];
  outputs?: string[];
  secrets?: { name: string; as: 'env' | 'file' }[];
  health?: Partial<HealthCheck>;
  user?: string;
  workdir?: string;
  needsExpression?: boolean;
  /** Unit ids it waits for (the executor only uses them to pick a network slot). */
  needs?: string[];
  privileged?: boolean;
  capAdd?: string[];
  network?: 'host';
}

/** `work:/work:ro` → Mount, as the parser would produce it. */
function mount(text: string): Mount {
  const [source, target, mode] = text.split(':');
  return {
    kind: source.startsWith('.') || source.startsWith('/') ? 'bind' : 'volume',
    source,
    target,
    readOnly: mode === 'ro',
    range: FILE_START,
    sourceRange: FILE_START,
  };
}

export function unit(init: UnitInit): Unit {
  const name = init.name ?? init.id ?? 'task';
  const kind = init.kind ?? 'task';
  const spec: UnitSpec = {
    kind,
    name,
    nameRange: FILE_START,
    range: FILE_START,
    image: init.image ?? IMAGE,
    run: init.run,
    command: init.command,
    env: init.env ?? {},
    workdir: init.workdir,
    user: init.user,
    privileged: init.privileged ?? false,
    capAdd: init.capAdd ?? [],
    network: init.network,
    volumes: (init.volumes ?? []).map(mount),
    cpus: init.cpus ?? 0.5,
    memory: init.memory ?? 64 * 1024 * 1024,
    timeout: init.timeout,
    retries: { count: 0, backoff: 1000, memoryFactor: 2 },
    needs: [],
    matrix: [],
    if: 'success',
    allowFailure: false,
    outputs: (init.outputs ?? []).map((n) => ({ name: n, range: FILE_START })),
    secrets: (init.secrets ?? []).map((s) => ({ name: s.name, as: s.as, range: FILE_START })),
    health: init.health
      ? { interval: 200, timeout: 2000, retries: 3, startPeriod: 0, range: FILE_START, ...init.health }
      : undefined,
    expressions: init.needsExpression
      ? [{ text: '${{ needs.x.outputs.y }}', path: ['needs', 'x', 'outputs', 'y'], range: FILE_START, segmentRanges: [], field: 'run' }]
      : [],
    fields: {},
  };
  return {
    id: init.id ?? name,
    kind,
    spec,
    matrix: {},
    needs: init.needs ?? [],
    cpus: spec.cpus,
    memory: spec.memory,
    estimate: 1000,
    timeout: init.timeout,
    retries: spec.retries,
    if: 'success',
    allowFailure: false,
    image: spec.image,
    run: spec.run,
    command: spec.command,
    env: spec.env,
    workdir: spec.workdir,
  };
}

export function attemptOf(u: Unit, number = 1, needsOutputs: Attempt['needsOutputs'] = {}): Attempt {
  return { id: `${u.id}#${number}`, unit: u, number, memory: u.memory, needsOutputs };
}

/** Starts an attempt and resolves with its outcome (asserting onExit is called exactly once). */
export function run(executor: DockerExecutor, attempt: Attempt): Promise<AttemptOutcome> {
  return new Promise((resolve, reject) => {
    let calls = 0;
    executor.start(attempt, (outcome) => {
      calls++;
      if (calls > 1) reject(new Error(`onExit called ${calls} times`));
      else resolve(outcome);
    });
  });
}

export interface CollectedLine {
  unitId: string;
  attempt: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** A log sink that keeps every line and writes files into a temp folder. */
export function collectingSink(dir = mkdtempSync(join(tmpdir(), 'gantry-logs-'))): LogSink & { lines: CollectedLine[]; dir: string } {
  const lines: CollectedLine[] = [];
  return {
    lines,
    dir,
    line: (unitId, attempt, stream, text) => lines.push({ unitId, attempt, stream, text }),
    file: (unitId, attempt) => join(dir, `${unitId.replace(/[^a-z0-9]+/gi, '_')}-${attempt}.log`),
  };
}

export function testDocker(): Dockerode {
  return new Dockerode({ socketPath: '/var/run/docker.sock' });
}

export function newRunId(): string {
  return `test-${randomBytes(4).toString('hex')}`;
}

export function executor(docker: Dockerode, runId: string, extra: Partial<DockerExecutorOptions> = {}): DockerExecutor {
  return new DockerExecutor({
    docker,
    runId,
    instance: 'gantry-tests',
    baseDir: process.cwd(),
    volumes: [],
    killGraceMs: 1500,
    pullBackoffMs: 50,
    ...extra,
  });
}

/** Everything the engine still has labelled with this run. */
export async function leftovers(docker: Dockerode, runId: string): Promise<{ containers: number; networks: number; volumes: number }> {
  const filters = JSON.stringify(labelFilter({ runId }));
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listNetworks({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return { containers: containers.length, networks: networks.length, volumes: (volumes.Volumes ?? []).length };
}
