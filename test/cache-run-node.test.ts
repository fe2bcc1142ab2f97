/**
 * The task cache wraps the backend's executor (core/run/cache-run.ts): on several nodes the node
 * the scheduler chose for a service must reach the backend, or a swarm would put it anywhere.
 */
import { describe, expect, it } from 'vitest';
import type { RunExecutor } from '../core/backend';
import { cachingExecutor } from '../core/run/cache-run';
import { unit } from './support/schedule-graph';

describe('caching executor', () => {
  it('hands a service its node', () => {
    const seen: (string | undefined)[] = [];
    const inner: RunExecutor = {
      start: () => undefined,
      kill: () => undefined,
      startService: (_unit, _callbacks, node) => void seen.push(node),
      stopService: () => undefined,
      setup: async () => undefined,
      teardown: async () => undefined,
    };
    const executor = cachingExecutor(inner, { baseDir: '/tmp', batchFile: '/tmp/gantry.yml', runId: 'r', policy: 'trusted', secrets: {}, write: false, notice: () => undefined });
    executor.startService(unit('db', { kind: 'service' }), { healthy: () => undefined, failed: () => undefined }, 'node-2');
    expect(seen).toEqual(['node-2']);
  });
});
