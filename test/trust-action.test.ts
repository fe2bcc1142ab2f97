/**
 * The trust boundary: everything a container or an untrusted batch file produces — output lines,
 * log files, unit ids with matrix values, skip reasons, a service's last output and a health
 * probe's in failure messages, outputs — reaches the runner, the job summary, the pull request
 * comment, the report files and the terminal only fenced (stop-commands), escaped (command data,
 * Markdown, HTML, Mermaid, JSON) and with its control characters shown; the github-token is masked
 * everywhere the action writes.
 *
 * Unit level with the ActionLog's writer captured and the renderers fed hostile documents; end to
 * end with the action bundled from the sources, run as the runner runs it against the real engine
 * and the fake GitHub API, its stdout read the way the runner reads it (test/support/runner-log.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as core from '@actions/core';
import { sanitize, safeJson } from '../core/sanitize';
import { ActionLog } from '../action/logs';
import { Masker } from '../action/mask';
import { failedOutput, OUTPUT_NAMES } from '../action/outputs';
import { failureAnnotations } from '../action/annotations';
import { renderSummary } from '../action/summary';
import { renderComment } from '../action/comment';
import { renderMarkdown } from '../core/report/report-md';
import { renderHtml } from '../core/report/report-html';
import { RunProgress } from '../cli/run-progress';
import { validate } from '../core/validate';
import type { RunDocument } from '../core/report/run-document';
import { failedRun } from './support/action-fixtures';
import { CONTROL, runnerCommands, runnerLines, stoppedLines } from './support/runner-log';
import { FakeGitHub } from './support/fake-github';
import { bundleAction } from './support/action-bundle';
import { ACTIONS_BOT } from '../action/github';

const ROOT = join(__dirname, '..');
/** Scratch files of the unit tests, removed at the end. */
const SCRATCH = mkdtempSync(join(tmpdir(), 'gantry-trust-'));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));
let scratchCount = 0;
const scratch = () => mkdtempSync(join(SCRATCH, `${++scratchCount}-`));

/** What containers and a fork's batch file can say. */
const HOSTILE = [
  '\r::set-output name=x::y',
  'ok\r::error::pwned',
  '##[error]legacy-pwned',
  '  ::add-mask::spaced',
  '\x1b]0;retitled\x07\x1b[2J\x1b[1;1Hcleared',
  '\u2028::warning::separated',
  '\u0085::notice::nel',
  'evil\u202egnp.exe',
  'nul\x00del\x7fcsi\x9b2J',
];

/** Our own commands, and nothing else, may be processed by the runner. */
function expectOnlyOurCommands(stdout: string, token?: string): void {
  const tokens = new Set<string>();
  for (const c of runnerCommands(stdout)) {
    expect(c.legacy, `legacy command ${c.name} at line ${c.line}`).toBe(false);
    if (c.name === 'stop-commands') {
      expect(c.data).toMatch(/^[0-9a-f]{32}$|^tok\d+$/);
      tokens.add(c.data);
    } else if (tokens.has(c.name)) {
      // The resume of a stretch we opened.
    } else {
      // `debug`: the action's own fixed lines (why the Actions cache is not used, action/run-cache.ts).
      expect(['add-mask', 'group', 'endgroup', 'error', 'warning', 'notice', 'debug'], `command ${c.name} at line ${c.line}: ${c.data}`).toContain(c.name);
      if (c.name === 'debug') expect(c.data).toMatch(/^Gantry: the cache (is not used|was not saved): /);
      if (c.name === 'add-mask') expect(c.data).toBe(token);
      expect(c.data, `control characters in ${c.name}`).not.toMatch(CONTROL);
      for (const value of Object.values(c.properties)) expect(value).not.toMatch(CONTROL);
      expect(c.data).not.toMatch(/^(pwned|legacy-pwned|probe-pwned|task-pwned|id-pwned|spaced|separated|nel)$/);
    }
  }
}

