/**
 * `gantry logs` reads run folders it may not have written: a checkout (a fork's pull request can
 * commit `.gantry/runs/`) or a fork's run downloaded as an artifact. A planted run folder must not
 * put escape sequences on the terminal through its name, print another folder's files through a
 * `logs` link (or a `.gantry` / `.gantry/runs` link), nor crash the command with a report of the
 * wrong shape.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-io';

const root = mkdtempSync(join(tmpdir(), 'gantry-trust-logs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder elsewhere with a `.log` file a planted link would reach. */
const outside = join(root, 'outside');
mkdirSync(outside);
writeFileSync(join(outside, 'private.log'), 'TOP-SECRET\n');

function project(): string {
  const dir = mkdtempSync(join(root, 'p-'));
  writeFileSync(join(dir, 'gantry.yml'), 'version: 1\n');
  mkdirSync(join(dir, '.gantry', 'runs'), { recursive: true });
  return dir;
}

describe('gantry logs: a planted run folder', () => {
  it('named with escape sequences is no run: never written to the terminal', async () => {
    const dir = project();
    mkdirSync(join(dir, '.gantry', 'runs', '9999\u001b]0;pwned\u0007\u001b[2J'));
    mkdirSync(join(dir, '.gantry', 'runs', '20260101-000000-abcd'));
    const r = await runCli(['logs', '--list'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\u001b');
    expect(r.stdout).toBe('20260101-000000-abcd\n');
  });

  it('does not print the files a logs link leads to', async () => {
    const dir = project();
    const run = join(dir, '.gantry', 'runs', '99999999-999999-ffff');
    mkdirSync(run);
    symlinkSync(outside, join(run, 'logs'));
    writeFileSync(join(run, 'report.json'), JSON.stringify({ units: [{ id: 'a', name: 'a', kind: 'task', status: 'failed', attempts: [{ number: 1, log: 'logs/private.log' }] }] }));
    const r = await runCli(['logs'], { cwd: dir });
    expect(r.stdout + r.stderr).not.toContain('TOP-SECRET');
  });

  it('is not looked for through a .gantry link', async () => {
    const dir = mkdtempSync(join(root, 'l-'));
    const target = project();
    const run = join(target, '.gantry', 'runs', '99999999-999999-ffff', 'logs');
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'x.log'), 'TOP-SECRET\n');
    symlinkSync(join(target, '.gantry'), join(dir, '.gantry'));
    const r = await runCli(['logs'], { cwd: dir });
    expect(r.stdout + r.stderr).not.toContain('TOP-SECRET');
  });

  it('with a report of the wrong shape: its logs still printed, no crash', async () => {
    const dir = project();
    const run = join(dir, '.gantry', 'runs', '99999999-999999-ffff');
    mkdirSync(join(run, 'logs'), { recursive: true });
    writeFileSync(join(run, 'logs', 'b.1.log'), 'hello from b\n');
    writeFileSync(
      join(run, 'report.json'),
      JSON.stringify({
        units: [
          null,
          { id: 'a', attempts: 5 },
          { id: 'c', attempts: [null, { log: 7 }] },
          { id: 'b', kind: 'service', status: { toString: 1 }, attempts: [{ log: 'logs/b.1.log', number: { a: 1 }, outcome: { status: { toString: 1 } } }] },
        ],
      }),
    );
    const r = await runCli(['logs'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hello from b');
  });
});
