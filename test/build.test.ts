/**
 * `build:` (issue 12): images built in the run, on the real engine through the CLI in-process.
 * The build is a unit of the schedule (`build:NAME`) with its own log and report row; the image
 * is tagged per run and removed after it; a failed build fails its dependents with the builder's
 * error line; under the strict policy the context stays in the batch file's folder, and the
 * archive never follows a link out of it nor reads a FIFO. The Dockerfiles start from the local
 * `busybox:latest`, so the classic builder works offline.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-io';
import { validate } from '../core/validate';
import { parseDockerignore } from '../core/dockerignore';
import { packContext } from '../core/host/build-context';
import { hostname } from 'node:os';
import Dockerode from 'dockerode';
import { sweepLeftovers } from '../core/backends/docker/leftovers';

const root = mkdtempSync(join(tmpdir(), 'gantry-build-'));
const runs: string[] = [];
afterAll(() => {
  // A failed assertion must not leave a run's images or containers behind.
  for (const id of runs) {
    execFileSync('sh', ['-c', `docker ps -aq --filter label=dev.gantry.run=${id} | xargs -r docker rm -f; docker images -q --filter label=dev.gantry.run=${id} | xargs -r docker rmi -f`], { stdio: 'ignore' });
    execFileSync('sh', ['-c', `docker network ls -q --filter label=dev.gantry.run=${id} | xargs -r docker network rm; docker volume ls -q --filter label=dev.gantry.run=${id} | xargs -r docker volume rm`], { stdio: 'ignore' });
  }
  rmSync(root, { recursive: true, force: true });
});

const DOCKERFILE = `FROM busybox:latest AS base
ARG GREETING=none
COPY . /ctx
RUN echo "$GREETING" > /greeting
FROM base AS final
RUN echo final > /final
`;

/** A batch folder with `app/` as the context: a Dockerfile, files kept and ignored, a .dockerignore. */
function batch(yaml: string, marker = 'copied'): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, 'b-'));
  mkdirSync(join(dir, 'app', 'ignored'), { recursive: true });
  mkdirSync(join(dir, 'app', 'deep', 'er'), { recursive: true });
  writeFileSync(join(dir, 'app', 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(dir, 'app', 'Broken.Dockerfile'), 'FROM busybox:latest\nRUN false\n');
  writeFileSync(join(dir, 'app', 'keep.txt'), `${marker}\n`);
  writeFileSync(join(dir, 'app', 'ignored', 'x'), 'no\n');
  writeFileSync(join(dir, 'app', 'ignored', 'wanted.txt'), 'back\n');
  writeFileSync(join(dir, 'app', 'deep', 'er', 'a.tmp'), 'no\n');
  writeFileSync(join(dir, 'app', '.dockerignore'), '# comments are skipped\nignored\n!ignored/wanted.txt\n**/*.tmp\nDockerfile\n');
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  return { dir, file };
}

function runIdOf(stdout: string): string {
  const m = /runs\/([^/\s]+)\/report\.html/.exec(stdout);
  expect(m, stdout).not.toBeNull();
  runs.push(m![1]);
  return m![1];
}

interface ReportUnit {
  id: string;
  kind: string;
  status: string;
  reason?: string;
  attempts: { log?: string }[];
}

function report(dir: string, runId: string): { units: ReportUnit[]; criticalPath?: string[] } {
  return JSON.parse(readFileSync(join(dir, '.gantry', 'runs', runId, 'report.json'), 'utf8')) as { units: ReportUnit[]; criticalPath?: string[] };
}

function log(dir: string, runId: string, unit: ReportUnit): string {
  const file = unit.attempts[0]?.log;
  expect(file, `${unit.id} has a log`).toBeDefined();
  return readFileSync(join(dir, '.gantry', 'runs', runId, file!), 'utf8');
}