describe('sanitize: one pure function for every untrusted string', () => {
  it('shows every control character, keeps tab (and newline when asked)', () => {
    expect(sanitize('a\rb\x1b[2Kc\x00\x07\x7f\td')).toBe('a␍b␛[2Kc␀␇␡\td');
    expect(sanitize('one\ntwo')).toBe('one␊two');
    expect(sanitize('one\r\ntwo\rthree', { multiline: true })).toBe('one\ntwo␍three');
    expect(sanitize('\x85\x9b\u2028\u2029\u202e\u2066x')).toBe('\\x85\\x9b\\u2028\\u2029\\u202e\\u2066x');
    for (const s of HOSTILE) {
      expect(sanitize(s)).not.toMatch(CONTROL);
      expect(sanitize(s)).not.toMatch(/[\r\n]/);
      expect(sanitize(sanitize(s))).toBe(sanitize(s));
    }
  });
  it('keeps, strips or shows colour (SGR) only; every other sequence stays visible', () => {
    const text = '\x1b[31mred\x1b[0m \x1b]8;;http://x\x1b\\link\x1b[2J';
    expect(sanitize(text, { sgr: 'keep' })).toBe('\x1b[31mred\x1b[0m ␛]8;;http://x␛\\link␛[2J');
    expect(sanitize(text, { sgr: 'strip' })).toBe('red ␛]8;;http://x␛\\link␛[2J');
    expect(sanitize(text)).toBe('␛[31mred␛[0m ␛]8;;http://x␛\\link␛[2J');
  });
  it('safeJson is exact, one line and inert', () => {
    const values = [...HOSTILE, 'test[shard=$(id)]', 'a\nb', '%0A::x', 'ghadelimiter_1'];
    const json = safeJson(values);
    expect(json).not.toMatch(CONTROL);
    expect(json).not.toMatch(/[\r\n]/);
    expect(JSON.parse(json)).toEqual(values);
  });
});

describe('ActionLog: the one path from untrusted text to the runner', () => {
  function capture(mask?: (s: string) => string) {
    const out: string[] = [];
    let n = 0;
    const log = new ActionLog((t) => out.push(t), () => `tok${++n}`, mask);
    return { log, text: () => out.join('') };
  }

  it('live lines, progress text, groups and annotations never issue a command of the container', () => {
    const { log, text } = capture();
    const dir = scratch();
    writeFileSync(join(dir, 'a.log'), `${HOSTILE.join('\n')}\nlast\r::error::unterminated`);
    const id = 'test[v=a\r::error::id-pwned]';
    for (const line of HOSTILE) log.line(id, line, 12);
    log.text(`service db failed: service db exited with code 3; last output: ${HOSTILE.join(' | ')}`);
    log.text(`report skipped: needs db, which failed: ${HOSTILE[1]}\nsecond line\r::error::pwned`);
    log.group(`❌ ${id}: failed`, join(dir, 'a.log'));
    log.annotate({ severity: 'error', title: `Gantry: ${id} failed`, file: 'gantry.yml', startLine: 3, message: `Task ${id} failed: ${HOSTILE.join('\n')}` });
    log.close();
    const out = text();
    expect(out).not.toMatch(CONTROL);
    expectOnlyOurCommands(out);
    const names = runnerCommands(out).map((c) => c.name);
    expect(names.filter((n) => n === 'error')).toHaveLength(1);
    // The text is still there to read, inside the stretches, with the CR shown.
    const shown = stoppedLines(out).join('\n');
    expect(shown).toContain('ok␍::error::pwned');
    expect(shown).toContain('service db failed: service db exited with code 3; last output: ␍::set-output name=x::y | ok␍::error::pwned');
    expect(shown).toContain('last␍::error::unterminated');
    expect(out).toContain('::group::❌ test[v=a␍::error::id-pwned]: failed\n');
  });

  it('the annotation text is escaped command data, with the reader seeing the CR as ␍', () => {
    const { log, text } = capture();
    log.annotate({ severity: 'warning', title: 'a:b,c\rd', message: 'first\r::error::x\nsecond %0A' });
    const [command] = runnerCommands(text());
    expect(command).toMatchObject({ name: 'warning', properties: { title: 'a:b,c␍d' }, data: 'first␍::error::x\nsecond %0A' });
  });

  it('a known secret is masked in every kind of output, and registered with the runner once', () => {
    const secret = 'ghs_trust_unit_S3cret';
    const masker = new Masker();
    const { log, text } = capture((s) => masker.mask(s));
    for (const value of masker.add(secret)) log.addMask(value);
    const dir = scratch();
    writeFileSync(join(dir, 'a.log'), `token=${secret}\n`);
    log.line(`t[v=${secret}]`, `echo ${secret}`);
    log.text(`error quoting ${secret}`);
    log.group(`group ${secret}`, join(dir, 'a.log'));
    log.annotate({ severity: 'error', title: `t ${secret}`, message: `GitHub said: bad credentials ${secret}` });
    log.close();
    const lines = runnerLines(text()).filter((l) => l.includes(secret));
    expect(lines).toEqual([`::add-mask::${secret}`]);
    expect(text()).toContain('echo ***');
  });
});

