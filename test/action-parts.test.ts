/**
 * The action's small parts: inputs and their defaults, the policy per event, masking of multi-line
 * secrets, the log printer's stop-commands stretches and groups, annotation positions.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputs } from '../action/inputs';
import { choosePolicy } from '../action/policy';
import { readRunContext } from '../action/event';
import { maskValues } from '../action/mask';
import { ActionLog } from '../action/logs';
import { cappedDiagnosticAnnotations, diagnosticAnnotations, failureAnnotations } from '../action/annotations';
import { validate } from '../core/validate';
import { failedRun } from './support/action-fixtures';

describe('inputs', () => {
  it('has the documented defaults', () => {
    expect(readInputs(() => '')).toEqual({
      file: 'gantry.yml', only: [], capacity: {}, engine: undefined,
      failFast: false, comment: 'always', githubToken: '', policy: 'auto', passEnv: [], workingDirectory: '.', commentKey: '', baseline: undefined, shard: undefined, mode: 'run', path: '.', shards: undefined, cache: true,
    });
  });
  it('reads lists, numbers and booleans', () => {
    const values: Record<string, string> = { only: 'build, test[shard=1]\nlint\n', parallel: '4', 'fail-fast': 'true', comment: 'on-failure', policy: 'strict' };
    expect(readInputs((n) => values[n] ?? '')).toMatchObject({ only: ['build', 'test[shard=1]', 'lint'], capacity: { parallel: 4 }, failFast: true, comment: 'on-failure', policy: 'strict' });
  });
  it('refuses bad values with the input named', () => {
    expect(() => readInputs((n) => (n === 'comment' ? 'sometimes' : ''))).toThrow('Input "comment" is "sometimes"; expected `always`, `on-failure`, `never`.');
    expect(() => readInputs((n) => (n === 'parallel' ? '0' : ''))).toThrow('Input "parallel" is "0"; expected a whole number of at least 1.');
    expect(() => readInputs((n) => (n === 'fail-fast' ? 'yes' : ''))).toThrow('Input "fail-fast" is "yes"');
    expect(() => readInputs((n) => (n === 'cache' ? 'maybe' : ''))).toThrow('Input "cache" is "maybe"');
  });
});

describe('policy', () => {
  const pr = (fromFork: boolean) => ({ eventName: 'pull_request', pullRequest: { number: 3, fromFork } });
  it('auto is strict for forks, trusted for the repository itself and for pushes', () => {
    expect(choosePolicy('auto', pr(true)).policy).toBe('strict');
    expect(choosePolicy('auto', { ...pr(true), eventName: 'pull_request_target' }).policy).toBe('strict');
    expect(choosePolicy('auto', pr(false)).policy).toBe('trusted');
    expect(choosePolicy('auto', { eventName: 'push' }).policy).toBe('trusted');
    expect(choosePolicy('auto', { eventName: 'pull_request' }).policy).toBe('strict');
    expect(choosePolicy('trusted', pr(true)).policy).toBe('trusted');
  });
  it('reads the fork from the event payload', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-event-'));
    const event = (head: unknown) => {
      writeFileSync(join(dir, 'e.json'), JSON.stringify({ pull_request: { number: 9, head: { repo: head }, base: { repo: { full_name: 'o/r' } } } }));
      return readRunContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'e.json'), GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5' });
    };
    expect(event({ full_name: 'o/r' })).toMatchObject({ owner: 'o', repo: 'r', pullRequest: { number: 9, fromFork: false }, runUrl: 'https://github.com/o/r/actions/runs/5' });
    expect(event({ full_name: 'm/r', fork: true }).pullRequest).toEqual({ number: 9, fromFork: true });
    expect(event(null).pullRequest).toEqual({ number: 9, fromFork: true });
  });
  it('reads the branch and the default branch (for the cache keys)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-event-'));
    writeFileSync(join(dir, 'e.json'), JSON.stringify({ repository: { default_branch: 'trunk' }, pull_request: { number: 9, head: { repo: { full_name: 'o/r' } }, base: { ref: 'trunk', repo: { full_name: 'o/r' } } } }));
    const pr = readRunContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'e.json'), GITHUB_HEAD_REF: 'feature/x', GITHUB_REF_NAME: '9/merge' });
    expect(pr).toMatchObject({ branch: 'feature/x', defaultBranch: 'trunk', pullRequest: { baseRef: 'trunk' } });
    const push = readRunContext({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: join(dir, 'e.json'), GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main' });
    expect(push).toMatchObject({ branch: 'main', defaultBranch: 'trunk' });
    expect(push.pullRequest).toBeUndefined();
    expect(readRunContext({ GITHUB_EVENT_NAME: 'push' })).not.toHaveProperty('branch');
  });
});

describe('masking', () => {
  it('masks a multi-line secret line by line, and the whole', () => {
    const pem = '-----BEGIN KEY-----\nMIIEvQIBADANBg\r\nkqhkiG9w0BAQ\n}\n-----END KEY-----\n';
    expect(maskValues(pem)).toEqual([pem, '-----BEGIN KEY-----', 'MIIEvQIBADANBg', 'kqhkiG9w0BAQ', '-----END KEY-----']);
    expect(maskValues('')).toEqual([]);
    expect(maskValues('abc')).toEqual(['abc']);
  });
});

describe('log printer', () => {
  it('wraps container output in stop-commands with fresh tokens; commands only between stretches', () => {
    const out: string[] = [];
    let n = 0;
    const log = new ActionLog((t) => out.push(t), () => `tok${++n}`);
    const dir = mkdtempSync(join(tmpdir(), 'gantry-log-'));
    writeFileSync(join(dir, 'a.log'), '::set-env name=X::1\nlast line without newline');
    log.line('build', '::add-mask::x');
    log.line('build', 'two');
    log.command(() => out.push('::notice::ours\n'));
    log.group('✅ build: succeeded in 1.0s', join(dir, 'a.log'));
    log.line('test ', 'three');
    log.close();
    expect(out.join('')).toBe([
      '::stop-commands::tok1', 'build | ::add-mask::x', 'build | two', '::tok1::',
      '::notice::ours',
      '::group::✅ build: succeeded in 1.0s', '::stop-commands::tok2', '::set-env name=X::1', 'last line without newline', '::tok2::', '::endgroup::',
      '::stop-commands::tok3', 'test  | three', '::tok3::', '',
    ].join('\n'));
  });
  it('a missing log file is said inside the group, never thrown', () => {
    const out: string[] = [];
    new ActionLog((t) => out.push(t), () => 't').group('x', '/nonexistent/log');
    expect(out.join('')).toMatch(/^::group::x\n::stop-commands::t\n\(log unavailable: ENOENT[^\n]*\n::t::\n::endgroup::\n$/);
  });
});

describe('annotations', () => {
  it('places diagnostics one-based at their range', () => {
    const v = validate('version: 1\ntasks:\n  a:\n    image: busybox\n    run: x\n    needz: [b]\n');
    const annotations = diagnosticAnnotations('ci/gantry.yml', v.diagnostics);
    expect(annotations[0]).toMatchObject({ severity: 'error', file: 'ci/gantry.yml', startLine: 6, startColumn: 5, endLine: 6, endColumn: 9 });
    expect(annotations[0].message).toMatch(/needs.*\[unknown-key\]$/);
  });
  it('places failed tasks at their name, with the reason; allowed failures are warnings', () => {
    const text = 'version: 1\ntasks:\n  build:\n    run: x\n  test:\n    run: y\n  lint:\n    run: z\n  report:\n    run: z\n';
    const v = validate(text);
    const annotations = failureAnnotations('gantry.yml', v.file, failedRun());
    expect(annotations.map((a) => [a.severity, a.startLine, a.message])).toEqual([
      ['error', 5, 'Task test[shard=2] failed: exit code 1 (after 2 attempts)'],
      ['warning', 7, 'Task lint oom: out of memory (limit 64Mi) — allowed to fail'],
    ]);
  });
});

describe('annotations stay within what GitHub shows (10 errors per step)', () => {
  const text = ['version: 1', 'defaults: { image: busybox }', 'tasks:', ...Array.from({ length: 14 }, (_, i) => [`  t${i}:`, '    matrix: { n: [1, 2, 3] }', '    run: x']).flat(), ''].join('\n');
  const v = validate(text);
  const doc = failedRun();
  doc.units = v.graph!.units.map((u) => ({
    id: u.id, kind: 'task', name: u.spec.name, status: 'failed', needs: [], cpus: 1, memory: 1, estimate: 1, allowFailure: false,
    start: 0, end: 1, attempts: [{ number: 1, start: 0, end: 1, memory: 1, outcome: { status: 'failed', exitCode: 1, message: 'exit code 1' } }],
  }));

  it('one annotation per failed task, its matrix expansions together, at most 9 errors (the step summary is the 10th)', () => {
    const annotations = failureAnnotations('gantry.yml', v.file, doc);
    const errors = annotations.filter((a) => a.severity === 'error');
    expect(errors).toHaveLength(9);
    expect(errors[0]).toMatchObject({ title: 'Gantry: t0 ×3 failed', startLine: 4 });
    expect(errors[0].message).toBe("3 of t0's expansions failed:\nTask t0[n=1] failed: exit code 1\nTask t0[n=2] failed: exit code 1\nTask t0[n=3] failed: exit code 1");
    expect(errors[8].message).toMatch(/^…and 6 more \(GitHub shows 10 errors per step\): the job summary lists them all\.$/);
  });

  it('caps validation errors the same way', () => {
    const bad = validate(['version: 1', 'tasks:', ...Array.from({ length: 15 }, (_, i) => [`  t${i}:`, '    image: busybox', '    run: x', `    needs: [nope${i}]`]).flat(), ''].join('\n'));
    const errors = cappedDiagnosticAnnotations('gantry.yml', bad.diagnostics).filter((a) => a.severity === 'error');
    expect(bad.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(10);
    expect(errors).toHaveLength(9);
  });
});