function images(runId: string): string[] {
  return execFileSync('docker', ['images', '-q', '--filter', `label=dev.gantry.run=${runId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

const GOOD = `version: 1
tasks:
  check:
    build: { context: ./app, args: { GREETING: hello }, target: base }
    cpus: 0.25
    memory: 32Mi
    run: cat /greeting; ls -a /ctx /ctx/ignored; test ! -e /ctx/ignored/x && test ! -e /ctx/deep/er/a.tmp && test ! -e /final && cat /ctx/keep.txt
`;

describe('build: on the engine', () => {
  it('builds once from a context with .dockerignore, a build arg and a target; the task runs it; the build has its row and log; the per-run tag is removed', async () => {
    const { dir, file } = batch(GOOD);
    const r = await runCli(['run', file], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const runId = runIdOf(r.stdout);
    const doc = report(dir, runId);
    const build = doc.units.find((u) => u.id === 'build:check')!;
    expect(build).toMatchObject({ kind: 'build', status: 'succeeded' });
    const task = doc.units.find((u) => u.id === 'check')!;
    expect(task.status).toBe('succeeded');
    const out = log(dir, runId, task);
    expect(out).toContain('hello'); // the build arg
    expect(out).toContain('copied'); // keep.txt
    expect(out).toContain('wanted.txt'); // the `!` exception inside an ignored folder
    // The builder's output is the build unit's log.
    const buildLog = log(dir, runId, build);
    expect(buildLog).toMatch(/Successfully tagged gantry-.*-check:build/);
    expect(buildLog).not.toContain('echo final'); // the target stage stops the build before the last
    // The Dockerfile was sent although .dockerignore names it (the engine then leaves it out of COPY).
    expect(out).not.toMatch(/^Dockerfile$/m);
    const md = readFileSync(join(dir, '.gantry', 'runs', runId, 'report.md'), 'utf8');
    expect(md).toContain('build:check');
    // The real run's critical path goes through the build, as the plan's does.
    expect(doc.criticalPath).toEqual(['build:check', 'check']);
    // Tagged for this run only, and gone after it.
    expect(images(runId)).toEqual([]);
  }, 120_000);

  it('a failing build fails its dependents with the builder\'s error line; `if: always` tasks that do not use the image still run', async () => {
    const { dir, file } = batch(`version: 1
defaults: { cpus: 0.25, memory: 32Mi }
tasks:
  check:
    build: { context: ./app, dockerfile: Broken.Dockerfile }
    run: echo never
  also:
    build: { context: ./app/, dockerfile: ./Broken.Dockerfile }
    run: echo never
  report:
    image: busybox:latest
    needs: [check]
    if: always
    run: echo reported
`);
    const r = await runCli(['run', file], { cwd: dir });
    expect(r.code).toBe(1);
    const runId = runIdOf(r.stdout);
    const doc = report(dir, runId);
    const byId = new Map(doc.units.map((u) => [u.id, u]));
    // One build for both tasks (the same context, written two ways).
    expect(doc.units.filter((u) => u.kind === 'build').map((u) => u.id)).toEqual(['build:check']);
    const line = "The command '/bin/sh -c false' returned a non-zero code: 1";
    expect(byId.get('build:check')).toMatchObject({ status: 'failed', reason: line });
    for (const id of ['check', 'also']) {
      expect(byId.get(id)).toMatchObject({ status: 'failed', reason: `its image could not be built (build:check): ${line}` });
    }
    expect(byId.get('report')!.status).toBe('succeeded');
    expect(r.stdout).toContain(line);
    expect(images(runId)).toEqual([]);
  }, 120_000);

  it('--keep-failed keeps the built image with the failed task; cleanup --run removes it', async () => {
    const { dir, file } = batch(`version: 1
tasks:
  check:
    build: { context: ./app, target: base }
    cpus: 0.25
    memory: 32Mi
    run: exit 3
`);
    const r = await runCli(['run', file, '--keep-failed'], { cwd: dir });
    expect(r.code).toBe(1);
    const runId = runIdOf(r.stdout);
    expect(images(runId)).toHaveLength(1);
    const c = await runCli(['cleanup', '--run', runId], { cwd: dir });
    expect(c.code, c.stdout + c.stderr).toBe(0);
    expect(images(runId)).toEqual([]);
  }, 120_000);

  it('--fail-fast stops a build under way: the run ends at once, no container or image of it is left', async () => {
    const { dir, file } = batch(`version: 1
tasks:
  slow:
    build: { context: ./app, dockerfile: Slow.Dockerfile }
    run: echo never
  bad:
    image: busybox:latest
    cpus: 0.25
    memory: 32Mi
    run: sleep 2; exit 1
`);
    writeFileSync(join(dir, 'app', 'Slow.Dockerfile'), 'FROM busybox:latest\nRUN sleep 60\n');
    const started = Date.now();
    const r = await runCli(['run', file, '--fail-fast'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    const runId = runIdOf(r.stdout);
    const build = report(dir, runId).units.find((u) => u.id === 'build:slow')!;
    expect(build.status).toBe('cancelled');
    expect(images(runId)).toEqual([]);
    // The builder's own container (RUN sleep 60) went with the aborted request.
    const sleeping = execFileSync('docker', ['ps', '-a', '--no-trunc', '--format', '{{.Command}}'], { encoding: 'utf8' });
    expect(sleeping).not.toContain('sleep 60');
  }, 120_000);

  it('the sweep of dead runs finds and removes a built image a crashed run left alone', async () => {
    const runId = `dead-build-${process.pid}`;
    const instance = `test-${process.pid}`;
    runs.push(runId);
    const dir = mkdtempSync(join(root, 'dead-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:latest\n');
    // As build.ts labels it, owned by a process that is gone (pid 0 never runs a program).
    execFileSync('docker', ['build', '-q', '-t', `gantry-${runId}-x:build`, '--label', `dev.gantry.run=${runId}`, '--label', `dev.gantry.instance=${instance}`, '--label', `dev.gantry.owner=${hostname()}/0/1`, dir], { stdio: 'ignore' });
    expect(images(runId)).toHaveLength(1);
    const result = await sweepLeftovers(new Dockerode(), { instance }, { stateRoot: dir });
    expect(result.removed.map((r) => [r.runId, r.removed.images])).toEqual([[runId, 1]]);
    expect(images(runId)).toEqual([]);
  }, 60_000);

  it('two runs at once each build and run their own image', async () => {
    const a = batch(GOOD, 'first');
    const b = batch(GOOD, 'second');
    const [ra, rb] = await Promise.all([runCli(['run', a.file], { cwd: a.dir }), runCli(['run', b.file], { cwd: b.dir })]);
    expect(ra.code, ra.stdout).toBe(0);
    expect(rb.code, rb.stdout).toBe(0);
    const [ia, ib] = [runIdOf(ra.stdout), runIdOf(rb.stdout)];
    const taskLog = (batchDir: string, id: string) => log(batchDir, id, report(batchDir, id).units.find((u) => u.id === 'check')!);
    expect(taskLog(a.dir, ia)).toContain('first');
    expect(taskLog(a.dir, ia)).not.toContain('second');
    expect(taskLog(b.dir, ib)).toContain('second');
    expect(taskLog(b.dir, ib)).not.toContain('first');
  }, 180_000);

  it('sends links as links and leaves FIFOs out: a link to a file outside the folder does not carry its content', async () => {
    const outside = mkdtempSync(join(root, 'outside-'));
    writeFileSync(join(outside, 'secret'), 'TOPSECRET\n');
    const { dir, file } = batch(`version: 1
tasks:
  check:
    build: { context: ./app, target: base }
    cpus: 0.25
    memory: 32Mi
    run: test -L /ctx/leak && ! grep -q TOPSECRET /ctx/leak && test ! -e /ctx/pipe && echo sandboxed
`);
    symlinkSync(join(outside, 'secret'), join(dir, 'app', 'leak'));
    execFileSync('mkfifo', [join(dir, 'app', 'pipe')]);
    const r = await runCli(['run', file, '--policy', 'strict'], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const runId = runIdOf(r.stdout);
    const doc = report(dir, runId);
    expect(log(dir, runId, doc.units.find((u) => u.id === 'check')!)).toContain('sandboxed');
    expect(log(dir, runId, doc.units.find((u) => u.id === 'build:check')!)).toContain('left out pipe: a FIFO');
  }, 120_000);
});

describe('build: in the file', () => {
  const codes = (text: string, options: Parameters<typeof validate>[1] = {}) =>
    validate(text, options).diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, character: d.range.start.character }));

  it('refuses image beside build, ${{ }} in build, and a Dockerfile outside the context, each at its place', () => {
    expect(codes('version: 1\ntasks:\n  a:\n    image: x\n    build: ./app\n    run: "true"\n')).toEqual([{ code: 'build-with-image', line: 3, character: 4 }]);
    expect(codes('version: 1\ntasks:\n  a:\n    matrix: { v: [1, 2] }\n    build: ./app-${{ matrix.v }}\n    run: "true"\n')).toEqual([
      { code: 'build-expression', line: 4, character: 11 },
    ]);
    expect(codes('version: 1\ntasks:\n  a:\n    build: { context: ./app, dockerfile: ../Dockerfile }\n    run: "true"\n')).toEqual([
      { code: 'build-dockerfile-outside', line: 3, character: 41 },
    ]);
    expect(codes('version: 1\ntasks:\n  a:\n    build: { context: ./app, args: { V: "${{ matrix.v }}" } }\n    matrix: { v: [1] }\n    run: "true"\n')[0]?.code).toBe('build-expression');
    // `build` replaces `image`: no missing-image, and defaults.image does not apply.
    expect(codes('version: 1\ntasks:\n  a:\n    build: ./app\n    run: "true"\n')).toEqual([]);
  });

  it('strict refuses a context outside the folder by its text (editor) and by its real path (CLI), with positions', async () => {
    expect(codes('version: 1\ntasks:\n  a:\n    build: { context: ../elsewhere }\n    run: "true"\n', { policy: 'strict', baseDir: '/w' })).toEqual([
      { code: 'policy-build-outside', line: 3, character: 22 },
    ]);
    expect(codes('version: 1\ntasks:\n  a:\n    build: ../elsewhere\n    run: "true"\n', { policy: 'trusted', baseDir: '/w' })).toEqual([]);
    // A link inside the folder to a folder outside it: only the host sees it.
    const outside = mkdtempSync(join(root, 'outside-'));
    writeFileSync(join(outside, 'Dockerfile'), 'FROM busybox:latest\n');
    const { dir, file } = batch('version: 1\ntasks:\n  a:\n    build: ./linked\n    run: "true"\n');
    symlinkSync(outside, join(dir, 'linked'));
    const r = await runCli(['validate', file, '--policy', 'strict'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/gantry\.yml:4:12: error: Task "a" builds from "\.\/linked", which is .* outside the batch file's folder\. The strict policy refuses it .*\[policy-build-outside\]/);
    // Trusted: allowed.
    expect((await runCli(['validate', file], { cwd: dir })).code).toBe(0);
    // And `gantry run --policy strict` refuses it before anything runs.
    const run = await runCli(['run', file, '--policy', 'strict'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain('policy-build-outside');
    expect(existsSync(join(dir, '.gantry', 'runs')) ? readdirSync(join(dir, '.gantry', 'runs')) : []).toEqual([]);
  });

  it('gantry plan shows one build unit per distinct build, on the critical path, needed by every unit using it', async () => {
    const { dir, file } = batch(`version: 1
defaults: { image: busybox:latest }
services:
  web:
    build: ./app
tasks:
  a:
    build: { context: ./app/ }
    needs: [web]
    run: "true"
  b:
    build: { context: ./app, target: base }
    matrix: { x: [1, 2] }
    run: "true"
  c:
    run: "true"
`);
    const r = await runCli(['plan', file, '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { criticalPath: string[]; tasks: { name: string; kind: string; start: number; end: number }[] };
    const builds = plan.tasks.filter((t) => t.kind === 'build');
    expect(builds.map((t) => t.name)).toEqual(['build:web', 'build:b']);
    // 30 s by default, before what uses them.
    expect(builds[0].end - builds[0].start).toBeCloseTo(30.4, 1);
    const byName = new Map(plan.tasks.map((t) => [t.name, t]));
    expect(byName.get('web')!.start).toBeGreaterThanOrEqual(byName.get('build:web')!.end);
    expect(byName.get('b[x=1]')!.start).toBeGreaterThanOrEqual(byName.get('build:b')!.end);
    expect(plan.criticalPath[0]).toMatch(/^build:/);
    const text = await runCli(['plan', file], { cwd: dir });
    expect(text.stdout).toContain('build:web');
  });

  it('the archive: links as links (a folder link is not walked), FIFOs left out, long names kept (PAX), ignored folders skipped', async () => {
    const dir = mkdtempSync(join(root, 'pack-'));
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'big'), 'no');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:latest\n');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n');
    symlinkSync('/etc', join(dir, 'etc'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const long = `${'d'.repeat(120)}/${'f'.repeat(130)}.txt`;
    mkdirSync(join(dir, 'd'.repeat(120)));
    writeFileSync(join(dir, long), 'long\n');
    const skipped: string[] = [];
    const chunks: Buffer[] = [];
    for await (const chunk of packContext(dir, { dockerfile: 'Dockerfile', onSkip: (m) => skipped.push(m) })) chunks.push(chunk as Buffer);
    const tar = Buffer.concat(chunks);
    const listing = execFileSync('tar', ['-tvf', '-'], { input: tar, encoding: 'utf8' }).split('\n').filter(Boolean);
    const names = listing.map((l) => l.split(/\s+/).slice(5).join(' '));
    expect(names).toEqual(['.dockerignore', 'Dockerfile', `${'d'.repeat(120)}/`, 'etc -> /etc', long]);
    expect(skipped).toEqual(['left out pipe: a FIFO, not a regular file']);
    expect(execFileSync('tar', ['-xOf', '-', long], { input: tar, encoding: 'utf8' })).toBe('long\n');
  });

  it('the archive: a folder swapped for a link to outside while the archive is made is left out, not followed', async () => {
    const outside = mkdtempSync(join(root, 'outside-'));
    writeFileSync(join(outside, 'shadow'), 'TOPSECRET\n');
    const dir = mkdtempSync(join(root, 'race-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:latest\n');
    mkdirSync(join(dir, 'z'));
    writeFileSync(join(dir, 'z', 'shadow'), 'harmless\n');
    // After z in the walk: the archive is still streaming it when z is swapped.
    writeFileSync(join(dir, 'zz.bin'), Buffer.alloc(4 * 1024 * 1024, 1));
    const skipped: string[] = [];
    const chunks: Buffer[] = [];
    let swapped = false;
    for await (const chunk of packContext(dir, { dockerfile: 'Dockerfile', onSkip: (m) => skipped.push(m) })) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      if (!swapped && buffer.length === 512 && buffer.toString('utf8', 0, 7) === 'zz.bin\0') {
        rmSync(join(dir, 'z'), { recursive: true });
        symlinkSync(outside, join(dir, 'z'));
        swapped = true;
      }
    }
    expect(swapped).toBe(true);
    const tar = Buffer.concat(chunks);
    expect(tar.includes('TOPSECRET')).toBe(false);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^left out z\/: /);
  });

  it('.dockerignore: patterns, ** and ! exceptions, last match wins', () => {
    const m = parseDockerignore('# c\n/node_modules/\n**/*.log\n!keep.log\ndocs\n!docs/readme.md\n*.tmp\n');
    expect(m.excluded('node_modules')).toBe(true);
    expect(m.excluded('node_modules/x/y.js')).toBe(true);
    expect(m.excluded('a/b/c.log')).toBe(true);
    expect(m.excluded('c.log')).toBe(true);
    expect(m.excluded('keep.log')).toBe(false);
    expect(m.excluded('docs/guide.md')).toBe(true);
    expect(m.excluded('docs/readme.md')).toBe(false);
    expect(m.excluded('x.tmp')).toBe(true);
    expect(m.excluded('sub/x.tmp')).toBe(false);
    expect(m.excluded('src/main.ts')).toBe(false);
    expect(m.hasExceptions).toBe(true);
  });
});
