/**
 * The trust boundary between containers and the host, tried as an attacker would, with the real
 * `gantry` CLI on the real engine: links in bind sources (committed, and made by a task during the
 * run), `$GANTRY_OUTPUT` replaced by a link or a FIFO, links planted where Gantry writes, and two
 * runs in one folder that must not harm each other. Each case here got through before.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CappedLogFile } from '../core/backends/docker/logs';
import { coveredTargets, ensureDirs, readRegularFile, writeNewFile } from '../core/host/files';
import { ownerState, currentOwner } from '../core/host/owner';
import { labelled } from './fixtures/engine';

const repo = join(__dirname, '..');
const cli = join(repo, 'dist', 'cli', 'gantry.js');
const root = mkdtempSync(join(tmpdir(), 'gantry-trust-host-'));

beforeAll(() => {
  execFileSync('node', ['esbuild.mjs', 'cli'], { cwd: repo, stdio: 'ignore' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEAD = 'version: 1\ndefaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }\ntasks:\n';

function batch(yaml: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  return { dir, file };
}

function gantry(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('node', [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
}

/** The text of every file below `dir` (logs and reports of all runs). */
function everything(dir: string): string {
  let text = '';
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) text += readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}

describe('bind sources are judged by their real path', () => {
  it('strict refuses a committed link to the engine socket, to /etc and to a folder outside, with positions', () => {
    const { dir, file } = batch(
      `${HEAD}  a:\n    run: "true"\n    volumes: ["./engine:/var/run/docker.sock", "./etc:/host-etc:ro", "./out:/out"]\n`,
    );
    symlinkSync('/var/run/docker.sock', join(dir, 'engine'));
    symlinkSync('/etc', join(dir, 'etc'));
    const outside = mkdtempSync(join(root, 'outside-'));
    symlinkSync(outside, join(dir, 'out'));
    for (const command of ['validate', 'run']) {
      const r = gantry([command, file, '--policy', 'strict']);
      expect(r.code, r.all).toBe(2);
      expect(r.stderr).toMatch(/gantry\.yml:6:\d+: error: .*"\.\/engine".*\/run\/docker\.sock.* \[policy-docker-socket\]/);
      expect(r.stderr).toMatch(/gantry\.yml:6:\d+: error: .*"\.\/etc", which is \/etc .*outside.* \[policy-bind-outside\]/);
      expect(r.stderr).toMatch(/gantry\.yml:6:\d+: error: .*"\.\/out".*outside.* \[policy-bind-outside\]/);
    }
    expect(existsSync(join(dir, '.gantry'))).toBe(false); // nothing ran
    // Trusted files may bind what they like.
    expect(gantry(['validate', file]).code).toBe(0);
  });

  it('strict refuses a link a task makes during the run, when the next container is created', () => {
    const { dir, file } = batch(
      `${HEAD}  plant:\n    run: "ln -s /etc /w/data"\n    volumes: [".:/w"]\n` +
        `  read:\n    needs: [plant]\n    run: "cat /data/hostname > /w/stolen"\n    volumes: ["./data:/data", ".:/w"]\n`,
    );
    // ./data does not exist when the run starts: only the link `plant` makes is refused.
    const r = gantry(['run', file, '--policy', 'strict']);
    expect(r.code, r.all).toBe(1);
    expect(r.all).toMatch(/read.*"\.\/data", which is \/etc on this machine, outside/);
    expect(existsSync(join(dir, 'stolen'))).toBe(false);
  });

  it('the engine gets the real path: a link inside the folder works, also under strict', () => {
    const { dir, file } = batch(`${HEAD}  a:\n    run: "cat /d/x > /w/copy"\n    volumes: ["./alias:/d:ro", ".:/w"]\n`);
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'x'), 'inside\n');
    symlinkSync('./real', join(dir, 'alias'));
    const r = gantry(['run', file, '--policy', 'strict']);
    expect(r.code, r.all).toBe(0);
    expect(readFileSync(join(dir, 'copy'), 'utf8')).toBe('inside\n');
  });
});

describe('$GANTRY_OUTPUT is read only as the regular file the task was given', () => {
  it('a link to /proc/self/environ or a host file gives no output; a FIFO does not hang the run', () => {
    const marker = `gantry-secret-${Date.now()}`;
    const { dir, file } = batch(
      `${HEAD}  environ:\n    run: "ln -sf /proc/self/environ $GANTRY_OUTPUT"\n    outputs: [PATH]\n` +
        `  passwd:\n    run: "rm $GANTRY_OUTPUT && ln -s /etc/passwd $GANTRY_OUTPUT"\n    outputs: [root]\n` +
        `  fifo:\n    run: "rm $GANTRY_OUTPUT && mkfifo $GANTRY_OUTPUT"\n    outputs: [x]\n` +
        `  show:\n    needs: [environ, passwd, fifo]\n    volumes: [".:/w"]\n` +
        `    run: "echo '[\${{ needs.environ.outputs.PATH }}][\${{ needs.passwd.outputs.root }}][\${{ needs.fifo.outputs.x }}]' > /w/got"\n`,
    );
    const r = gantry(['run', file], { GANTRY_TEST_MARKER: marker });
    expect(r.code, r.all).toBe(0);
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('[][][]\n');
    expect(r.all).not.toContain(marker);
    expect(everything(join(dir, '.gantry'))).not.toContain(marker);
  });
});