/** A run whose every string is hostile: ids, reasons, messages, log tails, name, error. */
function hostileRun(secret: string): RunDocument {
  const doc = failedRun();
  const evil = `${HOSTILE.join(' ')} \`\`\` </details><img src=x onerror=alert(1)> <b>bold</b> [link](https://evil.example) ![px](https://evil.example/p.png) %%{init: {"securityLevel":"loose"}}%% ; # a :crit, 0, 1`;
  doc.name = `checks ${evil}`;
  doc.error = `engine said ${evil} ${secret}`;
  const test2 = doc.units.find((u) => u.id === 'test[shard=2]')!;
  test2.id = `test[shard=2\r::error::id-pwned\`\`\`<img src=x>|x\nclick b1 href "javascript:alert(1)"]`;
  test2.reason = `reason ${evil}`;
  const last = test2.attempts[test2.attempts.length - 1];
  last.outcome = { status: 'failed', exitCode: 1, message: `message ${evil} ${secret}` };
  last.logTail = [...HOSTILE, '```', '````', '</details><img src=x onerror=alert(1)>', `token ${secret}`, '\x1b[31mred\x1b[0m'];
  const db = doc.units.find((u) => u.id === 'db')!;
  db.status = 'failed';
  db.reason = `service db exited with code 3; last output: ${HOSTILE.join(' | ')}; last health check: exit 1: probe\x1b]0;t\x07 ${secret}`;
  const report = doc.units.find((u) => u.id === 'report')!;
  report.reason = `needs ${test2.id}, which failed: ${db.reason}`;
  doc.criticalPath = ['build', test2.id];
  doc.units.find((u) => u.id === 'build')!.attempts[0].outcome = { status: 'succeeded', exitCode: 0, usage: { peakMemory: 1024, cpuSeconds: 11 } };
  for (const u of doc.units) u.needs = u.needs.map((n) => (n === 'test[shard=2]' ? test2.id : n));
  return doc;
}

interface Fence {
  info: string;
  lines: string[];
}

/** GFM fenced code blocks, and the lines outside them. */
function fences(markdown: string): { blocks: Fence[]; outside: string[] } {
  const blocks: Fence[] = [];
  const outside: string[] = [];
  let open: { n: number; block: Fence } | undefined;
  for (const line of markdown.split('\n')) {
    if (open) {
      if (new RegExp(`^\`{${open.n},}\\s*$`).test(line)) open = undefined;
      else open.block.lines.push(line);
      continue;
    }
    const m = /^(`{3,})([^`]*)$/.exec(line);
    if (m) {
      open = { n: m[1].length, block: { info: m[2].trim(), lines: [] } };
      blocks.push(open.block);
    } else outside.push(line);
  }
  expect(open, 'a code fence left open').toBeUndefined();
  return { blocks, outside };
}

