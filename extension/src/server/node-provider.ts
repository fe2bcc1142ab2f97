/**
 * Where the server gets a swarm's nodes, for a batch file that runs on one (`capacity.engine:
 * swarm`): the preview then places each unit on a node as `gantry plan` does, and validation
 * gives `exceeds-node` errors. The server depends on this interface only; the engine-backed
 * implementation is swarm-nodes.ts, and tests hand in a plain object (as image-provider.ts).
 */
import type { NodeCapacity } from '../../../core/backend';

/** What the swarm said, or why it could not be asked. */
export type SwarmAnswer =
  | {
      ok: true;
      /** The nodes that can run tasks (`BackendCapacity.nodes`): one entry on a single-node swarm. */
      nodes: NodeCapacity[];
      /** What a container costs there (`BackendCapacity.startOverhead`). Default: the local engine's. */
      startOverhead?: number;
    }
  | {
      ok: false;
      /** One line for people: why the swarm could not be asked (`… is not part of a swarm`, a timeout). */
      problem: string;
    };

export interface NodeProvider {
  /**
   * The swarm's nodes. Never rejects and never waits long (a failure, a timeout: `ok: false`);
   * an implementation may answer from a cache, and asks again once its answer is old.
   */
  nodes(): Promise<SwarmAnswer>;
}

/** No engine to ask (a generic LSP client that turned it off, tests that do not need one). */
export const noNodes: NodeProvider = { nodes: async () => ({ ok: false, problem: 'the editor does not ask the engine' }) };
