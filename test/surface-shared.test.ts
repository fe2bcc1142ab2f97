/**
 * The CLI and the GitHub Action are two surfaces over one shared layer (`core/surface/`): the same
 * bad input ends both the same way — the same exit code and the same message (each surface naming
 * its own inputs: `--cpus` on the command line, `cpus:` under `with:`) — and the action's outputs
 * say nothing ran. Both are driven in-process: the CLI through `main` with buffers, the action
 * through `runAction` with its inputs as the runner passes them (`INPUT_*`) and its log captured;
 * the engine case talks to a Docker address where nothing listens.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runAction } from '../action/run-action';
import type { CliIo } from '../cli/io';
import { main } from '../cli/main';
import { CPUS_FORMS, MEMORY_FORMS } from '../core/quantity';
import { GantryError } from '../core/diagnostics';
import { classifyError } from '../core/surface/classify';
import { EXIT } from '../core/surface/exit-codes';
import { runnerCommands } from './support/runner-log';

const dir = mkdtempSync(join(tmpdir(), 'gantry-surface-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = 'version: 1\ntasks:\n  a: { image: gantry-test/busybox:latest, run: "true", cpus: 0.1, memory: 16Mi }\n';
const NUL_AT = 'version: 1\x00\n'; // NUL at line 1, column 11 (one-based)
/** `image: caf` then the byte 0xE9 (Latin-1 "é", not UTF-8), at line 4, column 15. */
const LATIN1 = Buffer.concat([Buffer.from('version: 1\ntasks:\n  a:\n    image: caf'), Buffer.from([0xe9]), Buffer.from('\n    run: "true"\n')]);

function write(name: string, bytes: string | Buffer): string {
  writeFileSync(join(dir, name), bytes);
  return name;
}

interface Ended {
  code: number;
  /** The CLI's stderr; the action's error annotations' data, one per entry. */
  messages: string[];
}

/** `gantry <argv>` in-process, in `dir`, with `env`. */
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Ended & { stderr: string }> {
  const chunks: string[] = [];
  const sink = () => new Writable({ write: (chunk, _encoding, done) => void (chunks.push(String(chunk)), done()) });
  const stdout = new Writable({ write: (_chunk, _encoding, done) => done() });
  const io: CliIo = { stdout, stderr: sink(), cwd: dir, env, signal: new AbortController().signal };
  const code = await main(argv, io);
  const stderr = chunks.join('');
  return { code, stderr, messages: stderr.split('\n').filter(Boolean) };
}

