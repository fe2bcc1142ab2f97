/**
 * The action's Actions-cache round trip (issue 13): the bundled action (main, then post, as the
 * runner runs them: support/action-bundle.ts) on the real engine, with @actions/cache talking to a
 * local cache service that speaks the v2 protocol and checks every request (support/fake-cache.ts).
 * A run saves `.gantry/history`; a run in a fresh workspace restores it and its prediction comes from
 * it; a pull request falls back to the base branch's entry and then finds its own; a fork's run under
 * `pull_request_target` (the base branch's scope) restores but never saves; no service is a debug
 * line; a failing service is a warning and the run succeeds; links in an entry or on the way are
 * never written through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleAction } from './support/action-bundle';
import { FakeCacheService, type CacheScope } from './support/fake-cache';
import { parseFileCommand } from './support/file-command';
import { planCache, type CachePlanInput } from '../action/run-cache';

const ROOT = join(__dirname, '..');
const BATCH = ['version: 1', 'name: learn', 'tasks:', '  work:', '    image: busybox:latest', '    cpus: 0.25', '    memory: 32Mi', '    estimate: 5m', '    run: echo working', ''].join('\n');

interface Step {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
}

interface Run {
  main: Step;
  post: Step;
  ws: string;
}

let bundle = { dir: '', main: '', post: '' };
let service: FakeCacheService;
let scratch = '';

const MAIN_RW: CacheScope[] = [{ scope: 'refs/heads/main', permission: 'read-write' }];
const PR_SCOPES: CacheScope[] = [
  { scope: 'refs/pull/7/merge', permission: 'read-write' },
  { scope: 'refs/heads/main', permission: 'read' },
];

function workspace(text = BATCH): string {
  const ws = mkdtempSync(join(scratch, 'ws-'));
  writeFileSync(join(ws, 'gantry.yml'), text);
  return ws;
}

type Event = { name: 'push' | 'pull_request' | 'pull_request_target'; ref: string; head?: string; fork?: boolean };
const PUSH_MAIN: Event = { name: 'push', ref: 'main' };
const PR_FEATURE: Event = { name: 'pull_request', ref: '7/merge', head: 'feature' };

function stepEnv(ws: string, name: string, event: Event, extra: NodeJS.ProcessEnv, state: Record<string, string> = {}): NodeJS.ProcessEnv {
  for (const f of ['output', 'state', 'summary']) writeFileSync(join(ws, `${name}.${f}`), '');
  const payload = {
    repository: { full_name: 'octo/app', default_branch: 'main' },
    ...(event.name === 'push' ? {} : { number: 7, pull_request: { number: 7, head: { ref: event.head, repo: { full_name: event.fork ? 'mallory/app' : 'octo/app' } }, base: { ref: 'main', repo: { full_name: 'octo/app' } } } }),
  };
  writeFileSync(join(ws, `${name}.event.json`), JSON.stringify(payload));
  const runnerTemp = mkdtempSync(join(scratch, 'runner-temp-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_RUN_ID: '42',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: join(ws, `${name}.event.json`),
    GITHUB_REF: event.name === 'push' ? `refs/heads/${event.ref}` : `refs/pull/${event.ref}`,
    GITHUB_REF_NAME: event.ref,
    ...(event.head ? { GITHUB_HEAD_REF: event.head, GITHUB_BASE_REF: 'main' } : {}),
    GITHUB_OUTPUT: join(ws, `${name}.output`),
    GITHUB_STATE: join(ws, `${name}.state`),
    GITHUB_STEP_SUMMARY: join(ws, `${name}.summary`),
    RUNNER_TEMP: runnerTemp,
    RUNNER_NAME: 'cache-runner',
    INPUT_FILE: 'gantry.yml',
    INPUT_COMMENT: 'never',
    ...extra,
  };
  for (const [k, v] of Object.entries(state)) env[`STATE_${k}`] = v;
  return env;
}

/** The runner's cache variables for a job whose token has `scopes`. */
function serviceEnv(scopes: CacheScope[]): NodeJS.ProcessEnv {
  return { ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RESULTS_URL: service.url, ACTIONS_RUNTIME_TOKEN: service.token(scopes) };
}

