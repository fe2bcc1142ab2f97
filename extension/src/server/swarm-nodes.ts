/**
 * The swarm's nodes from the Docker engine the environment points at (`DOCKER_HOST`, else the
 * local socket), for batch files with `capacity.engine: swarm`: the same `capacity()` that
 * `gantry plan --engine swarm` and `gantry run` ask (core/backends/swarm). The backend and the
 * Docker client are imported on first use, so a server that never opens such a file never loads
 * them.
 *
 * Bounded and cached: one question at a time per Docker host, given up after `timeoutMs`; its
 * answer (failures too) kept `ttlMs`, then asked again the next time a file wants it. An engine
 * that is not reachable is normal in an editor (no Docker, a remote workspace), so every failure
 * is an answer (`ok: false`, one line), never an exception.
 */
import type { NodeProvider, SwarmAnswer } from './node-provider';

export interface SwarmNodesOptions {
  /** The environment the Docker client reads (`DOCKER_HOST`, `DOCKER_CERT_PATH`, …). Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How long an answer stays fresh (ms). Default: 30 000. */
  ttlMs?: number;
  /** Give up on the swarm after this long, connecting and listing together (ms). Default: 3 000. */
  timeoutMs?: number;
  /** Clock for the cache (ms). Default: `Date.now`. */
  now?: () => number;
}

/** Longest reason shown in the preview's header. */
const PROBLEM_MAX = 160;

export function swarmNodes(options: SwarmNodesOptions = {}): NodeProvider {
  const env = options.env ?? process.env;
  const ttl = options.ttlMs ?? 30_000;
  const timeout = options.timeoutMs ?? 3_000;
  const now = options.now ?? Date.now;
  // Per Docker host: a server's environment names one, but the key keeps an answer from being
  // taken for another engine's if the environment changes under it.
  const cached = new Map<string, { at: number; answer: Promise<SwarmAnswer> }>();

  return {
    nodes() {
      const host = env.DOCKER_HOST ?? '';
      const known = cached.get(host);
      if (known && now() - known.at <= ttl) return known.answer;
      const answer = ask(env, timeout);
      cached.set(host, { at: now(), answer });
      return answer;
    },
  };
}

async function ask(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<SwarmAnswer> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`no answer within ${timeoutMs / 1000}s`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([connectAndAsk(env, timeoutMs, abort.signal), late]);
  } catch (error) {
    return { ok: false, problem: oneLine(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function connectAndAsk(env: NodeJS.ProcessEnv, timeoutMs: number, signal: AbortSignal): Promise<SwarmAnswer> {
  const { swarmBackend } = await import('../../../core/backends/swarm');
  const connection = await swarmBackend({ connectTimeoutMs: timeoutMs, callTimeoutMs: timeoutMs }).connect({ env, signal });
  try {
    const capacity = await connection.capacity();
    return { ok: true, nodes: capacity.nodes, ...(capacity.startOverhead !== undefined ? { startOverhead: capacity.startOverhead } : {}) };
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** The first line of an error's message, without control characters, cut short. */
function oneLine(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return text.length > PROBLEM_MAX ? `${text.slice(0, PROBLEM_MAX - 1)}…` : text || 'unknown error';
}
