/**
 * `secrets:` (issue 12): values from the caller's environment reach the tasks that list them, as
 * a variable or a read-only file under /run/secrets, and never show anywhere Gantry writes — live
 * output, log files, outputs handed to dependents, report.json, report.md, report.html — also when
 * the value is printed in pieces. Under `strict` none is passed and the reports say so. A secret
 * missing from the environment is a positioned error before anything runs (exit 2).
 *
 * The CLI in-process (cli/main.ts) on the real engine; the masking of long lines and the parse
 * rules without it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Masker } from '../core/mask';
import { OutputCapture } from '../core/backends/docker/logs';
import { validate } from '../core/validate';
import { runBatch } from '../core/run/run-batch';
import { dockerBackend } from '../core/backends/docker';
import { callerSecrets } from '../core/secrets';
import type { RunDocument } from '../core/report/run-document';
import { ACTIONS_BOT } from '../action/github';
import { readUntrustedReport } from '../action/publish-report';
import { renderComment } from '../action/comment';
import { failedRun } from './support/action-fixtures';
import { bundleAction } from './support/action-bundle';
import { FakeGitHub } from './support/fake-github';
import { parseFileCommand as parseOutputFile } from './support/file-command';
import { runnerCommands, runnerLines } from './support/runner-log';
import { runCliInCi, type Captured } from './support/cli-io';

const root = mkdtempSync(join(tmpdir(), 'gantry-secrets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function batch(yaml: string): string {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  return file;
}

function gantry(argv: string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  return runCliInCi(argv, env, root);
}

/** Every file of a run folder (reports and logs), by name. */
function runFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of ['report.json', 'report.md', 'report.html']) files[f] = readFileSync(join(dir, f), 'utf8');
  for (const f of readdirSync(join(dir, 'logs'))) files[`logs/${f}`] = readFileSync(join(dir, 'logs', f), 'utf8');
  return files;
}

/** Every file under `dir`, recursively. */
function findFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function runDir(file: string): string {
  const runs = join(file, '..', '.gantry', 'runs');
  const [only] = readdirSync(runs);
  return join(runs, only);
}

const HEAD = 'version: 1\ndefaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }\ntasks:\n';

describe('secrets: parsing', () => {
  it('reads a list (variables) and a mapping (env or file), and refuses bad names, duplicates and other ways', () => {
    const good = validate(`${HEAD}  a:\n    run: "true"\n    secrets: [NPM_TOKEN, B]\n  b:\n    run: "true"\n    secrets: { KEY: file, TOKEN: env }\n`);
    expect(good.diagnostics).toEqual([]);
    expect(good.file!.tasks[0].secrets.map((s) => [s.name, s.as])).toEqual([['NPM_TOKEN', 'env'], ['B', 'env']]);
    expect(good.file!.tasks[1].secrets.map((s) => [s.name, s.as])).toEqual([['KEY', 'file'], ['TOKEN', 'env']]);
    // Services may have them too (a database password).
    expect(validate(`${HEAD}  a: { run: "true", needs: [db] }\nservices:\n  db: { run: "sleep 9", secrets: { PW: file } }\n`).diagnostics).toEqual([]);

    const bad = validate(`${HEAD}  a:\n    run: "true"\n    secrets: [1X, A, A]\n  b:\n    run: "true"\n    secrets: { K: volume }\n`);
    const found = bad.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]);
    expect(found).toEqual([
      ['invalid-secret', 5, 14],
      ['invalid-secret', 5, 21],
      ['invalid-secret', 8, 18],
    ]);
  });
});

describe('secrets in reports read back (mode: publish)', () => {
  it('keeps the names withheld and why, drops what is not a name, and the comment says so', () => {
    const doc = { ...failedRun(), secrets: { passed: [], withheld: ['NPM_TOKEN', '`x` <b>', 7], why: 'the strict policy passes no secrets' } };
    expect(() => readUntrustedReport(JSON.stringify(doc))).toThrow(/secrets\.withheld\[2\]/);
    doc.secrets.withheld.pop();
    const read = readUntrustedReport(JSON.stringify(doc));
    expect(read.secrets).toEqual({ passed: [], withheld: ['NPM_TOKEN'], why: 'the strict policy passes no secrets' });
    expect(renderComment(read, { file: 'gantry.yml' })).toContain('Secrets not passed: NPM\\_TOKEN \\(the strict policy passes no secrets\\)');
  });
});