function step(script: string, ws: string, name: string, env: NodeJS.ProcessEnv): Promise<Step> {
  const child = spawn(process.execPath, [script], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise<Step>((ok) =>
    child.on('close', (code) =>
      ok({
        code,
        stdout,
        outputs: parseFileCommand(readFileSync(join(ws, `${name}.output`), 'utf8')),
        state: parseFileCommand(readFileSync(join(ws, `${name}.state`), 'utf8')),
      }),
    ),
  );
}

/** Main, then post with the state main saved, in `ws`, as one job. */
async function job(ws: string, event: Event, extra: NodeJS.ProcessEnv, inputs: Record<string, string> = {}): Promise<Run> {
  const withInputs = { ...extra, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])) };
  const main = await step(bundle.main, ws, 'main', stepEnv(ws, 'main', event, withInputs));
  const post = await step(bundle.post, ws, 'post', stepEnv(ws, 'post', event, withInputs, main.state));
  return { main, post, ws };
}

function predicted(run: Run): Record<string, string> {
  const doc = JSON.parse(readFileSync(run.main.outputs.report, 'utf8')) as { units: Array<{ id: string; predicted?: { source: string } }> };
  return Object.fromEntries(doc.units.map((u) => [u.id, u.predicted?.source ?? '']));
}

/** An entry on main to fall back to (the first test makes one; a test run alone makes its own). */
async function mainEntry(): Promise<void> {
  if (service.saved('refs/heads/main').length === 0) expect((await job(workspace(), PUSH_MAIN, serviceEnv(MAIN_RW))).post.stdout).toContain('Gantry: saved');
}

const warnings = (s: Step) => s.stdout.split('\n').filter((l) => /^::(warning|error)/.test(l));

