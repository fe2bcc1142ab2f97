/**
 * A sharded run end to end: four bundled action processes (`shard: 1/4` … `4/4`, as a job matrix
 * starts them) at the same time on the real Docker engine, against one fake GitHub that checks every
 * request against the OpenAPI description. Together they run every task once, and leave one pull
 * request comment with all four sections (and a check run each), whatever order they finish in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from './support/fake-github';
import { bundleAction } from './support/action-bundle';
import { ACTIONS_BOT } from '../action/github';
import { commentMarker } from '../action/comment';
import { parseFileCommand } from './support/file-command';

const HEAD = 'e'.repeat(40);

interface Step {
  code: number | null;
  stdout: string;
  output: string;
  state: string;
}

describe('four shards of one batch on the real engine', () => {
  let gh: FakeGitHub;
  let ws: string;
  let bundle: { dir: string; main: string; post: string };

  beforeAll(async () => {
    bundle = await bundleAction();
    gh = await new FakeGitHub().start();
    gh.tokens.set('ghs_workflow', { login: ACTIONS_BOT, type: 'Bot' });
    ws = mkdtempSync(join(tmpdir(), 'gantry-shards-e2e-'));
    writeFileSync(join(ws, 'gantry.yml'), [
      'version: 1',
      'name: sharded',
      'defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }',
      'tasks:',
      '  t:',
      '    matrix: { n: [1, 2, 3, 4, 5, 6, 7, 8] }',
      '    estimate: 2s',
      '    run: echo "task ${{ matrix.n }}"; test ${{ matrix.n }} != 5',
      '',
    ].join('\n'));
    writeFileSync(join(ws, 'event.json'), JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, head: { sha: HEAD, repo: { full_name: 'octo/app' } }, base: { ref: 'main', repo: { full_name: 'octo/app' } } } }));
  }, 120_000);

  afterAll(async () => {
    await gh?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
    if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
  });

  function run(script: string, name: string, inputs: Record<string, string>, state = ''): Promise<Step> {
    for (const f of ['output', 'state', 'summary']) writeFileSync(join(ws, `${name}.${f}`), '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ws,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_RUN_ID: '42',
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: gh.url,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(ws, 'event.json'),
      GITHUB_OUTPUT: join(ws, `${name}.output`),
      GITHUB_STATE: join(ws, `${name}.state`),
      GITHUB_STEP_SUMMARY: join(ws, `${name}.summary`),
      RUNNER_NAME: name,
      'INPUT_GITHUB-TOKEN': 'ghs_workflow',
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    for (const [k, v] of Object.entries(parseFileCommand(state))) env[`STATE_${k}`] = v;
    return new Promise((ok) => {
      const child = spawn(process.execPath, [script], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => ok({ code, stdout, output: readFileSync(join(ws, `${name}.output`), 'utf8'), state: readFileSync(join(ws, `${name}.state`), 'utf8') }));
    });
  }

  it('runs every task once across the four, and leaves one comment with four sections', async () => {
    const steps = await Promise.all([1, 2, 3, 4].map((i) => run(bundle.main, `shard${i}`, { file: 'gantry.yml', shard: `${i}/4` })));
    try {
      // Each ran its two tasks; together all eight, once.
      const ran = steps.flatMap((s) => [...s.stdout.matchAll(/^t\[n=(\d)\] started$/gm)].map((m) => Number(m[1])));
      expect(ran.sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(steps.map((s) => s.code).sort()).toEqual([0, 0, 0, 1]);

      const comments = gh.commentsOn('octo/app#7');
      expect(comments, steps.map((s) => s.stdout).join('\n----\n')).toHaveLength(1);
      const body = comments[0].body;
      expect(body.startsWith(commentMarker('gantry.yml'))).toBe(true);
      expect(body).toContain('### Gantry: sharded');
      expect(body).toContain('❌ **failure** · shards done 4/4 · 1 failed: `t[n=5]`');
      for (const i of [1, 2, 3, 4]) expect(body).toMatch(new RegExp(`#### Shard ${i}/4 · (✅ success|❌ failure)`));
      expect(body.match(/#### Shard \d\/4 · ❌ failure/g)).toHaveLength(1);
      expect(body).not.toContain('Not finished yet');
      expect(gh.checkRuns.filter((r) => r.head_sha === HEAD).map((r) => r.name).sort()).toEqual([1, 2, 3, 4].map((i) => `Gantry: gantry.yml (shard ${i}/4)`));
      expect(gh.violations).toEqual([]);
    } finally {
      for (const [i, s] of steps.entries()) await run(bundle.post, `post${i}`, {}, s.state);
    }
    const left = execFileSync('docker', ['ps', '-aq', '--filter', 'label=dev.gantry.run'], { encoding: 'utf8' });
    for (const s of steps) {
      const runId = parseFileCommand(s.state)['run-id'];
      expect(runId).toBeDefined();
      expect(execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.gantry.run=${runId}`], { encoding: 'utf8' }).trim(), left).toBe('');
    }
  }, 240_000);
});
