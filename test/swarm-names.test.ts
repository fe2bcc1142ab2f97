/**
 * Names of swarm services and secrets (core/backends/swarm/executor.ts `swarmName`): swarmkit
 * refuses dots and anything over 63 characters, which ordinary matrix ids and secret names reach.
 */
import { describe, expect, it } from 'vitest';
import { swarmName } from '../core/backends/swarm/executor';

const VALID = /^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/;

describe('swarm names', () => {
  it('are valid for dotted matrix ids, long unit ids and long secret names, and differ per run', () => {
    const names = [
      swarmName('20261206-051658-ce92', 'test[python=3.11]', 'a1b2c3'),
      swarmName('20261206-051658-ce92', 'integration-tests-for-the-payment-service-against-postgres[shard=12]', 'a1b2c3'),
      swarmName('20261206-051658-ce92', 'secret-DOCKERHUB_READONLY_ACCESS_TOKEN_FOR_THE_ORGANISATION_MIRROR'),
      swarmName('my.run.id', 'net'),
      swarmName('r', '[]'),
    ];
    for (const name of names) {
      expect(name).toMatch(VALID);
      expect(name.length).toBeLessThanOrEqual(63);
    }
    expect(names[0]).toContain('test-python-3-11-a1b2c3');
    expect(swarmName('run-a', 'x')).not.toBe(swarmName('run-b', 'x'));
  });
});
