/**
 * `gantry logs` on a real run's folder: every attempt under a header, filtered by task, expansion
 * or service, `--tail`, `--list`, a clear exit 1 for what the run does not have, container text
 * made inert, and log files named by the readable unit id.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSafeId, LogNames } from '../core/run/log-name';
import { runCli } from './support/cli-io';

const root = mkdtempSync(join(tmpdir(), 'gantry-logs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BATCH = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
services:
  db:
    run: echo "db ready"; exec sleep 30
    health: { run: "true", interval: 200ms }
tasks:
  test:
    needs: [db]
    matrix: { shard: [1, 2] }
    run: |
      echo "shard \${{ matrix.shard }} line 1"
      echo "shard \${{ matrix.shard }} line 2"
      printf 'evil \\033]0;pwned\\007 title\\n'
      [ "\${{ matrix.shard }}" = 1 ]
`;

describe('gantry logs', () => {
  let runId = '';
  beforeAll(async () => {
    writeFileSync(join(root, 'gantry.yml'), BATCH);
    const r = await runCli(['run', 'gantry.yml'], { cwd: root });
    expect(r.code, r.stderr).toBe(1);
    runId = readdirSync(join(root, '.gantry', 'runs'))[0];
  }, 120_000);

  it('names log files by the readable unit id', () => {
    const files = readdirSync(join(root, '.gantry', 'runs', runId, 'logs')).sort();
    expect(files).toEqual(['db.service.log', 'test[shard=1].1.log', 'test[shard=2].1.log']);
  });

  it('prints every log of the newest run under a header', async () => {
    const r = await runCli(['logs'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('==> test[shard=1] · attempt 1 · succeeded (exit 0) · logs/test[shard=1].1.log <==\nshard 1 line 1\nshard 1 line 2\n');
    expect(r.stdout).toContain('==> test[shard=2] · attempt 1 · failed (exit 1)');
    expect(r.stdout).toContain('==> db · service');
    expect(r.stdout).toContain('db ready');
    // The container's escape sequence is shown, not sent to the terminal.
    expect(r.stdout).not.toContain('\x1b]0;');
    expect(r.stdout).toContain('evil ␛]0;pwned␇ title');
  });

  it('filters by task name, expansion, service and run id, and tails', async () => {
    const byName = await runCli(['logs', 'test'], { cwd: root });
    expect(byName.stdout.match(/^==> /gm)).toHaveLength(2);
    const one = await runCli(['logs', runId, 'test[shard=2]', '--tail', '1'], { cwd: root });
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('==> test[shard=2] · attempt 1 · failed (exit 1) · logs/test[shard=2].1.log <==\nevil ␛]0;pwned␇ title\n\n');
    const db = await runCli(['logs', 'db', '--file', join(root, 'gantry.yml')], { cwd: tmpdir() });
    expect(db.stdout).toMatch(/^==> db · service · \w+ · logs\/db\.service\.log <==\ndb ready\n/);
  });

  it('lists runs, and says what is missing with exit 1', async () => {
    expect((await runCli(['logs', '--list'], { cwd: root })).stdout).toBe(`${runId}\n`);
    const missing = await runCli(['logs', 'nope'], { cwd: root });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`run ${runId} has no logs for 'nope' (it has: db, test[shard=1], test[shard=2])`);
    const empty = await runCli(['logs'], { cwd: tmpdir() });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no runs in');
    const usage = await runCli(['logs', '--tail', 'x'], { cwd: root });
    expect(usage.code).toBe(2);
  });

  it('does not follow a link planted in the logs folder', async () => {
    const logs = join(root, '.gantry', 'runs', runId, 'logs');
    writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET\n');
    symlinkSync(join(root, 'secret.txt'), join(logs, 'zz.1.log'));
    const r = await runCli(['logs'], { cwd: root });
    expect(r.stdout).not.toContain('TOP-SECRET');
    rmSync(join(logs, 'zz.1.log'));
  });
});

describe('log file names', () => {
  it('keep the unit id readable and make only unsafe characters safe', () => {
    expect(fileSafeId('test[shard=3]')).toBe('test[shard=3]');
    expect(fileSafeId('build[os=linux,node=20]')).toBe('build[os=linux,node=20]');
    expect(fileSafeId('t[img=a/b:1 x]')).toBe('t[img=a_b_1_x]');
    expect(fileSafeId('..')).toBe('__');
    expect(fileSafeId('')).toBe('_');
  });
  it('never give two units the same file', () => {
    const names = new LogNames();
    expect(names.fileName('t[v=a/b]', 1)).toBe('t[v=a_b].1.log');
    expect(names.fileName('t[v=a:b]', 1)).toBe('t[v=a_b]~2.1.log');
    expect(names.fileName('t[v=a/b]', 2)).toBe('t[v=a_b].2.log');
    expect(names.fileName('T[v=a_b]', 0)).toBe('T[v=a_b]~3.service.log');
  });
});

describe('gantry logs of a task that did not run in the run', () => {
  it('says a cached or taken-over task ran in another run, and how to read its logs there', async () => {
    const dir = mkdtempSync(join(root, 'elsewhere-'));
    const run = join(dir, '.gantry', 'runs', '20250102-120000-cd34');
    mkdirSync(join(run, 'logs'), { recursive: true });
    writeFileSync(join(run, 'logs', 'build.1.log'), 'built\n');
    const unit = (id: string, extra: object) => ({ id, name: id.replace(/\[.*/, ''), kind: 'task', status: 'succeeded', attempts: [], ...extra });
    writeFileSync(
      join(run, 'report.json'),
      JSON.stringify({
        units: [
          unit('build', { attempts: [{ number: 1, log: 'logs/build.1.log', outcome: { status: 'succeeded', exitCode: 0 } }] }),
          unit('deps', { cachedFrom: '20250101-120000-ab12' }),
          unit("test[os=it's]", { resumedFrom: '20250101-110000-ef56' }),
          // A report is data: a "run" that is no run id is not offered as a command.
          unit('evil', { cachedFrom: '$(touch /tmp/x)' }),
        ],
      }),
    );
    const r = await runCli(['logs', '20250102-120000-cd34', 'deps', 'test', 'evil'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("gantry logs: run 20250102-120000-cd34 has no logs for 'deps', 'test', 'evil' (it has: build)");
    expect(r.stderr).toContain('  deps did not run in it: cached (from 20250101-120000-ab12); its logs: gantry logs 20250101-120000-ab12 deps\n');
    expect(r.stderr).toContain(`  test[os=it's] did not run in it: taken over by --resume (from 20250101-110000-ef56); its logs: gantry logs 20250101-110000-ef56 'test[os=it'\\''s]'\n`);
    expect(r.stderr).not.toContain('touch');
  });
});