describe('secrets: masking lines', () => {
  it('masks a secret printed in pieces, in every frame layout, and each line of a multi-line one', () => {
    const masker = new Masker();
    masker.add('s3cr3t-value');
    masker.add('-----BEGIN KEY-----\nAAAAlineone\nBBBBlinetwo\n-----END KEY-----');
    const lines: string[] = [];
    const capture = new OutputCapture({ onLine: (_s, l) => lines.push(l), masker });
    const text = Buffer.from('a s3cr3t-value b\nAAAAlineone\nBBBBlinetwo\nend s3cr3t-');
    // One byte per frame: the worst split there is.
    for (const byte of text) capture.push(Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 1]), Buffer.from([byte])]));
    capture.push(Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, 5]), Buffer.from('value')]));
    capture.end();
    expect(lines).toEqual(['a *** b', '***', '***', 'end ***']);
  });

  it('cuts a line longer than the limit before a secret, not through it', () => {
    const masker = new Masker();
    masker.add('TOPSECRET');
    const lines: string[] = [];
    const capture = new OutputCapture({ onLine: (_s, l) => lines.push(l), masker, maxLine: 20 });
    const long = `${'x'.repeat(16)}TOPSECRET${'y'.repeat(30)}\n`;
    capture.push(Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, long.length]), Buffer.from(long)]));
    capture.end();
    expect(lines.join('')).not.toContain('TOP');
    expect(lines.join('')).toBe(`${'x'.repeat(16)}***${'y'.repeat(30)}`);
    expect(masker.partialSuffix('abcTOPS')).toBe(4);
    expect(masker.partialSuffix('abc')).toBe(0);
  });
});

