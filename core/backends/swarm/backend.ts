/**
 * Docker Swarm as a `Backend` (core/backend.ts). Work in progress: connecting works, running does not yet.
 */
import type { Backend, BackendConnection, BackendConnectOptions } from '../../backend';
import { GantryError } from '../../diagnostics';

export interface SwarmBackendOptions {
  /** How long `connect` waits for the manager to answer (ms). Default 10 s. */
  connectTimeoutMs?: number;
}

/** The swarm the Docker client (`DOCKER_HOST` in the connection's `env`) points at: a manager. */
export function swarmBackend(_options: SwarmBackendOptions = {}): Backend {
  return {
    name: 'swarm',
    label: 'the Docker Swarm',
    async connect(_connect: BackendConnectOptions): Promise<BackendConnection> {
      throw new GantryError('engine-unsupported', 'Running on Docker Swarm is not available in this build yet.');
    },
  };
}
