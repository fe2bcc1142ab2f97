/**
 * The bundled action (main, then post; bundled from the sources as esbuild.mjs does, into a
 * folder of the test's own: see support/action-bundle.ts) run as the runner runs it:
 * inputs as INPUT_*, the file commands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY), a
 * pull_request event, GITHUB_API_URL at a local server checked against GitHub's OpenAPI description
 * — on the real Docker engine, checking afterwards that nothing labelled for the run remains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from './support/fake-github';
import { bundleAction } from './support/action-bundle';
import { ACTIONS_BOT } from '../action/github';
import { commentMarker } from '../action/comment';
import { parseFileCommand } from './support/file-command';

const ROOT = join(__dirname, '..');
let MAIN = '';
let POST = '';
let bundleDir = '';

interface Step {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

function labelled(kind: 'ps -a' | 'network ls' | 'volume ls', runId: string): string[] {
  return execFileSync('docker', [...kind.split(' '), '-q', '--filter', `label=dev.gantry.run=${runId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

function allLabelled(runId: string): string[] {
  return [...labelled('ps -a', runId), ...labelled('network ls', runId), ...labelled('volume ls', runId)];
}

describe('the bundled action on the real engine', () => {
  let gh: FakeGitHub;
  let ws: string;

  beforeAll(async () => {
    execFileSync('bash', ['.ci/setup'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, GANTRY_SETUP_QUIET: '1' } });
    ({ dir: bundleDir, main: MAIN, post: POST } = await bundleAction());
    gh = await new FakeGitHub().start();
    gh.tokens.set('ghs_workflow', { login: ACTIONS_BOT, type: 'Bot' });
    gh.tokens.set('ghs_fork', { login: ACTIONS_BOT, type: 'Bot', canWrite: false });
    ws = mkdtempSync(join(tmpdir(), 'gantry-action-'));
    writeFileSync(join(ws, 'gantry.yml'), [
      'version: 1',
      'name: e2e',
      'defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }',
      'tasks:',
      '  build:',
      '    run: echo building; echo "::warning::issued by a container"; echo "version=1.2.3" >> "$GANTRY_OUTPUT"',
      '    outputs: [version]',
      '  test:',
      '    needs: [build]',
      '    matrix: { shard: [1, 2] }',
      '    run: echo "shard ${{ matrix.shard }} of ${{ needs.build.outputs.version }}"; test ${{ matrix.shard }} = 1',
      '',
    ].join('\n'));
    writeFileSync(join(ws, 'slow.yml'), [
      'version: 1',
      'defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }',
      'volumes: { scratch: {} }',
      'services:',
      '  web:',
      '    run: httpd -f -p 8080',
      '    health: { run: "true", interval: 1s, timeout: 2s, retries: 5 }',
      'tasks:',
      '  long:',
      '    needs: [web]',
      '    volumes: ["scratch:/scratch"]',
      '    run: echo sleeping now; sleep 300',
      '',
    ].join('\n'));
    writeFileSync(join(ws, 'unsafe.yml'), [
      'version: 1',
      'tasks:',
      '  escape:',
      '    image: busybox:latest',
      '    run: docker ps',
      '    privileged: true',
      '    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]',
      '',
    ].join('\n'));
    const pr = (head: string) => JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { repo: { full_name: head } }, base: { repo: { full_name: 'octo/app' } } } });
    writeFileSync(join(ws, 'event-pr.json'), pr('octo/app'));
    writeFileSync(join(ws, 'event-fork.json'), pr('mallory/app'));
  }, 300_000);

  afterAll(async () => {
    await gh?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  /** The runner's environment for one step; `state` is what the main step saved (post reads STATE_*). */
  function stepEnv(name: string, inputs: Record<string, string>, extra: Record<string, string> = {}, state: Record<string, string> = {}): NodeJS.ProcessEnv {
    for (const f of ['output', 'state', 'summary']) writeFileSync(join(ws, `${name}.${f}`), '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ws,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_RUN_ID: '42',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: gh.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(ws, 'event-pr.json'),
      GITHUB_OUTPUT: join(ws, `${name}.output`),
      GITHUB_STATE: join(ws, `${name}.state`),
      GITHUB_STEP_SUMMARY: join(ws, `${name}.summary`),
      RUNNER_NAME: 'e2e-runner',
      'INPUT_GITHUB-TOKEN': 'ghs_workflow',
      ...extra,
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    for (const [k, v] of Object.entries(state)) env[`STATE_${k}`] = v;
    return env;
  }

  function start(script: string, name: string, env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Step>; stdout: () => string } {
    const child = spawn(process.execPath, [script], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stdout += d.toString()));
    const done = new Promise<Step>((ok) =>
      child.on('close', (code) =>
        ok({
          code,
          stdout,
          outputs: parseFileCommand(readFileSync(join(ws, `${name}.output`), 'utf8')),
          state: parseFileCommand(readFileSync(join(ws, `${name}.state`), 'utf8')),
          summary: readFileSync(join(ws, `${name}.summary`), 'utf8'),
        }),
      ),
    );
    return { child, done, stdout: () => stdout };
  }

  const step = (script: string, name: string, env: NodeJS.ProcessEnv) => start(script, name, env).done;

  it('runs the batch on a pull request: log, outputs, summary, comment; post leaves nothing', async () => {
    const main = await step(MAIN, 'run1', stepEnv('run1', { file: 'gantry.yml' }));
    expect(main.code).toBe(1);
    expect(main.outputs).toMatchObject({ result: 'failure', failed: '["test[shard=2]"]' });
    expect(Number(main.outputs.makespan)).toBeGreaterThan(0);
    expect(existsSync(main.outputs.report)).toBe(true);
    expect(JSON.parse(readFileSync(main.outputs.report, 'utf8')).result).toBe('failure');

    // Container output cannot issue commands: every line of it sits inside a stop-commands stretch.
    const lines = main.stdout.split('\n');
    const issued = lines.findIndex((l) => l.includes('::warning::issued by a container'));
    expect(issued).toBeGreaterThan(0);
    let open: string | undefined;
    for (const [i, line] of lines.entries()) {
      const stop = /^::stop-commands::([0-9a-f]{32})$/.exec(line);
      if (stop) open = stop[1];
      else if (open && line === `::${open}::`) open = undefined;
      if (line.includes('issued by a container')) expect(open, `line ${i} outside a stop-commands stretch`).toBeDefined();
    }
    // Each container line once: in its attempt's group, not live as well.
    expect(main.stdout.match(/^building$/gm)).toHaveLength(1);
    expect(main.stdout).toMatch(/^::group::✅ build: succeeded in [\d.]+m?s\n::stop-commands::[0-9a-f]{32}\nbuilding\n/m);
    expect(main.stdout).toMatch(/^build started$/m);
    expect(main.stdout).toMatch(/^::group::❌ test\[shard=2\]: failed in [\d.]+m?s$/m);
    expect(main.stdout).toMatch(/^::error title=Gantry%3A test\[shard=2\] failed,file=gantry.yml,line=8,endLine=8,col=3,endColumn=6::Task test\[shard=2\] failed: exit code 1$/m);

    expect(main.summary).toContain('## Gantry: e2e');
    expect(main.summary).toContain('❌ **failure** · 1 of 3 tasks failed');
    expect(main.summary).toMatch(/\| test\\\[shard=2\\\] \| ❌ failed: exit code 1 \| 1 \|/);
    expect(main.summary).toContain('```mermaid\ngantt');
    expect(main.summary).toContain('**Critical path**');
    expect(main.summary).toMatch(/<summary><b>test\[shard=2\]<\/b>: exit code 1<\/summary>[\s\S]*shard 2 of 1\.2\.3/);

    const comments = gh.commentsOn('octo/app#7');
    expect(comments).toHaveLength(1);
    expect(comments[0].login).toBe(ACTIONS_BOT);
    expect(comments[0].body.startsWith(commentMarker('gantry.yml'))).toBe(true);
    expect(comments[0].body).toContain('[job summary](https://github.com/octo/app/actions/runs/42)');

    const runId = main.state['run-id'];
    expect(runId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    const post = await step(POST, 'post1', stepEnv('post1', {}, {}, main.state));
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`run ${runId} left nothing behind`);
    expect(allLabelled(runId)).toEqual([]);

    // The second run updates the same comment.
    const again = await step(MAIN, 'run2', stepEnv('run2', { file: 'gantry.yml' }));
    expect(again.code).toBe(1);
    expect(gh.commentsOn('octo/app#7').map((c) => c.id)).toEqual([comments[0].id]);
    expect(gh.violations).toEqual([]);
  });

  it('shard: 1/2 and 2/2 at once: each runs its part (and what it needs), together all of it, each in its own comment', async () => {
    writeFileSync(join(ws, 'shards.yml'), [
      'version: 1',
      'defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }',
      'tasks:',
      '  prep: { run: echo prep, estimate: 1s }',
      '  unit: { needs: [prep], matrix: { n: [1, 2, 3, 4] }, run: "echo unit ${{ matrix.n }}", estimate: 2s }',
      '',
    ].join('\n'));
    const [one, two] = await Promise.all([1, 2].map((i) => step(MAIN, `shard${i}`, stepEnv(`shard${i}`, { file: 'shards.yml', shard: `${i}/2` }))));
    expect([one.code, two.code]).toEqual([0, 0]);
    const ran = (s: Step) => (JSON.parse(readFileSync(s.outputs.report, 'utf8')) as { units: Array<{ id: string; status: string }> }).units.filter((u) => u.status === 'succeeded').map((u) => u.id);
    const units = [...ran(one), ...ran(two)].filter((id) => id !== 'prep').sort();
    expect(units).toEqual(['unit[n=1]', 'unit[n=2]', 'unit[n=3]', 'unit[n=4]']);
    expect(ran(one)).toContain('prep');
    expect(ran(two)).toContain('prep');
    expect(one.stdout).toMatch(/^Gantry: shard 1\/2: 3 tasks \(prep, unit\[n=\d\], unit\[n=\d\]\); also runs, shared with other shards: prep$/m);
    const bodies = gh.commentsOn('octo/app#7').map((c) => c.body).filter((b) => b.includes('shards.yml'));
    expect(bodies).toHaveLength(2);
    expect(bodies.some((b) => b.startsWith(commentMarker('shards.yml#shard-1/2')) && b.includes('shows shard 1/2 \\(3 of 5 tasks\\)'))).toBe(true);
    for (const s of [one, two]) await step(POST, `post-${s.state['run-id']}`, stepEnv(`post-${s.state['run-id']}`, {}, {}, s.state));
  });

  it('a fork pull request: strict policy refuses a dangerous file at its lines before any engine call', async () => {
    const main = await step(MAIN, 'fork1', stepEnv('fork1', { file: 'unsafe.yml', policy: 'auto' }, { GITHUB_EVENT_PATH: join(ws, 'event-fork.json'), 'INPUT_GITHUB-TOKEN': 'ghs_fork' }));
    expect(main.code).toBe(2);
    expect(main.stdout).toContain('policy: strict (auto: pull request #7 comes from a fork)');
    expect(main.stdout).toMatch(/^::error title=Gantry%3A [a-z-]+,file=unsafe.yml,line=6,/m);
    expect(main.stdout).toMatch(/^::error title=Gantry%3A [a-z-]+,file=unsafe.yml,line=7,/m);
    expect(main.outputs.result).toBe('failure');
    expect(main.state['run-id']).toBeUndefined();
    expect(main.summary).toContain('invalid batch file');
  });

  it('a fork pull request with a read-only token: a notice, the result unchanged', async () => {
    writeFileSync(join(ws, 'ok.yml'), 'version: 1\ntasks:\n  hello:\n    image: busybox:latest\n    cpus: 0.25\n    memory: 32Mi\n    run: echo hello\n');
    const before = gh.comments.length;
    const main = await step(MAIN, 'fork2', stepEnv('fork2', { file: 'ok.yml' }, { GITHUB_EVENT_PATH: join(ws, 'event-fork.json'), 'INPUT_GITHUB-TOKEN': 'ghs_fork' }));
    expect(main.code).toBe(0);
    expect(main.outputs.result).toBe('success');
    expect(main.stdout).toMatch(/^::notice title=Gantry%3A no pull request comment::The pull request comment could not be written \(GitHub answered 403/m);
    expect(main.summary).toContain('✅ **success**');
    expect(gh.comments.length).toBe(before);
    await step(POST, 'fork2post', stepEnv('fork2post', {}, {}, main.state));
    expect(allLabelled(main.state['run-id'])).toEqual([]);
  });

  it('kill -9 of the main step mid-run: the post step removes everything and reports what it knew', async () => {
    const running = start(MAIN, 'kill', stepEnv('kill', { file: 'slow.yml', comment: 'never' }));
    await waitFor(() => /^long started$/m.test(running.stdout()), 60_000);
    const runId = parseFileCommand(readFileSync(join(ws, 'kill.state'), 'utf8'))['run-id'];
    // The run really is holding resources: a container, its network and its volume. (The task's
    // output is shown only when its attempt ends, so wait for its container rather than its output.)
    await waitFor(() => execFileSync('docker', ['ps', '-q', '--filter', `label=dev.gantry.run=${runId}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length >= 2, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(labelled('ps -a', runId).length).toBeGreaterThanOrEqual(2);
    expect(labelled('network ls', runId).length).toBe(1);
    expect(labelled('volume ls', runId).length).toBeGreaterThanOrEqual(1);
    running.child.kill('SIGKILL');
    const main = await running.done;
    expect(main.code).toBe(null);
    expect(main.state.finished).toBeUndefined();

    const post = await step(POST, 'killpost', stepEnv('killpost', {}, {}, main.state));
    expect(post.code).toBe(0);
    expect(post.stdout).toMatch(new RegExp(`removed what run ${runId} left behind: [1-9]\\d* containers?, 1 network, [1-9]\\d* volumes?`));
    expect(allLabelled(runId)).toEqual([]);
    expect(post.summary).toContain('The main step was stopped before it could report');
    expect(post.summary).toContain('| long |');
  });

  it('cancellation (SIGINT, as the runner sends it): result cancelled, nothing left, within seconds', async () => {
    const running = start(MAIN, 'cancel', stepEnv('cancel', { file: 'slow.yml', comment: 'never' }));
    await waitFor(() => /^long started$/m.test(running.stdout()), 60_000);
    const runId = parseFileCommand(readFileSync(join(ws, 'cancel.state'), 'utf8'))['run-id'];
    running.child.kill('SIGINT');
    const main = await running.done;
    expect(main.code).toBe(130);
    expect(main.outputs.result).toBe('cancelled');
    expect(main.summary).toContain('**cancelled**');
    expect(allLabelled(runId)).toEqual([]);
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