describe('the CLI and the action end the same way for the same bad input', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  /** The action's main step with these inputs (`file` and the rest), in `dir`. */
  async function action(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    let log = '';
    for (const [name, value] of Object.entries({ comment: 'never', policy: 'trusted', ...inputs })) process.env[`INPUT_${name.toUpperCase()}`] = value;
    for (const key of ['OUTPUT', 'STATE', 'STEP_SUMMARY']) writeFileSync((process.env[`GITHUB_${key}`] = join(dir, `runner-${key}`)), '');
    for (const key of ['GITHUB_ENV', 'GITHUB_EVENT_PATH', 'GITHUB_WORKSPACE']) delete process.env[key];
    const code = await runAction({ env, cwd: dir, signal: new AbortController().signal, write: (text) => void (log += text) });
    const errors = runnerCommands(log).filter((c) => c.name === 'error');
    const outputs = readFileSync(join(dir, 'runner-OUTPUT'), 'utf8');
    const output = (name: string) => outputs.match(new RegExp(`^${name}<<(\\S+)\\n([^]*?)\\n\\1$`, 'm'))?.[2];
    return { code, messages: errors.map((c) => c.data), errors, result: output('result'), failed: output('failed'), report: output('report') };
  }

  it('a file over 5 MiB: refused unread, exit 2, one line', async () => {
    const big = write('big.yml', `version: 1\n#${'x'.repeat(5 * 1024 * 1024 + 100)}\n`);
    const c = await cli(['run', big]);
    const a = await action({ file: big });
    expect([c.code, a.code]).toEqual([EXIT.invalid, EXIT.invalid]);
    const line = 'is 5.0 MiB; batch files may be at most 5 MiB [file-too-large]';
    expect(c.messages).toEqual([`big.yml: error: ${line}`]);
    expect(a.messages).toEqual([`big.yml: ${line}`]);
    expect(a).toMatchObject({ result: 'failure', failed: '[]', report: '' });
  });

  it('a missing file: exit 2, the same line (the action adds where to look)', async () => {
    const c = await cli(['run', 'nope.yml']);
    const a = await action({ file: 'nope.yml' });
    expect([c.code, a.code]).toEqual([EXIT.invalid, EXIT.invalid]);
    expect(c.messages).toEqual(['nope.yml: error: no such file [file-not-found]']);
    expect(a.messages).toHaveLength(1);
    expect(a.messages[0]).toMatch(/^nope\.yml: no such file \[file-not-found\]\nCheck the `file` and `working-directory` inputs/);
  });

  it('a binary file: binary-file at the first NUL, exit 2', async () => {
    const bin = write('image.yml', NUL_AT);
    const c = await cli(['run', bin]);
    const a = await action({ file: bin });
    expect([c.code, a.code]).toEqual([EXIT.invalid, EXIT.invalid]);
    expect(c.messages).toEqual([expect.stringMatching(/^image\.yml:1:11: error: The file contains NUL bytes.* \[binary-file\]$/)]);
    const at = a.errors.find((e) => e.properties.file === 'image.yml');
    expect(at).toMatchObject({ properties: { line: '1', col: '11' }, data: expect.stringMatching(/^The file contains NUL bytes.* \[binary-file\]$/) });
    expect(c.messages[0]).toContain(at!.data);
    expect(a.messages.at(-1)).toBe('image.yml has 1 error; nothing was run.');
    expect(a.result).toBe('failure');
  });

  it('bytes that are not UTF-8: invalid-utf8 at the first bad byte, exit 2', async () => {
    const latin1 = write('latin1.yml', LATIN1);
    const c = await cli(['run', latin1]);
    const a = await action({ file: latin1 });
    expect([c.code, a.code]).toEqual([EXIT.invalid, EXIT.invalid]);
    expect(c.messages).toEqual([expect.stringMatching(/^latin1\.yml:4:15: error: .* \[invalid-utf8\]$/)]);
    const at = a.errors.find((e) => e.properties.file === 'latin1.yml');
    expect(at?.properties).toMatchObject({ line: '4', col: '15' });
    expect(c.messages[0]).toContain(at!.data);
  });

  it('a bind that leaves the folder through a link, under strict: refused before the run, at its place', async () => {
    mkdirSync(join(dir, 'binds'), { recursive: true });
    symlinkSync('/etc', join(dir, 'binds', 'etc'));
    const file = write('binds/bind.yml', 'version: 1\ntasks:\n  a:\n    image: gantry-test/busybox:latest\n    run: "true"\n    volumes: ["./etc:/host-etc:ro"]\n');
    const c = await cli(['run', file, '--policy', 'strict']);
    const a = await action({ file, policy: 'strict' });
    expect([c.code, a.code]).toEqual([EXIT.invalid, EXIT.invalid]);
    expect(c.messages).toEqual([expect.stringMatching(/^binds\/bind\.yml:6:\d+: error: .* \[policy-bind-outside\]$/)]);
    const at = a.errors.find((e) => e.properties.file === 'binds/bind.yml');
    expect(at?.properties.line).toBe('6');
    expect(c.messages[0]).toContain(at!.data);
  });

  describe('capacity given wrong', () => {
    const cases: [string, string, string][] = [
      ['cpus', 'many', CPUS_FORMS],
      ['memory', '12 bananas', MEMORY_FORMS],
      ['parallel', '0', 'a whole number of at least 1'],
      // A whole number no JavaScript number holds exactly: the action took it as 1e20 before.
      ['parallel', '99999999999999999999', 'a whole number of at least 1'],
    ];
    it.each(cases)('%s: %s → exit 2, "expected …" from the one parser', async (input, value, expected) => {
      const good = write('good.yml', GOOD);
      const c = await cli(['run', good, `--${input}`, value]);
      const a = await action({ file: good, [input]: value });
      expect([c.code, a.code]).toEqual([EXIT.invalid, EXIT.invalid]);
      expect(c.stderr).toMatch(new RegExp(`^gantry run: --${input} ${value}; expected .*\\n\\nUsage: gantry run FILE`));
      expect(c.stderr.split('\n')[0]).toBe(`gantry run: --${input} ${value}; expected ${expected}.`);
      expect(a.messages).toEqual([`Input "${input}" is "${value}"; expected ${expected}.\nFix the \`${input}:\` line under \`with:\` in the workflow.`]);
      expect(a).toMatchObject({ result: 'failure', failed: '[]', report: '' });
    });
  });

  it('the engine unreachable (DOCKER_HOST=unix:///nonexistent): exit 3, the same message and hint', async () => {
    const good = write('good.yml', GOOD);
    const env = { DOCKER_HOST: 'unix:///nonexistent' };
    const c = await cli(['run', good], env);
    const a = await action({ file: good }, env);
    expect([c.code, a.code]).toEqual([EXIT.engine, EXIT.engine]);
    expect(a.messages).toHaveLength(1);
    const [message, hint] = a.messages[0].split('\n');
    expect(message).toMatch(/^Cannot connect to the Docker engine: .*\/nonexistent/);
    expect(c.messages).toEqual([`gantry: error: ${message} ${hint}`]);
    expect(a).toMatchObject({ result: 'failure', failed: '[]' });
  });

  it('one classification: a cancel while waiting for the engine is 130, an engine fault 3, a bug 70', () => {
    // The action ended a cancel thrown by the engine client with 2 before; the CLI with 130.
    expect(classifyError(new GantryError('cancelled', 'Cancelled while waiting for the Docker engine (ping).'))).toEqual({ exitCode: EXIT.cancelled, code: 'cancelled', line: 'cancelled before the run started' });
    expect(classifyError(new GantryError('engine-timeout', 'The engine\ndid not answer.', undefined, 'Check it.'))).toEqual({ exitCode: EXIT.engine, code: 'engine-timeout', line: 'The engine did not answer.', hint: 'Check it.' });
    expect(classifyError(new TypeError('x is undefined'))).toMatchObject({ exitCode: EXIT.internal, code: 'internal-error', line: expect.stringMatching(/^internal error: TypeError: x is undefined\n\s+at /) });
  });
});