describe('values reach tasks as variables a command can quote', () => {
  it('GANTRY_MATRIX_* and GANTRY_NEEDS_* carry hostile values as data, also into a container prepared ahead', () => {
    const { dir, file } = batch(
      `${HEAD}  build:\n    run: "echo 'ver=1.0 $(touch /w/pwned-output)' >> $GANTRY_OUTPUT"\n    outputs: [ver]\n    volumes: [".:/w"]\n` +
        `  use:\n    needs: [build]\n    matrix: { arg: ["$(touch /w/pwned-matrix)", "plain"] }\n    volumes: [".:/w"]\n` +
        `    run: printf '%s|%s\\n' "$GANTRY_MATRIX_ARG" "$GANTRY_NEEDS_BUILD_VER" >> /w/got\n`,
    );
    const r = gantry(['run', file]);
    expect(r.code, r.all).toBe(0);
    const got = readFileSync(join(dir, 'got'), 'utf8').split('\n').filter(Boolean).sort();
    expect(got).toEqual(['$(touch /w/pwned-matrix)|1.0 $(touch /w/pwned-output)', 'plain|1.0 $(touch /w/pwned-output)']);
    expect(readdirSync(dir).filter((n) => n.startsWith('pwned'))).toEqual([]);
  });
});

describe('user takes its matrix value', () => {
  it('user: "${{ matrix.uid }}" reaches the engine substituted', () => {
    const { dir, file } = batch(
      `${HEAD}  who:\n    matrix: { uid: ["1234"] }\n    user: "\${{ matrix.uid }}"\n    run: echo "uid=$(id -u)" >> $GANTRY_OUTPUT\n    outputs: [uid]\n` +
        `  show:\n    needs: [who]\n    volumes: [".:/w"]\n    run: echo "$GANTRY_NEEDS_WHO_UID_1234_UID" > /w/uid\n`,
    );
    const r = gantry(['run', file]);
    expect(r.code, r.all).toBe(0);
    expect(readFileSync(join(dir, 'uid'), 'utf8')).toBe('1234\n');
  });
});

describe('containers never see the run folders', () => {
  it('with the folder bound read-write, .gantry is an empty read-only folder inside the container', () => {
    const { dir, file } = batch(
      `${HEAD}  probe:\n    volumes: [".:/src"]\n    run: |\n` +
        `      ls -A /src/.gantry > /src/listing\n` +
        `      if touch /src/.gantry/x 2>/dev/null; then echo writable > /src/verdict; else echo refused > /src/verdict; fi\n` +
        `      mv /src/.gantry /src/moved 2>/dev/null && echo moved >> /src/verdict || true\n`,
    );
    const r = gantry(['run', file]);
    expect(r.code, r.all).toBe(0);
    expect(readFileSync(join(dir, 'listing'), 'utf8')).toBe('');
    expect(readFileSync(join(dir, 'verdict'), 'utf8')).toBe('refused\n');
    expect(readdirSync(join(dir, '.gantry', 'runs'))).toHaveLength(1);
  });

  it('a bind of the parent folder covers .gantry too; a read-write bind into .gantry is refused', () => {
    const { dir, file } = batch(`${HEAD}  a: { run: "true" }\n`);
    const name = dir.split('/').pop()!;
    writeFileSync(file, `${HEAD}  a:\n    volumes: ["..:/up"]\n    run: "ls -A /up/${name}/.gantry > /up/${name}/listing"\n`);
    const r0 = gantry(['run', file]);
    expect(r0.code, r0.all).toBe(0);
    expect(readFileSync(join(dir, 'listing'), 'utf8')).toBe('');
    const into = batch(`${HEAD}  a:\n    volumes: ["./.gantry:/g"]\n    run: "true"\n`);
    const r = gantry(['run', into.file]);
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toMatch(/read-write into Gantry's run folders/);
    expect(gantry(['run', batch(`${HEAD}  a:\n    volumes: ["./.gantry:/g:ro"]\n    run: "true"\n`).file]).code).toBe(0);
  });

  it('a committed .gantry link (or .gantry/runs link) is refused, and nothing is written through it', () => {
    const target = mkdtempSync(join(root, 'target-'));
    const one = batch(`${HEAD}  a: { run: "true" }\n`);
    symlinkSync(target, join(one.dir, '.gantry'));
    const r = gantry(['run', one.file]);
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toMatch(/\.gantry: it is a symbolic link/);
    const two = batch(`${HEAD}  a: { run: "true" }\n`);
    mkdirSync(join(two.dir, '.gantry'));
    symlinkSync(target, join(two.dir, '.gantry', 'runs'));
    expect(gantry(['run', two.file]).code).toBe(2);
    expect(readdirSync(target)).toEqual([]);
  });

  it('files are created, never written through a link or into a file already there', () => {
    const dir = mkdtempSync(join(root, 'files-'));
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, join(dir, 'link.log'));
    expect(() => new CappedLogFile(join(dir, 'link.log'))).toThrow(/refusing/);
    expect(() => writeNewFile(join(dir, 'link.log'), 'NODE_OPTIONS=--require=/x\n')).toThrow(/refusing/);
    writeNewFile(join(dir, 'link.log'), 'replaced\n', { replace: true }); // the link itself goes
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(readRegularFile(join(dir, 'link.log'), 100)?.toString()).toBe('replaced\n');
    symlinkSync(victim, join(dir, 'out'));
    expect(readRegularFile(join(dir, 'out'), 100)).toBeUndefined();
    symlinkSync(dir, join(dir, 'loop'));
    expect(() => ensureDirs(dir, 'loop', 'x')).toThrow(/symbolic link/);
  });

  it('covers exactly the hidden folders that lie inside a bind', () => {
    expect(coveredTargets('/ws', '/src', ['/ws/.gantry', '/tmp/gantry-r-1'])).toEqual(['/src/.gantry']);
    expect(coveredTargets('/', '/host', ['/ws/.gantry'])).toEqual(['/host/ws/.gantry']);
    expect(coveredTargets('/ws/sub', '/src', ['/ws/.gantry'])).toEqual([]);
  });
});