function expectSafeMarkdown(markdown: string, allowedTags: string[]): void {
  expect(markdown).not.toMatch(CONTROL);
  const { blocks, outside } = fences(markdown);
  // HTML outside code blocks and code spans (both literal in GFM): only the tags we write.
  const prose = outside.map((l) => l.replace(/\\`/g, '').replace(/`[^`]*`/g, '``'));
  const tags = [...prose.join('\n').matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase());
  for (const tag of tags) expect(allowedTags, `<${tag}> from the run`).toContain(tag);
  // No links or images from the run: every `[`, `]`, `(` from the data is escaped. (`<summary>`
  // lines are raw HTML, where Markdown is not read; their text is HTML-escaped.)
  for (const line of prose.filter((l) => !l.startsWith('<summary>'))) expect(line).not.toMatch(/(?<!\\)\]\((?!https:\/\/github\.com\/octo)/);
  for (const block of blocks) {
    expect(['text', 'mermaid']).toContain(block.info);
    if (block.info !== 'mermaid') continue;
    const [head, ...rest] = block.lines;
    expect(head).toBe('gantt');
    for (const line of rest) {
      // Our statements, or a task: a zero-width space (no keyword can start it), our ✗ for a failure,
      // the escaped name (cut with …), our `×N, M failed` for grouped expansions, one tag, local wall-clock times.
      expect(line).toMatch(/^ {2}(dateFormat YYYY-MM-DD HH:mm:ss\.SSS|axisFormat %[HM]:%[MS]|tickInterval \d+(second|minute|hour|day)|section (Services|Tasks)|\u200b(✗ )?[\p{L}\p{M}\p{N} _.,=+\-()[\]/@]+…?( ×\d+(, \d+ failed)?)? :(crit|done|active), b\d+, 2000-01-\d\d \d\d:\d\d:\d\d\.\d{3}, 2000-01-\d\d \d\d:\d\d:\d\d\.\d{3})$/u);
    }
  }
}

describe('renderers: the summary, the comment, report.md, report.html and annotations', () => {
  const secret = 'ghs_trust_render_S3cret';
  const masker = new Masker();
  masker.add(secret);

  it('the job summary and the comment: no control characters, no HTML, links, fence endings or Mermaid statements from the run', () => {
    const doc = hostileRun(secret);
    const summary = renderSummary(doc, { reportPath: '.gantry/runs/x/report.json' });
    expectSafeMarkdown(summary, ['details', 'summary', 'b', 'sub']);
    expect(summary).toContain('ok␍::error::pwned');
    const comment = renderComment(doc, { file: 'gantry.yml', runUrl: 'https://github.com/octo/app/actions/runs/1' });
    expectSafeMarkdown(comment, ['details', 'summary', 'sub']);
  });

  it('report.md and report.html', () => {
    const doc = hostileRun(secret);
    expectSafeMarkdown(renderMarkdown(doc), ['details', 'summary']);
    const html = renderHtml(doc);
    expect(html).not.toMatch(CONTROL);
    expect(html).not.toMatch(/<img|<script|<b>bold|href="http|href="javascript/i);
    expect(html).toContain('ok␍::error::pwned');
  });

  it('annotations carry no control characters', () => {
    const text = 'version: 1\ntasks:\n  build:\n    run: x\n  test:\n    run: y\n  lint:\n    run: z\n  report:\n    run: z\n';
    const annotations = failureAnnotations('gantry.yml', validate(text).file, hostileRun(secret));
    expect(annotations.length).toBeGreaterThan(1);
    for (const a of annotations) {
      expect(a.message).not.toMatch(CONTROL);
      expect(a.title).not.toMatch(CONTROL);
      expect(a.title).not.toMatch(/\n/);
    }
  });

  it('the known secret is masked before rendering: escaping would respell it (`_` → `\\_`) past a mask applied after', () => {
    const doc = hostileRun(secret);
    // Why masking goes first: table cells and prose escape the secret's underscores.
    expect(renderSummary(doc)).toContain('ghs\\_trust\\_render\\_S3cret');
    const masked = masker.maskDeep(doc);
    for (const out of [renderSummary(masked), renderComment(masked, { file: 'gantry.yml' }), renderMarkdown(masked), renderHtml(masked)]) {
      expect(masker.mask(out)).not.toMatch(/ghs.{0,2}trust.{0,2}render.{0,2}S3cret/);
    }
    expect(masked.capacity).toEqual(doc.capacity);
  });
});

describe('outputs', () => {
  const ids = ['test[shard=$(id)]', 'test[os=linux,node=20]', 'a\r::error::x', 'b\nfailed<<EOF\nc', 'd%0A::set-output name=x::y', 'e\u2028\u202e', 'ghadelimiter_0'];

  it('`failed` is a JSON array on one line: exact, unambiguous with commas, no control characters', () => {
    const value = failedOutput(ids);
    expect(JSON.parse(value)).toEqual(ids);
    expect(value).not.toMatch(CONTROL);
    expect(value).not.toMatch(/[\r\n]/);
    expect(failedOutput([])).toBe('[]');
  });

  it('@actions/core writes GITHUB_OUTPUT as heredocs no value can end early, multi-line ones included', () => {
    const dir = scratch();
    const file = join(dir, 'output');
    writeFileSync(file, '');
    const before = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = file;
    const multi = `line1\nresult=success\nfailed<<EOF\n[]\nEOF\n::set-output name=x::y\r\nlast`;
    try {
      core.setOutput('failed', failedOutput(ids));
      core.setOutput('multi', multi);
    } finally {
      if (before === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = before;
    }
    const parsed = parseOutputFile(readFileSync(file, 'utf8'));
    expect(Object.keys(parsed)).toEqual(['failed', 'multi']);
    expect(JSON.parse(parsed.failed)).toEqual(ids);
    // The runner reads `\r\n` as one line break; nothing else of the value changes.
    expect(parsed.multi).toBe(multi.replace('\r\n', '\n'));
  });

  it('action.yml documents exactly the outputs the action sets, `failed` as JSON', () => {
    const manifest = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const outputs = manifest.slice(manifest.indexOf('\noutputs:'), manifest.indexOf('\nruns:'));
    expect([...outputs.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1])).toEqual([...OUTPUT_NAMES]);
    expect(outputs).toMatch(/failed:\n\s+description: >-\n\s+The ids of the tasks and services that failed the run \([^)]*\n[^)]*\), as a JSON array/);
  });

  it('the examples hand outputs to scripts through env:, never as an expression inside run:', () => {
    const example = readFileSync(join(ROOT, '.github/workflows/example.yml'), 'utf8');
    const full = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const from = full.indexOf('## GitHub Action');
    const readme = full.slice(from, full.indexOf('\n## ', from + 1));
    for (const text of [example, readme]) {
      for (const m of text.matchAll(/^(\s*)(?:- )?run: (.*)$/gm)) expect(m[2], m[0]).not.toMatch(/\$\{\{/);
    }
    expect(example).toMatch(/FAILED: \$\{\{ steps\.gantry\.outputs\.failed \}\}/);
    expect(example).toMatch(/run: echo "[^"]*\$RESULT[^"]*\$FAILED[^"]*"$/m);
  });
});

/**
 * GITHUB_OUTPUT as the runner reads it: `name=value` lines, or `name<<DELIMITER`, value lines and
 * the delimiter alone on a line; lines end at `\n` (a `\r` before it dropped).
 */
function parseOutputFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      values[line.slice(0, eq)] = line.slice(eq + 1);
      continue;
    }
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`no delimiter for ${name}`);
    values[name] = body.join('\n');
  }
  return values;
}