describe('secrets on the real engine (gantry run)', () => {
  beforeAll(() => {
    execFileSync('docker', ['image', 'inspect', 'busybox:latest'], { stdio: 'ignore' });
  });

  const ENV_SECRET = 'envS3cr3t-9f2c1';
  const FILE_SECRET = 'fileS3cr3t-77ab0';
  const MULTI = 'first-line-A1\nsecond-line-B2';

  it('passes a secret as a variable and as a file, and masks it everywhere, in pieces too', async () => {
    const file = batch(
      `${HEAD}` +
        '  leak:\n' +
        '    secrets: { ENV_TOK: env, FILE_TOK: file, MULTI: env }\n' +
        '    outputs: [copy]\n' +
        '    run: |\n' +
        '      echo "env: $ENV_TOK"\n' +
        '      echo "file: $(cat /run/secrets/FILE_TOK)"\n' +
        '      echo "mode: $(stat -c %a /run/secrets/FILE_TOK) $(stat -c %a /run/secrets)"\n' +
        '      echo "file in env: ${FILE_TOK:-no}"\n' +
        "      printf 'split: envS3c'; sleep 0.3; printf 'r3t-9f2c1\\n'\n" +
        '      echo "$MULTI"\n' +
        '      echo "oops: $ENV_TOK" >&2\n' +
        '      echo "copy=$ENV_TOK" >> "$GANTRY_OUTPUT"\n' +
        '      touch /run/secrets/x 2>/dev/null && echo writable || echo read-only\n' +
        '  after:\n' +
        '    needs: [leak]\n' +
        '    if: always\n' +
        '    run: echo "got ${{ needs.leak.outputs.copy }} and $GANTRY_NEEDS_LEAK_COPY"\n',
    );
    const r = await gantry(['run', file], { ENV_TOK: ENV_SECRET, FILE_TOK: FILE_SECRET, MULTI });
    expect(r.code, r.stderr).toBe(0);
    const live = r.stdout + r.stderr;
    expect(live).toContain('env: ***');
    expect(live).toContain('file: ***');
    expect(live).toContain('mode: 400 500');
    expect(live).toContain('file in env: no');
    expect(live).toContain('split: ***');
    expect(live).toContain('oops: ***');
    expect(live).toContain('read-only');
    expect(live).toContain('got *** and ***');
    const secrets = [ENV_SECRET, FILE_SECRET, 'first-line-A1', 'second-line-B2', 'S3cr3t'];
    for (const s of secrets) expect(live).not.toContain(s);

    const files = runFiles(runDir(file));
    for (const [name, text] of Object.entries(files)) for (const s of secrets) expect(text, `${name} holds ${s}`).not.toContain(s);
    expect(files['logs/leak.1.log']).toContain('split: ***');
    const doc = JSON.parse(files['report.json']) as RunDocument;
    expect(doc.secrets).toEqual({ passed: ['ENV_TOK', 'FILE_TOK', 'MULTI'], withheld: [] });
    expect(doc.units.find((u) => u.id === 'leak')!.attempts[0].outcome!.outputs).toEqual({ copy: '***' });
  }, 120_000);

  it('a file secret is readable by the container\'s user (a UID, a name), reaches services too, and is gone after the run and after a cancel', async () => {
    const stateRoot = mkdtempSync(join(root, 'state-'));
    const text =
      'version: 1\ndefaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }\n' +
      'services:\n  vault:\n    secrets: { FILE_TOK: file }\n    run: cat /run/secrets/FILE_TOK > /tmp/seen && exec sleep 60\n' +
      '    health: { run: "grep -q fileS3cr3t /tmp/seen", interval: 200ms }\n' +
      'tasks:\n' +
      '  as-uid:\n    needs: [vault]\n    user: "1000:1000"\n    secrets: { FILE_TOK: file }\n    run: test "$(wc -c < /run/secrets/FILE_TOK)" -eq 16 && echo uid-reads\n' +
      '  as-name:\n    user: nobody\n    secrets: { FILE_TOK: file }\n    run: cat /run/secrets/FILE_TOK >/dev/null && echo name-reads\n' +
      '  slow:\n    secrets: { FILE_TOK: file }\n    run: sleep 30\n';
    const file = batch(text);
    const v = validate(text);
    expect(v.diagnostics).toEqual([]);
    const lines: string[] = [];
    const controller = new AbortController();
    const run = runBatch({
      backend: dockerBackend({ stateRoot }),
      path: file,
      validation: { file: v.file!, graph: v.graph! },
      instance: `test-secrets-${process.pid}`,
      secrets: callerSecrets(v.file!, { FILE_TOK: FILE_SECRET }, 'trusted'),
      signal: controller.signal,
      onLine: (unit, _attempt, _stream, line) => lines.push(`${unit}: ${line}`),
      onEvent: (e) => {
        // Once both readers are done, the slow task is still running: cancel the run there.
        if (e.type === 'attempt-end' && lines.some((l) => l.includes('uid-reads')) && lines.some((l) => l.includes('name-reads'))) controller.abort();
      },
    });
    // While it runs, the secret files exist (in the state folder, never in the project).
    let seen = false;
    for (let i = 0; i < 100 && !seen; i++) {
      seen = findFiles(stateRoot).some((f) => f.endsWith('/FILE_TOK'));
      if (!seen) await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toBe(true);
    const report = await run;
    expect(lines).toContain('as-uid: uid-reads');
    expect(lines).toContain('as-name: name-reads');
    expect(report.result.result).toBe('cancelled');
    expect(findFiles(stateRoot).filter((f) => f.includes('secrets'))).toEqual([]);
    expect(findFiles(join(file, '..')).some((f) => readFileSync(f, 'utf8').includes(FILE_SECRET))).toBe(false);
  }, 120_000);

  it('under strict passes no secret, and every report says so', async () => {
    const file = batch(`${HEAD}  a:\n    secrets: [ENV_TOK]\n    run: echo "[\${ENV_TOK:-unset}]"\n`);
    const r = await gantry(['run', file, '--policy', 'strict'], { ENV_TOK: ENV_SECRET });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('[unset]');
    expect(r.stdout).toContain('gantry: secrets not passed: ENV_TOK (the strict policy passes no secrets');
    expect(r.stdout).not.toContain(ENV_SECRET);
    const files = runFiles(runDir(file));
    const doc = JSON.parse(files['report.json']) as RunDocument;
    expect(doc.secrets).toMatchObject({ passed: [], withheld: ['ENV_TOK'] });
    expect(files['report.md']).toContain('Secrets not passed: ENV\\_TOK');
    expect(files['report.html']).toContain('Secrets not passed: ENV_TOK');
  }, 120_000);

  it('a secret missing from the environment is a positioned error before anything runs (exit 2)', async () => {
    const file = batch(`${HEAD}  a:\n    secrets: [ENV_TOK, { }]\n    run: "true"\n`.replace(', { }', ''));
    const r = await gantry(['run', file], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gantry\.yml:5:15: error: Secret ENV_TOK of task "a" is not set .*\[secret-missing\]/);
    // Nothing ran: no run folder was made.
    expect(() => readdirSync(join(file, '..', '.gantry'))).toThrow();
    // An empty value is what GitHub gives for a secret that does not exist: missing too.
    expect((await gantry(['run', file], { ENV_TOK: '' })).code).toBe(2);
  }, 60_000);
});

describe('secrets in the action (bundled from the sources, real engine, fake GitHub API)', () => {
  const TOKEN = 'ghs_secrets_e2e_T0ken';
  const NPM = 'npm_S3cr3tV4lue_e2e';
  const PEM = '-----BEGIN KEY-----\nPEMlineAAAA1111\nPEMlineBBBB2222\n-----END KEY-----';
  let gh: FakeGitHub;
  let ws: string;
  let bundle: string;

  beforeAll(async () => {
    execFileSync('docker', ['image', 'inspect', 'busybox:latest'], { stdio: 'ignore' });
    bundle = (await bundleAction()).dir;
    gh = await new FakeGitHub().start();
    gh.tokens.set(TOKEN, { login: ACTIONS_BOT, type: 'Bot' });
    ws = mkdtempSync(join(tmpdir(), 'gantry-secrets-ws-'));
    writeFileSync(
      join(ws, 'gantry.yml'),
      `${HEAD}  publish:\n    secrets: { NPM_TOKEN: env, PEM: file }\n    run: |\n      echo "token $NPM_TOKEN"\n      cat /run/secrets/PEM\n      echo "::error::$NPM_TOKEN"\n      exit 1\n`,
    );
  }, 120_000);

  afterAll(async () => {
    await gh?.stop();
    for (const dir of [ws, bundle]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function main(fork: boolean, extra: NodeJS.ProcessEnv = {}) {
    writeFileSync(join(ws, 'event.json'), JSON.stringify({ number: 9, pull_request: { number: 9, head: { repo: { full_name: fork ? 'mallory/app' : 'octo/app' } }, base: { repo: { full_name: 'octo/app' } } } }));
    for (const f of ['output', 'state', 'summary']) writeFileSync(join(ws, `main.${f}`), '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'octo/app',
      GITHUB_RUN_ID: '78', GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: gh.url, GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(ws, 'event.json'), GITHUB_OUTPUT: join(ws, 'main.output'), GITHUB_STATE: join(ws, 'main.state'),
      GITHUB_STEP_SUMMARY: join(ws, 'main.summary'), RUNNER_NAME: 'secrets-runner', 'INPUT_GITHUB-TOKEN': TOKEN, INPUT_FILE: 'gantry.yml',
      INPUT_POLICY: 'auto',
      // The step's `env:` — `NPM_TOKEN: ${{ secrets.NPM_TOKEN }}` in the workflow.
      NPM_TOKEN: NPM,
      PEM,
      ...extra,
    };
    const child = spawn(process.execPath, [join(bundle, 'main.mjs')], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((ok) => child.on('close', ok));
    const outputs = parseOutputFile(readFileSync(join(ws, 'main.output'), 'utf8'));
    return { code, stdout, outputs, summary: readFileSync(join(ws, 'main.summary'), 'utf8') };
  }

  /** The sticky comment of gantry.yml (env.yml's test writes one of its own). */
  const gantryComment = () => gh.commentsOn('octo/app#9').find((c) => c.body.includes('gantry:comment gantry.yml'))!.body;

  const VALUES = [NPM, PEM, 'PEMlineAAAA1111', 'PEMlineBBBB2222', 'S3cr3tV4lue'];

  it('registers every secret (each line of a multi-line one) with the runner, and no summary, comment, annotation or report holds one', async () => {
    const r = await main(false);
    expect(r.code, r.stdout).toBe(1);
    const masks = runnerCommands(r.stdout).filter((c) => c.name === 'add-mask').map((c) => c.data);
    expect(masks).toEqual(expect.arrayContaining([TOKEN, NPM, 'PEMlineAAAA1111', 'PEMlineBBBB2222']));
    // The runner's log: the values only in the add-mask lines, printed as *** elsewhere.
    for (const line of runnerLines(r.stdout).filter((l) => !l.startsWith('::add-mask::'))) for (const v of VALUES) expect(line).not.toContain(v);
    expect(r.stdout).toContain('token ***');
    // A task's `::error::` is text, not an annotation, and masked.
    for (const c of runnerCommands(r.stdout).filter((c) => c.name !== 'add-mask')) for (const v of VALUES) expect(c.data).not.toContain(v);
    const comment = gantryComment();
    for (const text of [r.summary, comment]) for (const v of VALUES) expect(text).not.toContain(v);
    const dir = join(r.outputs.report, '..');
    for (const [name, text] of Object.entries(runFiles(dir))) for (const v of VALUES) expect(text, name).not.toContain(v);
    expect((JSON.parse(readFileSync(r.outputs.report, 'utf8')) as RunDocument).secrets).toEqual({ passed: ['NPM_TOKEN', 'PEM'], withheld: [] });
  }, 180_000);

  it('a secret the step does not give fails the step before anything runs, with an annotation at its line (exit 2)', async () => {
    const r = await main(false, { NPM_TOKEN: '' });
    expect(r.code, r.stdout).toBe(2);
    const errors = runnerCommands(r.stdout).filter((c) => c.name === 'error');
    expect(errors.some((c) => c.properties.file === 'gantry.yml' && c.properties.line === '5' && c.data.includes('Secret NPM_TOKEN of task "publish" is not set'))).toBe(true);
    expect(r.stdout).not.toContain('publish started');
  }, 60_000);

  it('a fork (strict) reads ${{ env.NAME }} only for what pass-env lists', async () => {
    writeFileSync(join(ws, 'env.yml'), `${HEAD}  show:\n    run: echo "[$TARGET]"\n    env: { TARGET: "\${{ env.DEPLOY_ENV }}" }\n`);
    const refused = await main(true, { INPUT_FILE: 'env.yml', DEPLOY_ENV: 'staging' });
    expect(refused.code, refused.stdout).toBe(2);
    const errors = runnerCommands(refused.stdout).filter((c) => c.name === 'error');
    expect(errors.some((c) => c.properties.file === 'env.yml' && c.properties.line === '6' && c.data.includes('pass-env'))).toBe(true);
    const passed = await main(true, { INPUT_FILE: 'env.yml', DEPLOY_ENV: 'staging', 'INPUT_PASS-ENV': 'DEPLOY_ENV' });
    expect(passed.code, passed.stdout).toBe(0);
    expect(passed.stdout).toContain('[staging]');
  }, 120_000);

  it('a fork (strict) gets no secret: the task runs without, a warning and the summary and comment say so', async () => {
    const r = await main(true);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('token ');
    expect(r.stdout).not.toContain('token ***');
    const warnings = runnerCommands(r.stdout).filter((c) => c.name === 'warning').map((c) => c.data);
    expect(warnings.some((w) => w.startsWith('Secrets not passed: NPM_TOKEN, PEM'))).toBe(true);
    expect(r.summary).toContain('Secrets not passed: NPM\\_TOKEN, PEM');
    expect(gantryComment()).toContain('Secrets not passed');
    for (const v of VALUES) expect(r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(v);
  }, 180_000);

  it('env-file: beside the batch file gives secrets (registered and masked) under the step env:, which wins; a missing one is a warning at its line', async () => {
    const FILE_TOKEN = 'f1le_T0ken_V4lue';
    writeFileSync(join(ws, 'envfile.yml'), `env-file: [ci.env, absent.env]\n${HEAD}  show:\n    secrets: [FILE_TOKEN]\n    run: echo "tok $FILE_TOKEN [$W]"\n    env: { W: "\${{ env.WHO }}" }\n`);
    writeFileSync(join(ws, 'ci.env'), `FILE_TOKEN=${FILE_TOKEN}\nWHO=file\n`);
    const r = await main(false, { INPUT_FILE: 'envfile.yml', WHO: 'step' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('tok *** [step]');
    expect(runnerCommands(r.stdout).filter((c) => c.name === 'add-mask').map((c) => c.data)).toContain(FILE_TOKEN);
    for (const line of runnerLines(r.stdout).filter((l) => !l.startsWith('::add-mask::'))) expect(line).not.toContain(FILE_TOKEN);
    const warnings = runnerCommands(r.stdout).filter((c) => c.name === 'warning');
    expect(warnings.some((c) => c.properties.file === 'envfile.yml' && c.data.includes('env-file "absent.env": no such file'))).toBe(true);
    expect(r.summary).not.toContain(FILE_TOKEN);
  }, 120_000);
});