// Each test runs the bundled action several times, each a node process, a cache round trip and containers.
describe('the action and the Actions cache (real @actions/cache, local v2 service, real engine)', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    execFileSync('bash', ['.ci/setup', '--no-e2e'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, GANTRY_SETUP_QUIET: '1' } });
    bundle = await bundleAction();
    service = await new FakeCacheService().start();
    scratch = mkdtempSync(join(tmpdir(), 'gantry-action-cache-'));
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (bundle.dir) rmSync(bundle.dir, { recursive: true, force: true });
  });

  it('saves the history after a run on main; a run in a fresh workspace restores it and predicts from it', async () => {
    const first = await job(workspace(), PUSH_MAIN, serviceEnv(MAIN_RW));
    expect(first.main.code).toBe(0);
    expect(first.main.stdout).toContain('Gantry: nothing learned in earlier runs found in the cache');
    expect(predicted(first)).toEqual({ work: 'estimate' });
    expect(first.post.code).toBe(0);
    expect(first.post.stdout).toMatch(/^Gantry: saved what this run learned to the cache \(gantry-[0-9a-f]{16}-main-\d{8}-\d{6}-[0-9a-f]{4}\)\.$/m);
    expect([...warnings(first.main), ...warnings(first.post)]).toEqual([]);
    const saved = service.saved('refs/heads/main');
    expect(saved).toHaveLength(1);
    expect(saved[0].key).toBe(`${saved[0].key.slice(0, saved[0].key.lastIndexOf('main-') + 5)}${first.main.state['run-id']}`);

    const fresh = workspace();
    expect(existsSync(join(fresh, '.gantry'))).toBe(false);
    const second = await job(fresh, PUSH_MAIN, serviceEnv(MAIN_RW));
    expect(second.main.code).toBe(0);
    expect(second.main.stdout).toContain(`Gantry: restored what earlier runs learned from the cache (${saved[0].key}).`);
    expect(predicted(second)).toEqual({ work: 'history' });
    // The restored history holds the first run, the second run appended to it.
    const history = readFileSync(join(fresh, '.gantry', 'history', 'gantry.yml.jsonl'), 'utf8');
    expect(history).toContain(first.main.state['run-id']);
    expect(history).toContain(second.main.state['run-id']);
    expect(service.saved('refs/heads/main')).toHaveLength(2);
    expect([...warnings(second.main), ...warnings(second.post)]).toEqual([]);
    expect(service.calls.filter((c) => c === 'GET blob')).toHaveLength(1);
    expect(service.violations).toEqual([]);
  });

  it("a pull request falls back to main's entry, saves under its own ref, and then finds its own first", async () => {
    await mainEntry();
    const mainKeys = service.saved('refs/heads/main').map((e) => e.key);
    expect(mainKeys.length).toBeGreaterThan(0);
    const pr = await job(workspace(), PR_FEATURE, serviceEnv(PR_SCOPES));
    expect(pr.main.code).toBe(0);
    expect(pr.main.stdout).toContain(`Gantry: restored what earlier runs learned from the cache (${mainKeys.at(-1)}).`);
    expect(predicted(pr)).toEqual({ work: 'history' });
    const own = service.saved('refs/pull/7/merge');
    expect(own).toHaveLength(1);
    expect(own[0].key).toMatch(/^gantry-[0-9a-f]{16}-feature-/);
    // main's scope got nothing from the pull request.
    expect(service.saved('refs/heads/main').map((e) => e.key)).toEqual(mainKeys);

    const again = await job(workspace(), PR_FEATURE, serviceEnv(PR_SCOPES));
    expect(again.main.stdout).toContain(`Gantry: restored what earlier runs learned from the cache (${own[0].key}).`);
    // A token without the pull request's ref (another pull request) never sees its entries.
    const other = await job(workspace(), { name: 'pull_request', ref: '8/merge', head: 'feature' }, serviceEnv([{ scope: 'refs/pull/8/merge', permission: 'read-write' }]));
    expect(other.main.stdout).toContain('Gantry: nothing learned in earlier runs found in the cache');
    expect(service.violations).toEqual([]);
  });

  it("a fork's pull_request_target run (main's scope, strict): restores, never saves", async () => {
    await mainEntry();
    const before = service.entries.length;
    const calls = service.calls.length;
    const fork = await job(workspace(), { name: 'pull_request_target', ref: 'main', head: 'feature', fork: true }, serviceEnv(MAIN_RW));
    expect(fork.main.stdout).toContain('policy: strict (auto: pull request #7 comes from a fork)');
    expect(fork.main.code).toBe(0);
    expect(fork.main.stdout).toContain('Gantry: what this run learns is not saved to the cache: the strict policy');
    expect(predicted(fork)).toEqual({ work: 'history' });
    expect(fork.main.state.cache).toBeUndefined();
    expect(fork.post.code).toBe(0);
    expect(service.entries.length).toBe(before);
    expect(service.calls.slice(calls)).toEqual(['GetCacheEntryDownloadURL', 'GET blob']);
    expect(service.violations).toEqual([]);
  });

  it('saves after a failed run and after a cancelled one (SIGINT, as the runner cancels): what they learned is restored', async () => {
    const events: Event = { name: 'push', ref: 'failing' };
    const scopes = serviceEnv([{ scope: 'refs/heads/failing', permission: 'read-write' }]);
    const failed = await job(workspace(BATCH.replace('echo working', 'echo working; exit 3')), events, scopes);
    expect(failed.main.code).toBe(1);
    expect(failed.post.stdout).toContain('Gantry: saved what this run learned');

    const ws = workspace(BATCH.replace('echo working', 'echo working; sleep 300'));
    const env = stepEnv(ws, 'main', events, scopes);
    const child = spawn(process.execPath, [bundle.main], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const closed = new Promise<number | null>((ok) => child.on('close', ok));
    const deadline = Date.now() + 60_000;
    while (!/^work started$/m.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(stdout, 'the task never started').toMatch(/^work started$/m);
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    // The restore found the failed run's entry before this run started.
    expect(stdout).toContain('Gantry: restored what earlier runs learned from the cache');
    const state = parseFileCommand(readFileSync(join(ws, 'main.state'), 'utf8'));
    const post = await step(bundle.post, ws, 'post', stepEnv(ws, 'post', events, scopes, state));
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('Gantry: saved what this run learned');

    const fresh = await job(workspace(), events, scopes);
    expect(fresh.main.code).toBe(0);
    const history = readFileSync(join(fresh.ws, '.gantry', 'history', 'gantry.yml.jsonl'), 'utf8');
    expect(history).toContain(failed.main.state['run-id']);
    expect(history).toContain(state['run-id']);
    expect(history).toMatch(/"result":"failed"/);
    expect(history).toMatch(/"result":"cancelled"/);
    expect(service.violations).toEqual([]);
  });

  it("the task cache travels too: a fresh workspace's run takes the task from the restored .gantry/cache", async () => {
    const text = ['version: 1', 'tasks:', '  gen:', '    image: busybox:latest', '    cpus: 0.25', '    memory: 32Mi', '    run: echo generating; echo "v=42" >> "$GANTRY_OUTPUT"', '    outputs: [v]', '    cache: { key: [input.txt] }', '  use:', '    needs: [gen]', '    image: busybox:latest', '    cpus: 0.25', '    memory: 32Mi', '    run: test "${{ needs.gen.outputs.v }}" = 42', ''].join('\n');
    const events: Event = { name: 'push', ref: 'taskcache' };
    const scopes = serviceEnv([{ scope: 'refs/heads/taskcache', permission: 'read-write' }]);
    const fresh = () => {
      const ws = workspace(text);
      writeFileSync(join(ws, 'input.txt'), 'same input\n');
      return ws;
    };
    const first = await job(fresh(), events, scopes);
    expect(first.main.code).toBe(0);
    expect(first.post.stdout).toContain('Gantry: saved what this run learned');
    const second = await job(fresh(), events, scopes);
    expect(second.main.code).toBe(0);
    expect(second.main.stdout).toContain('Gantry: restored what earlier runs learned from the cache');
    const doc = JSON.parse(readFileSync(second.main.outputs.report, 'utf8')) as { units: Array<{ id: string; status: string; cachedFrom?: string }> };
    expect(doc.units.find((u) => u.id === 'gen')).toMatchObject({ cachedFrom: first.main.state['run-id'] });
    // Its recorded output reached the dependent (which checks the value).
    expect(doc.units.find((u) => u.id === 'use')).toMatchObject({ status: 'succeeded' });
    expect(second.main.stdout).not.toMatch(/^generating$/m);
    expect(service.violations).toEqual([]);
  });

  it('without a cache service (locally, or no ACTIONS_RUNTIME_TOKEN): a debug line, no warning; cache: false: not even that', async () => {
    const calls = service.calls.length;
    const none = await job(workspace(), PUSH_MAIN, { ACTIONS_RESULTS_URL: service.url, ACTIONS_CACHE_SERVICE_V2: 'True' });
    expect(none.main.code).toBe(0);
    expect(none.main.stdout).toMatch(/^::debug::Gantry: the cache is not used: no cache service \(ACTIONS_RUNTIME_TOKEN is not set\)$/m);
    expect([...warnings(none.main), ...warnings(none.post)]).toEqual([]);
    const off = await job(workspace(), PUSH_MAIN, serviceEnv(MAIN_RW), { cache: 'false' });
    expect(off.main.code).toBe(0);
    expect(off.main.stdout).toContain('::debug::Gantry: the cache is not used: the cache input is false');
    expect(service.calls.length).toBe(calls);
    const bad = await job(workspace(), PUSH_MAIN, serviceEnv(MAIN_RW), { cache: 'maybe' });
    expect(bad.main.code).toBe(2);
    expect(bad.main.stdout).toMatch(/^::error::Input "cache" is "maybe"/m);
  });

  it('a failing cache service: warnings, and the run and the job succeed', async () => {
    service.failing = [
      { method: 'GetCacheEntryDownloadURL', status: 429, code: 'resource_exhausted', msg: 'rate limited' },
      { method: 'FinalizeCacheEntryUpload', status: 429, code: 'resource_exhausted', msg: 'rate limited' },
    ];
    try {
      const run = await job(workspace(), PUSH_MAIN, serviceEnv(MAIN_RW));
      expect(run.main.code).toBe(0);
      expect(run.main.outputs.result).toBe('success');
      expect(run.post.code).toBe(0);
      expect(warnings(run.main)).toEqual([expect.stringMatching(/^::warning::Failed to restore: .*Rate limited/)]);
      expect(warnings(run.post)).toEqual([expect.stringMatching(/^::warning::Failed to save: .*Rate limited/)]);
      expect(predicted(run)).toEqual({ work: 'estimate' });
    } finally {
      service.failing = [];
    }
    expect(service.violations).toEqual([]);
  });

  it('links: an entry holding links is restored without them; a link on the way is never written through', async () => {
    // A trusted run's workspace where something planted links in the folders the post step saves.
    const outside = mkdtempSync(join(scratch, 'outside-'));
    const planted = workspace();
    const first = await step(bundle.main, planted, 'main', stepEnv(planted, 'main', { name: 'push', ref: 'links' }, serviceEnv([{ scope: 'refs/heads/links', permission: 'read-write' }])));
    expect(first.code).toBe(0);
    symlinkSync(outside, join(planted, '.gantry', 'history', 'escape'));
    mkdirSync(join(planted, '.gantry', 'cache'), { recursive: true });
    symlinkSync('/etc/passwd', join(planted, '.gantry', 'cache', 'passwd'));
    const post = await step(bundle.post, planted, 'post', stepEnv(planted, 'post', { name: 'push', ref: 'links' }, serviceEnv([{ scope: 'refs/heads/links', permission: 'read-write' }]), first.state));
    expect(post.stdout).toContain('Gantry: saved what this run learned');

    const fresh = await job(workspace(), { name: 'push', ref: 'links' }, serviceEnv([{ scope: 'refs/heads/links', permission: 'read-write' }]));
    expect(fresh.main.code).toBe(0);
    expect(warnings(fresh.main)).toEqual([expect.stringMatching(/^::warning::Gantry: removed what the cache entry .* restored that is not a regular file or folder: .gantry\/history\/escape, .gantry\/cache\/passwd\.$/)]);
    expect(readdirSync(join(fresh.ws, '.gantry', 'history')).sort()).toEqual(['gantry.yml.jsonl']);
    expect(readdirSync(join(fresh.ws, '.gantry', 'cache'))).toEqual([]);
    expect(predicted(fresh)).toEqual({ work: 'history' });

    // A checkout with `.gantry` a link to elsewhere: not restored into it (tar would follow it).
    const linked = workspace();
    const elsewhere = mkdtempSync(join(scratch, 'elsewhere-'));
    symlinkSync(elsewhere, join(linked, '.gantry'));
    const refused = await job(linked, { name: 'push', ref: 'links' }, serviceEnv([{ scope: 'refs/heads/links', permission: 'read-write' }]));
    expect(refused.main.stdout).toMatch(/^::warning::Gantry: the cache was not restored: .gantry is a symbolic link\.$/m);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(outside)).toEqual([]);
    expect(service.violations).toEqual([]);
  });
});