describe('the CLI terminal output', () => {
  const graph = validate('version: 1\ntasks:\n  t:\n    image: busybox\n    matrix: { v: ["a\\r\\u001b[2Kb"] }\n    run: x\n').graph!;
  const id = graph.units[0].id;

  function run(color: boolean): string {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const progress = new RunProgress(graph, { out, tty: false, color, now: () => 0 });
    progress.event({ type: 'attempt-start', at: 0, unit: id, attempt: 1, memory: 1 });
    for (const line of HOSTILE) progress.line(id, 1, 'stdout', line);
    progress.line(id, 1, 'stderr', '\x1b[31mred\x1b[0m');
    progress.event({ type: 'service-stop', at: 1, unit: id, failed: `last output: ${HOSTILE.join(' | ')}` });
    progress.event({ type: 'attempt-end', at: 1, unit: id, attempt: 1, outcome: { status: 'failed', message: HOSTILE[4] }, willRetry: true });
    progress.event({ type: 'unit-end', at: 2, unit: id, status: 'skipped', reason: `needs x: ${HOSTILE[1]}` });
    progress.finish();
    return text;
  }

  it('without colour: no control character of a container or the file reaches the terminal', () => {
    const text = run(false);
    expect(text).not.toMatch(CONTROL);
    expect(text).toContain('a␍␛[2Kb');
    expect(text).toContain('ok␍::error::pwned');
    expect(text).toContain('red');
  });

  it('with colour: only colour (SGR) sequences, never cursor moves, clears, titles or a CR', () => {
    const text = run(true);
    // eslint-disable-next-line no-control-regex
    expect(text.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(CONTROL);
    expect(text).toContain('\x1b[31mred\x1b[0m');
  });
});

describe('end to end: the action on the real engine, with a hostile batch file', () => {
  const TOKEN = 'ghs_trust_e2e_S3cretT0ken';
  let gh: FakeGitHub;
  let ws: string;
  let bundle: string;

  beforeAll(async () => {
    execFileSync('docker', ['image', 'inspect', 'busybox:latest'], { stdio: 'ignore' });
    bundle = (await bundleAction()).dir;
    gh = await new FakeGitHub().start();
    gh.tokens.set(TOKEN, { login: ACTIONS_BOT, type: 'Bot' });
    ws = mkdtempSync(join(tmpdir(), 'gantry-trust-ws-'));
    writeFileSync(join(ws, 'gantry.yml'), [
      'version: 1',
      'name: trust',
      'defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }',
      'services:',
      '  flaky:',
      '    run: |',
      "      printf 'boot\\r::set-output name=x::y\\n'",
      "      printf 'ok\\r::error::pwned\\n'",
      `      printf 'leak ${TOKEN}\\n'`,
      '      sleep 1',
      '      exit 3',
      '    health: { run: "test -e /tmp/never", interval: 200ms, retries: 100 }',
      '  sick:',
      '    run: exec sleep 60',
      '    health:',
      '      run: |',
      "        printf 'probe\\033]0;retitled\\007\\r::error::probe-pwned'; exit 1",
      '      interval: 200ms',
      '      retries: 2',
      'tasks:',
      '  after-flaky:',
      '    needs: [flaky]',
      '    run: echo never',
      '  after-sick:',
      '    needs: [sick]',
      '    run: echo never',
      '  shard:',
      '    matrix:',
      '      v: ["a\\r::error::id-pwned", "$(id)", "x`<b>|%0A::", "\\u202e\\u2028"]',
      '    run: |',
      "      printf 'out\\r::error::task-pwned\\n'",
      "      printf '::set-output name=y::z\\n'",
      "      printf 'see ##[error]legacy-pwned\\n'",
      "      printf '\\033]0;title\\007\\033[2Jcleared\\n'",
      `      echo "leak ${TOKEN}"`,
      '      exit 1',
      '',
    ].join('\n'));
    writeFileSync(join(ws, 'event.json'), JSON.stringify({ number: 9, pull_request: { number: 9, head: { repo: { full_name: 'mallory/app' } }, base: { repo: { full_name: 'octo/app' } } } }));
  }, 120_000);

  afterAll(async () => {
    await gh?.stop();
    for (const dir of [ws, bundle]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function env(name: string, state: Record<string, string> = {}): NodeJS.ProcessEnv {
    for (const f of ['output', 'state', 'summary']) writeFileSync(join(ws, `${name}.${f}`), '');
    const e: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'octo/app',
      GITHUB_RUN_ID: '77', GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: gh.url, GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(ws, 'event.json'), GITHUB_OUTPUT: join(ws, `${name}.output`), GITHUB_STATE: join(ws, `${name}.state`),
      GITHUB_STEP_SUMMARY: join(ws, `${name}.summary`), RUNNER_NAME: 'trust-runner', 'INPUT_GITHUB-TOKEN': TOKEN, INPUT_FILE: 'gantry.yml',
      // The strict policy a fork gets is not what this test is about; the file asks for nothing it refuses.
      INPUT_POLICY: 'auto',
    };
    for (const [k, v] of Object.entries(state)) e[`STATE_${k}`] = v;
    return e;
  }

  function step(script: string, name: string, e: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; outputs: Record<string, string>; state: Record<string, string>; summary: string }> {
    const child = spawn(process.execPath, [join(bundle, script)], { cwd: ws, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    return new Promise((ok) =>
      child.on('close', (code) =>
        ok({
          code,
          stdout,
          outputs: parseOutputFile(readFileSync(join(ws, `${name}.output`), 'utf8')),
          state: parseOutputFile(readFileSync(join(ws, `${name}.state`), 'utf8')),
          summary: readFileSync(join(ws, `${name}.summary`), 'utf8'),
        }),
      ),
    );
  }

  it('container output, failure messages, probe output and matrix ids never act; outputs are as documented; the token shows nowhere', async () => {
    const main = await step('main.mjs', 'main', env('main'));
    expect(main.code, main.stdout).toBe(1);

    // The runner's view: only our commands, no control character anywhere in the log.
    expectOnlyOurCommands(main.stdout, TOKEN);
    expect(main.stdout).not.toMatch(CONTROL);
    const shown = stoppedLines(main.stdout).join('\n');
    expect(shown).toMatch(/service flaky failed: .*boot␍::set-output name=x::y \| ok␍::error::pwned/);
    // The service is the failure; its dependent only says why it did not run.
    expect(shown).toMatch(/after-flaky skipped: service flaky /);
    expect(shown).toMatch(/service sick failed: .*probe␛\]0;retitled␇ ::error::probe-pwned/);
    expect(shown).toContain('out␍::error::task-pwned');
    expect(shown).toContain('␛]0;title␇␛[2Jcleared');
    const errors = runnerCommands(main.stdout).filter((c) => c.name === 'error');
    // One annotation per failed task: the matrix expansions of `shard` share one, naming each.
    expect(errors.map((c) => c.data.split(':')[0])).toEqual(expect.arrayContaining(['Service flaky failed', 'Service sick failed', "4 of shard's expansions failed"]));
    expect(errors.find((c) => c.data.startsWith('4 of shard'))?.data).toContain('Task shard[v=a␍');

    // Outputs: exactly the documented four, in their documented forms.
    expect(Object.keys(main.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(main.outputs.result).toBe('failure');
    expect(main.outputs.failed).not.toMatch(CONTROL);
    expect(JSON.parse(main.outputs.failed).sort()).toEqual(['flaky', 'sick', 'shard[v=a\r::error::id-pwned]', 'shard[v=$(id)]', 'shard[v=x`<b>|%0A::]', 'shard[v=\u202e\u2028]'].sort());
    expect(main.outputs.makespan).toMatch(/^\d+\.\d$/);
    expect(isAbsolute(main.outputs.report) && existsSync(main.outputs.report)).toBe(true);

    // The summary and the comment: no control characters; the token nowhere but the add-mask line.
    expect(main.summary).toContain('## Gantry: trust');
    expect(main.summary).not.toMatch(CONTROL);
    const comments = gh.commentsOn('octo/app#9');
    expect(comments).toHaveLength(1);
    expect(comments[0].body).not.toMatch(CONTROL);
    expect(gh.violations).toEqual([]);
    expect(runnerLines(main.stdout).filter((l) => l.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`]);
    expect(main.stdout).toContain('leak ***');
    for (const text of [main.summary, comments[0].body]) expect(text).not.toMatch(/ghs.{0,2}trust.{0,2}e2e/);
    const dir = join(main.outputs.report, '..');
    const files = ['report.json', 'report.md', 'report.html', ...readdirSync(join(dir, 'logs')).map((f) => join('logs', f))];
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain(TOKEN);

    const post = await step('post.mjs', 'post', env('post', main.state));
    expect(post.code).toBe(0);
    expectOnlyOurCommands(post.stdout, TOKEN);
    const left = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.gantry.run=${main.state['run-id']}`], { encoding: 'utf8' }).trim();
    expect(left).toBe('');
  }, 180_000);
});
