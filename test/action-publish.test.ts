/**
 * `mode: publish` (action/publish.ts), the fork pattern's second workflow: the bundled action run as
 * the runner runs it on a `workflow_run` event, reading downloaded reports — untrusted, since a
 * fork's code wrote them — and writing the comment and a check run through the fake GitHub, which
 * checks every request against GitHub's OpenAPI description.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from './support/fake-github';
import { bundleAction } from './support/action-bundle';
import { failedRun, successRun } from './support/action-fixtures';
import { ACTIONS_BOT } from '../action/github';
import { commentMarker } from '../action/comment';
import { readUntrustedReport, ReportRejected } from '../action/publish-report';

const HEAD = 'b'.repeat(40);
let bundle: { dir: string; main: string };
let gh: FakeGitHub;
let ws: string;

beforeAll(async () => {
  bundle = await bundleAction();
  gh = await new FakeGitHub().start();
  gh.tokens.set('ghs_workflow', { login: ACTIONS_BOT, type: 'Bot' });
  gh.tokens.set('ghs_nochecks', { login: ACTIONS_BOT, type: 'Bot', checks: false });
}, 120_000);
afterAll(async () => {
  await gh?.stop();
  if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
});
afterEach(() => {
  expect(gh.violations).toEqual([]);
  gh.comments.length = 0;
  gh.checkRuns.length = 0;
  gh.pulls.length = 0;
  gh.requests.length = 0;
  if (ws) rmSync(ws, { recursive: true, force: true });
});

interface Step {
  code: number | null;
  stdout: string;
  output: string;
}

/** The publishing workflow's step: `workflow_run` of a fork's pull request unless `run` says otherwise. */
function publish(inputs: Record<string, string>, run: Record<string, unknown> = {}, token = 'ghs_workflow'): Promise<Step> {
  const event = {
    action: 'completed',
    workflow_run: { id: 99, head_sha: HEAD, head_branch: 'patch-1', head_repository: { full_name: 'mallory/app', owner: { login: 'mallory' } }, pull_requests: [], html_url: 'https://github.com/octo/app/actions/runs/99', event: 'pull_request', conclusion: 'failure', ...run },
  };
  writeFileSync(join(ws, 'event.json'), JSON.stringify(event));
  writeFileSync(join(ws, 'output'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: gh.url,
    GITHUB_EVENT_NAME: 'workflow_run',
    GITHUB_EVENT_PATH: join(ws, 'event.json'),
    GITHUB_OUTPUT: join(ws, 'output'),
    GITHUB_STEP_SUMMARY: join(ws, 'summary'),
    'INPUT_GITHUB-TOKEN': token,
    INPUT_MODE: 'publish',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((ok) => {
    const child = spawn(process.execPath, [bundle.main], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => ok({ code, stdout, output: readFileSync(join(ws, 'output'), 'utf8') }));
  });
}

function report(dir: string, doc: unknown): void {
  mkdirSync(join(ws, dir), { recursive: true });
  writeFileSync(join(ws, dir, 'report.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
}

const fork = () => gh.pulls.push({ repo: 'octo/app', number: 9, headSha: HEAD, headLabel: 'mallory:patch-1', state: 'open' });

describe('mode: publish', () => {
  it("a fork's sharded run: four downloaded reports → one comment with four sections on the fork's pull request, one check run", async () => {
    ws = mkdtempSync(join(tmpdir(), 'gantry-publish-'));
    fork();
    // Another open pull request from the same branch name but another commit: not ours.
    gh.pulls.push({ repo: 'octo/app', number: 3, headSha: 'c'.repeat(40), headLabel: 'mallory:patch-1', state: 'open' });
    for (const i of [1, 2, 3, 4]) report(`reports/gantry-report-${i}`, i === 3 ? failedRun() : successRun());
    const step = await publish({ path: 'reports', file: 'ci/gantry.yml' });
    expect(step.code, step.stdout).toBe(0);
    expect(gh.commentsOn('octo/app#3')).toHaveLength(0);
    const [comment, ...more] = gh.commentsOn('octo/app#9');
    expect(more).toHaveLength(0);
    expect(comment.body.startsWith(commentMarker('ci/gantry.yml'))).toBe(true);
    for (const i of [1, 2, 3, 4]) expect(comment.body).toContain(`#### Shard ${i}/4`);
    expect(comment.body).toContain('❌ **failure** · shards done 4/4 · 1 failed: `test[shard=2]`');
    expect(comment.body).toContain('commit [`bbbbbbb`](https://github.com/octo/app/commit/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)');
    expect(gh.checkRuns).toHaveLength(1);
    expect(gh.checkRuns[0]).toMatchObject({ name: 'Gantry: ci/gantry.yml', head_sha: HEAD, status: 'completed', conclusion: 'failure' });
    expect(step.output).toMatch(/result<<.*\nfailure\n/);
    expect(step.output).toContain('["test[shard=2]"]');
  }, 60_000);

  it('a same-repository pull request: the number GitHub lists for the run; one report → the usual comment', async () => {
    ws = mkdtempSync(join(tmpdir(), 'gantry-publish-'));
    report('report', successRun());
    const step = await publish({ path: 'report/report.json' }, { pull_requests: [{ number: 7, head: { sha: HEAD } }], head_repository: { full_name: 'octo/app', owner: { login: 'octo' } } });
    expect(step.code, step.stdout).toBe(0);
    expect(gh.commentsOn('octo/app#7')).toHaveLength(1);
    expect(gh.commentsOn('octo/app#7')[0].body).toContain('✅ **success**');
    expect(gh.requests.some((r) => r.operationId === 'pulls/list')).toBe(false);
    expect(gh.checkRuns[0]).toMatchObject({ conclusion: 'success' });
  }, 60_000);

  it('hostile reports: HTML, Markdown, Mermaid and fence breakers, control characters and huge strings come out inert; a malformed report and a planted link are skipped', async () => {
    ws = mkdtempSync(join(tmpdir(), 'gantry-publish-'));
    fork();
    const doc = failedRun() as unknown as { units: Array<Record<string, unknown>>; name: string; extra?: unknown };
    doc.name = '<script>alert(1)</script> [click](https://evil.example) \u001b[31mred';
    doc.extra = { anything: 'ignored' };
    const bad = doc.units.find((u) => u.id === 'test[shard=2]')!;
    const attempts = bad.attempts as Array<{ logTail: string[] }>;
    attempts[1].logTail = ['```', '</details><img src=x onerror=alert(1)>', 'Error: ' + 'A'.repeat(100_000), '\u202eevil'];
    bad.reason = '</details>\n```mermaid\ngantt\nclick x call alert()';
    report('reports/a', doc);
    report('reports/b', { gantry: 1, result: 'success', units: 'not a list' });
    mkdirSync(join(ws, 'reports/c'));
    symlinkSync('/etc/passwd', join(ws, 'reports/c/report.json'));
    const step = await publish({ path: 'reports' });
    expect(step.code, step.stdout).toBe(0);
    expect(step.stdout).toMatch(/::warning title=Gantry%3A report not used::reports\/b\/report.json: units is not a list\./);
    expect(step.stdout).not.toContain('root:');
    const body = gh.commentsOn('octo/app#9')[0].body;
    expect(body).not.toMatch(/<script|<img|\u001b|\u202e/);
    expect(body.match(/<\/details>/g)?.length).toBe(body.match(/<details>/g)?.length);
    expect(body).toContain('&lt;script&gt;');
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).not.toContain('A'.repeat(600));
  }, 60_000);

  it("a pull request pushed to since: no comment on it (the report is another commit's); the check run stays on its commit", async () => {
    ws = mkdtempSync(join(tmpdir(), 'gantry-publish-'));
    gh.pulls.push({ repo: 'octo/app', number: 9, headSha: 'd'.repeat(40), headLabel: 'mallory:patch-1', state: 'open' });
    report('r', successRun());
    const step = await publish({ path: 'r' });
    expect(step.code).toBe(0);
    expect(gh.comments).toHaveLength(0);
    expect(gh.checkRuns).toHaveLength(1);
    expect(step.stdout).toContain('no open pull request has bbbbbbb as its head');
  }, 60_000);

  it('refuses to run on another event, and with no usable report, with one clear error', async () => {
    ws = mkdtempSync(join(tmpdir(), 'gantry-publish-'));
    const none = await publish({ path: 'missing' });
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^::error::No usable report.json under "missing"\./m);
    expect(none.stdout).not.toMatch(/\n\s+at /);
    writeFileSync(join(ws, 'event.json'), '{}');
    const noRun = await publish({ path: '.' }, { head_sha: 'not a sha' });
    expect(noRun.code).toBe(2);
    expect(noRun.stdout).toContain('mode: publish runs on a `workflow_run` event');
  }, 60_000);

  it('without checks: write the comment is still written, with a notice', async () => {
    ws = mkdtempSync(join(tmpdir(), 'gantry-publish-'));
    fork();
    report('r', successRun());
    const step = await publish({ path: 'r' }, {}, 'ghs_nochecks');
    expect(step.code).toBe(0);
    expect(step.stdout).toMatch(/::notice title=Gantry%3A no check run::/);
    expect(gh.commentsOn('octo/app#9')).toHaveLength(1);
  }, 60_000);
});

describe('readUntrustedReport', () => {
  it('keeps what it shows, drops the rest, refuses wrong shapes with the field named', () => {
    const doc = readUntrustedReport(JSON.stringify({ ...failedRun(), capacity: { cpus: 2, memory: 1, parallel: null } }));
    expect(doc.capacity.parallel).toBe(Infinity);
    expect(doc.units.map((u) => u.id)).toEqual(failedRun().units.map((u) => u.id));
    const bad = (patch: Record<string, unknown>) => () => readUntrustedReport(JSON.stringify({ ...failedRun(), ...patch }));
    expect(bad({ gantry: 2 })).toThrow(ReportRejected);
    expect(bad({ result: 'pwned' })).toThrow('result is not one of');
    expect(bad({ makespan: -1 })).toThrow('makespan is negative');
    expect(bad({ units: Array.from({ length: 5001 }, () => ({})) })).toThrow('more than 5000');
    expect(() => readUntrustedReport('{')).toThrow('not JSON');
  });
});