describe('planCache: keys, fallbacks, when the cache is not used', () => {
  const ws = '/w/repo';
  const base: CachePlanInput = {
    enabled: true,
    env: { GITHUB_ACTIONS: 'true', RUNNER_TEMP: '/tmp/r', GITHUB_WORKSPACE: ws, ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results/' },
    cwd: ws,
    batchPath: `${ws}/ci/gantry.yml`,
    context: { eventName: 'pull_request', apiUrl: '', serverUrl: '', branch: 'feat,x', defaultBranch: 'trunk', pullRequest: { number: 3, fromFork: false, baseRef: 'release/1' } },
    policy: 'trusted',
    runId: '20260101-120000-ab12',
  };

  it('keys per file and branch, unique per run; restore keys: this branch, the base branch, the default branch', () => {
    const result = planCache(base);
    if (!('plan' in result)) throw new Error(result.skipped);
    const { plan } = result;
    expect(plan.paths).toEqual(['ci/.gantry/history', 'ci/.gantry/cache']);
    const file = plan.key.slice('gantry-'.length, 'gantry-'.length + 16);
    expect(plan.key).toBe(`gantry-${file}-feat_x-20260101-120000-ab12`);
    expect(plan.restoreKeys).toEqual([`gantry-${file}-feat_x-`, `gantry-${file}-release/1-`, `gantry-${file}-trunk-`]);
    expect(plan.noSave).toBeUndefined();
    // Another file in the same folder: its own keys.
    const other = planCache({ ...base, batchPath: `${ws}/ci/other.yml` });
    expect('plan' in other && other.plan.key.slice(0, 23)).not.toBe(plan.key.slice(0, 23));
  });

  it('not saved under strict or for a fork', () => {
    const strict = planCache({ ...base, policy: 'strict' });
    expect('plan' in strict && strict.plan.noSave).toMatch(/strict policy/);
    const fork = planCache({ ...base, context: { ...base.context, pullRequest: { number: 3, fromFork: true } } });
    expect('plan' in fork && fork.plan.noSave).toMatch(/from a fork/);
  });

  it('skipped, with the reason, when it cannot work', () => {
    const skipped = (input: Partial<CachePlanInput>) => {
      const result = planCache({ ...base, ...input });
      return 'skipped' in result ? result.skipped : 'used';
    };
    expect(skipped({ enabled: false })).toBe('the cache input is false');
    expect(skipped({ env: { ...base.env, GITHUB_ACTIONS: undefined } })).toBe('not running on a GitHub Actions runner');
    expect(skipped({ env: { ...base.env, ACTIONS_RUNTIME_TOKEN: '' } })).toMatch(/ACTIONS_RUNTIME_TOKEN is not set/);
    expect(skipped({ env: { ...base.env, ACTIONS_RESULTS_URL: undefined } })).toMatch(/ACTIONS_RESULTS_URL is not set/);
    expect(skipped({ batchPath: '/elsewhere/gantry.yml' })).toBe('the batch file is outside the workspace');
    expect(skipped({ batchPath: `${ws}/a[1]/gantry.yml` })).toMatch(/pattern/);
    expect(skipped({ cwd: '/tmp' })).toMatch(/not run in the workspace/);
    expect(skipped({ context: { ...base.context, branch: undefined } })).toMatch(/branch is unknown/);
  });
});

describe('the fake cache service refuses what the real one would not take', () => {
  it('records a request of the wrong shape as a violation', async () => {
    const fake = await new FakeCacheService().start();
    try {
      const twirp = (method: string, body: unknown, headers: Record<string, string>) =>
        fetch(new URL(`twirp/github.actions.results.api.v1.CacheService/${method}`, fake.url), { method: 'POST', body: JSON.stringify(body), headers });
      const good = { 'content-type': 'application/json', 'user-agent': '@actions/cache-6.3.0', authorization: `Bearer ${fake.token(MAIN_RW)}` };
      const version = 'a'.repeat(64);
      expect((await twirp('CreateCacheEntry', { key: 'k', version }, { ...good, authorization: 'Bearer x.y.z' })).status).toBe(401);
      expect((await twirp('CreateCacheEntry', { key: 'k', version }, { ...good, 'content-type': 'application/protobuf' })).status).toBe(415);
      expect((await twirp('CreateCacheEntry', { key: 'a,b', version, extra: 1 }, good)).status).toBe(400);
      expect((await twirp('FinalizeCacheEntryUpload', { key: 'k', version, size_bytes: 12 }, good)).status).toBe(400);
      expect((await twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v1', restore_keys: Array.from({ length: 10 }, (_, i) => `r${i}`) }, good)).status).toBe(400);
      expect(fake.violations).toEqual([
        expect.stringMatching(/CreateCacheEntry: no valid bearer token/),
        expect.stringMatching(/CreateCacheEntry: Content-Type application\/protobuf/),
        expect.stringMatching(/CreateCacheEntry: unknown field extra/),
        expect.stringMatching(/CreateCacheEntry: key "a,b"/),
        expect.stringMatching(/FinalizeCacheEntryUpload: size_bytes is 12, expected an int64 as a JSON string/),
        expect.stringMatching(/GetCacheEntryDownloadURL: 11 keys, at most 10/),
        expect.stringMatching(/GetCacheEntryDownloadURL: version "v1" is not a sha256/),
      ]);
      // A reservation's upload URL takes one Put Blob with the signature handed out, nothing else.
      const created = (await (await twirp('CreateCacheEntry', { key: 'k', version }, good)).json()) as { signed_upload_url: string };
      const forged = created.signed_upload_url.replace(/sig=[0-9a-f]+/, 'sig=00');
      expect((await fetch(forged, { method: 'PUT', body: 'x', headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-version': '2025-01-05' } })).status).toBe(403);
      expect((await fetch(created.signed_upload_url, { method: 'PUT', body: 'x', headers: { 'x-ms-version': '2025-01-05' } })).status).toBe(400);
      expect(fake.violations.slice(7)).toEqual([expect.stringMatching(/not the signed upload URL/), expect.stringMatching(/x-ms-blob-type undefined/)]);
    } finally {
      await fake.stop();
    }
  });
});
