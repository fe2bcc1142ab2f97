/**
 * The swarm Gantry talks to: a Docker engine that is a swarm manager. What it can take is read
 * per node (ready and active nodes only: a drained or down node runs nothing), with each node's
 * labels; the node of the engine itself is "home" (core/backend.ts `NodeCapacity.home`).
 */
import type Dockerode from 'dockerode';
import type { BackendCapacity, NodeCapacity } from '../../backend';
import { GantryError } from '../../diagnostics';
import { withTimeout } from '../docker/engine';

/**
 * What one swarm job costs beyond its own work (ms): the manager's scheduling, the node's
 * container start, the task's state reaching the manager, Gantry's poll of it, the log read and
 * the service's removal. Measured with `npm run bench:run -- --only swarm` on Docker 20.10
 * (2 shared cores): 100 × `sleep 2`, 1 cpu each, took 2.63 s per task beyond its 2 s on one node
 * (2 at once) and 2.75 s on two (4 at once); with 0.5 cpu each (4 at once on one node) 2.03 s.
 * A bare `docker service create` of one such job, polled by the CLI, is 1.3 s. See
 * docs/benchmarks.md ("Swarm").
 */
export const SWARM_START_OVERHEAD_MS = 2600;

interface SwarmInfo {
  /** This engine's node id in the swarm. */
  nodeId: string;
}

interface EngineInfo {
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string };
}

/** Checks that the engine is a manager of an active swarm; a one-line `GantryError` with a hint otherwise. */
export async function swarmInfo(docker: Dockerode, display: string): Promise<SwarmInfo> {
  const info = (await docker.info()) as EngineInfo;
  const swarm = info.Swarm ?? {};
  if (swarm.LocalNodeState !== 'active') {
    throw new GantryError(
      'engine-not-swarm',
      `The Docker engine at ${display} is not part of a swarm (its swarm state is ${swarm.LocalNodeState || 'unknown'}).`,
      undefined,
      'Point DOCKER_HOST at a manager of your swarm, run `docker swarm init` to make this engine one, or run with --engine docker.',
    );
  }
  if (!swarm.ControlAvailable || !swarm.NodeID) {
    throw new GantryError(
      'engine-not-manager',
      `The Docker engine at ${display} is a swarm worker; Gantry needs a manager to place and watch tasks.`,
      undefined,
      'Point DOCKER_HOST at a manager of the swarm (`docker node ls` works there).',
    );
  }
  return { nodeId: swarm.NodeID };
}

interface SwarmNode {
  ID: string;
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
  Spec?: { Availability?: string; Labels?: Record<string, string> };
  Status?: { State?: string; Addr?: string };
}

/**
 * The nodes that can run tasks now (ready, availability active), ordered by id so plans are
 * stable, each with its cpus, memory and labels; the sum as `total`. Throws `engine-no-nodes`
 * when there is none.
 */
export async function swarmCapacity(docker: Dockerode, home: string, timeoutMs = 30_000): Promise<BackendCapacity> {
  const listed = (await withTimeout(docker.listNodes(), timeoutMs, () => new Error('listing the nodes timed out'))) as SwarmNode[];
  const own = listed.find((node) => node.ID === home);
  const nodes: NodeCapacity[] = listed
    .filter((node) => node.Status?.State === 'ready' && (node.Spec?.Availability ?? 'active') === 'active')
    .sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0))
    .map((node) => ({
      id: node.ID,
      name: node.Description?.Hostname || node.Status?.Addr || node.ID.slice(0, 12),
      capacity: {
        cpus: (node.Description?.Resources?.NanoCPUs ?? 0) / 1e9,
        memory: node.Description?.Resources?.MemoryBytes ?? 0,
        parallel: Infinity,
      },
      ...(node.Spec?.Labels && Object.keys(node.Spec.Labels).length > 0 ? { labels: { ...node.Spec.Labels } } : {}),
      ...(node.ID === home ? { home: true } : {}),
    }));
  if (nodes.length === 0) {
    throw new GantryError('engine-no-nodes', 'The swarm has no node that can run tasks (none is ready and active).', undefined, 'Check `docker node ls`: a node must be Ready with availability Active.');
  }
  // Two nodes may report the same host name (clones of one image): the name then carries the id.
  const seen = new Map<string, number>();
  for (const node of nodes) seen.set(node.name, (seen.get(node.name) ?? 0) + 1);
  for (const node of nodes) if ((seen.get(node.name) ?? 0) > 1) node.name = `${node.name} (${node.id.slice(0, 6)})`;
  const total = { cpus: 0, memory: 0, parallel: Infinity };
  for (const node of nodes) {
    total.cpus += node.capacity.cpus;
    total.memory += node.capacity.memory;
  }
  // The manager Gantry talks to may be drained (common in production) or down: the run's volumes,
  // images and host folders are still only there.
  const homeUnavailable = nodes.some((node) => node.home)
    ? undefined
    : `the node Gantry talks to (${own?.Description?.Hostname || home.slice(0, 12)}) is ${own?.Spec?.Availability && own.Spec.Availability !== 'active' ? own.Spec.Availability : `not ready (${own?.Status?.State ?? 'unknown'})`}`;
  return { total, nodes, startOverhead: SWARM_START_OVERHEAD_MS, ...(homeUnavailable ? { homeUnavailable } : {}) };
}