describe('runs never harm each other', () => {
  const SLOW = `${HEAD}  first: { run: "sleep 3; echo done-first" }\n  second: { needs: [first], run: "echo done-second" }\n`;

  function start(file: string, args: string[] = []) {
    const child = spawn('node', [cli, 'run', file, ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    return { child, output: () => out, exited };
  }

  it('two runs of the same file in one folder, one started while the other runs: both succeed', async () => {
    const { dir, file } = batch(SLOW);
    const a = start(file);
    await until(() => /first/.test(a.output()));
    const b = start(file);
    const [codeA, codeB] = await Promise.all([a.exited, b.exited]);
    expect(codeA, a.output()).toBe(0);
    expect(codeB, b.output()).toBe(0);
    expect(b.output()).not.toMatch(/removed what run/);
    expect(readdirSync(join(dir, '.gantry', 'runs'))).toHaveLength(2);
  });

  it('gantry cleanup leaves a live run alone (--force removes it); after kill -9 it removes the run and its state folder', async () => {
    const { dir, file } = batch(`${HEAD}  long: { run: "sleep 60" }\n`);
    const live = start(file);
    await until(() => runIds(dir).length === 1);
    const runId = runIds(dir)[0];
    await until(() => labelled(`dev.gantry.run=${runId}`).length >= 2);

    const bare = gantry(['cleanup']);
    expect(bare.code, bare.all).toBe(0);
    expect(bare.stdout).toMatch(new RegExp(`run ${runId}: left alone, its gantry process \\d+ is still running`));
    expect(labelled(`dev.gantry.run=${runId}`).length).toBeGreaterThan(0);
    expect(gantry(['cleanup', '--run', runId]).stdout).toMatch(/left alone/);

    live.child.kill('SIGKILL');
    await live.exited;
    expect(stateFolders(runId)).toHaveLength(1);
    const after = gantry(['cleanup']);
    expect(after.code, after.all).toBe(0);
    expect(after.stdout).toMatch(new RegExp(`run ${runId}: removed .*1 state folder.*gantry process \\d+ is gone`));
    expect(labelled(`dev.gantry.run=${runId}`)).toEqual([]);
    expect(stateFolders(runId)).toEqual([]);

    const other = start(file);
    await until(() => runIds(dir).length === 2);
    const otherId = runIds(dir).find((id) => id !== runId)!;
    await until(() => labelled(`dev.gantry.run=${otherId}`).length >= 2);
    const forced = gantry(['cleanup', '--force']);
    expect(forced.stderr).toMatch(/--force: runs still going are removed too/);
    expect(forced.stdout).toMatch(new RegExp(`run ${otherId}: removed`));
    await other.exited;
    expect(labelled(`dev.gantry.run=${otherId}`)).toEqual([]);
  });

  it('an owner is alive while its process runs, gone after, and unknown on another host', () => {
    expect(ownerState(currentOwner())).toBe('alive');
    const child = spawnSync('node', ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const pid = Number(child.stdout.trim());
    expect(ownerState(`${currentOwner().split('/')[0]}/${pid}/`)).toBe('gone');
    expect(ownerState(`${currentOwner().split('/')[0]}/${process.pid}/1`)).toBe('gone'); // pid reused
    expect(ownerState(`elsewhere/${process.pid}/`)).toBe('unknown');
  });
});

/** The ids of the runs started in `dir` (their folders). */
function runIds(dir: string): string[] {
  const runs = join(dir, '.gantry', 'runs');
  return existsSync(runs) ? readdirSync(runs) : [];
}

function stateFolders(runId: string): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`gantry-${runId}-`));
}

async function until(predicate: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
