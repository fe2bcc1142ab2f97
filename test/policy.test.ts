import { describe, expect, it } from 'vitest';
import { checkFile } from '../core/checks/check-file';
import { makeContext } from '../core/checks/context';
import { checkPolicy as policyCheck, isInside } from '../core/checks/policy';
import type { BatchFile, Policy } from '../core/model';
import { isPolicy, POLICIES } from '../core/policy';
import { batch, range, service, task } from './validate-fixtures';

const risky = batch({
  services: [service('svc', 1, { privileged: true, fields: { privileged: { key: range(15, 4, 14), value: range(15, 16, 20) } } })],
  tasks: [
    task('t', 2, {
      network: 'host',
      capAdd: ['NET_ADMIN', 'SYS_ADMIN'],
      fields: { network: { key: range(25, 4, 11), value: range(25, 13, 17) }, 'cap-add': { key: range(26, 4, 11), value: range(26, 13, 35) } },
      volumes: [
        { kind: 'bind', source: '/var/run/docker.sock' },
        { kind: 'bind', source: './src' },
        { kind: 'bind', source: '../secrets' },
        { kind: 'volume', source: 'work' },
        { kind: 'bind', source: '/run/docker.sock' },
        { kind: 'bind', source: './sub/../../x' },
      ],
    }),
  ],
});

/** The policy check as every check runs: on a context made from the file. */
const checkPolicy = (file: BatchFile, policy: Policy, baseDir?: string) => policyCheck(makeContext(file, { policy, baseDir }));

describe('checkPolicy', () => {
  it('allows everything when trusted', () => {
    expect(checkPolicy(risky, 'trusted', '/repo')).toEqual([]);
  });

  it('refuses each risky value at its exact range when strict', () => {
    const diagnostics = checkPolicy(risky, 'strict', '/repo');
    const t = risky.tasks[0];
    expect(diagnostics.map((d) => [d.code, d.range])).toEqual([
      ['policy-privileged', range(15, 16, 20)],
      ['policy-network-host', range(25, 13, 17)],
      ['policy-cap-add', range(26, 13, 35)],
      ['policy-docker-socket', t.volumes[0].sourceRange],
      ['policy-bind-outside', t.volumes[2].sourceRange],
      ['policy-docker-socket', t.volumes[4].sourceRange],
      ['policy-bind-outside', t.volumes[5].sourceRange],
    ]);
    expect(diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(diagnostics[2].message).toContain('NET_ADMIN, SYS_ADMIN');
    expect(diagnostics[4].message).toContain('"../secrets"');
  });

  it('passes a clean file when strict', () => {
    const file = batch({ tasks: [task('t', 1, { volumes: [{ kind: 'bind', source: '.' }, { kind: 'bind', source: '/repo/out' }] })] });
    expect(checkPolicy(file, 'strict', '/repo')).toEqual([]);
  });

  it('is a check among the checks: checkFile reports the same diagnostics, and none by default', () => {
    expect(checkFile(risky, { policy: 'strict', baseDir: '/repo' }).filter((d) => d.code.startsWith('policy-'))).toEqual(checkPolicy(risky, 'strict', '/repo'));
    expect(checkFile(risky).filter((d) => d.code.startsWith('policy-'))).toEqual([]);
    expect(policyCheck(makeContext(risky))).toEqual([]);
  });

  it('judges absolute binds as outside without a folder', () => {
    const file = batch({ tasks: [task('t', 1, { volumes: [{ kind: 'bind', source: '/repo/out' }, { kind: 'bind', source: './in' }] })] });
    expect(checkPolicy(file, 'strict').map((d) => d.code)).toEqual(['policy-bind-outside']);
  });

  it('refuses a socket anywhere, even inside the folder', () => {
    const file = batch({ tasks: [task('t', 1, { volumes: [{ kind: 'bind', source: './docker.sock' }] })] });
    expect(checkPolicy(file, 'strict', '/repo').map((d) => d.code)).toEqual(['policy-docker-socket']);
  });
});

describe('isInside', () => {
  it.each([
    ['.', '/repo', true],
    ['./a/../b', '/repo', true],
    ['./..', '/repo', false],
    ['..', undefined, false],
    ['./..foo', '/repo', true],
    ['/repo', '/repo', true],
    ['/repo/a/../b', '/repo/', true],
    ['/repo/../etc', '/repo', false],
    ['/repository', '/repo', false],
    ['/etc', undefined, false],
    ['/c/repo/x', 'C:\\repo', false],
  ])('%s in %s: %s', (source, base, inside) => {
    expect(isInside(source, base)).toBe(inside);
  });
});

describe('isPolicy', () => {
  it('knows trusted and strict only', () => {
    expect(POLICIES.every(isPolicy)).toBe(true);
    expect(['', 'Strict', 'lenient'].some(isPolicy)).toBe(false);
  });
});
