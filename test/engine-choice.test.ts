/**
 * Choosing the engine (core/surface/engines.ts): `--engine` on `gantry run` and `gantry cleanup`,
 * the action's `engine:` input, the file's `capacity.engine`, in that order; a wrong name is a
 * usage error; the post step sweeps the engine the main step chose. Driven in-process (the CLI's
 * `main` with buffers, the action's `runAction` and `runPost` with their inputs and state as the
 * runner passes them) on the real engine. The swarm backend cannot run yet: a run sent there must
 * end with its own message and exit code 3, never a stack trace. Its runs are given a Docker
 * address where nothing listens, so this holds for the finished backend too (an engine it cannot
 * reach), and its message is told from the Docker backend's for the same address.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../action/run-action';
import { runPost } from '../action/post-action';
import { readInputs } from '../action/inputs';
import type { CliIo } from '../cli/io';
import { engineErrorLine } from '../cli/io';
import { main } from '../cli/main';
import { GantryError } from '../core/diagnostics';
import type { EngineName } from '../core/model';
import { engineChoice, engineFromValue, loadBackend } from '../core/surface/engines';
import { EXIT } from '../core/surface/exit-codes';
import { parseFileCommand } from './support/file-command';
import { runnerCommands } from './support/runner-log';

const dir = mkdtempSync(join(tmpdir(), 'gantry-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Docker address where nothing listens: what the runs sent to the swarm are given. */
const NOWHERE = { DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}` };
/** The real engine (the default socket). */
const REAL = { PATH: process.env.PATH, HOME: process.env.HOME };

const TASKS = 'tasks:\n  a: { image: busybox:latest, run: "echo ran", cpus: 0.1, memory: 16Mi }\n';
function batch(name: string, engine?: string): string {
  writeFileSync(join(dir, name), `version: 1\n${engine ? `capacity: { engine: ${engine} }\n` : ''}${TASKS}`);
  return name;
}

/** What `name`'s backend says when it cannot connect with `env`: the refusal a surface must pass on. */
async function refusal(name: EngineName, env: NodeJS.ProcessEnv): Promise<GantryError> {
  const backend = await loadBackend(name);
  const outcome = await backend.connect({ env }).then(
    async (connection) => {
      await connection.close();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(outcome, `${name} connected to an address where nothing listens`).toBeInstanceOf(GantryError);
  return outcome as GantryError;
}

let swarmRefusal: GantryError;
beforeAll(async () => {
  swarmRefusal = await refusal('swarm', NOWHERE);
  // Else these tests could not tell which backend a surface used.
  expect(swarmRefusal.message).not.toBe((await refusal('docker', NOWHERE)).message);
  expect(swarmRefusal.code).toMatch(/^engine-/);
});

/** `gantry <argv>` in-process, in `dir`. */
async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: new Writable({ write: (chunk, _e, done) => void ((stdout += String(chunk)), done()) }),
    stderr: new Writable({ write: (chunk, _e, done) => void ((stderr += String(chunk)), done()) }),
    cwd: dir,
    env,
    signal: new AbortController().signal,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('engineChoice and the engine names', () => {
  it('takes the caller\'s engine over the file\'s, the file\'s over docker, and says where it came from', () => {
    expect(engineChoice('swarm', 'docker')).toEqual({ name: 'swarm', source: 'flag' });
    expect(engineChoice('docker', 'swarm')).toEqual({ name: 'docker', source: 'flag' });
    expect(engineChoice(undefined, 'swarm')).toEqual({ name: 'swarm', source: 'file' });
    expect(engineChoice(undefined, undefined)).toEqual({ name: 'docker', source: 'default' });
  });

  it('reads a name as typed: empty is not given; a wrong one names what is accepted, with a did-you-mean', () => {
    const spelling = { subject: (input: string, value: string) => `--${input} ${value}` };
    expect(engineFromValue('swarm', spelling)).toBe('swarm');
    expect(engineFromValue(undefined, spelling)).toBeUndefined();
    expect(engineFromValue('', spelling)).toBeUndefined();
    expect((engineFromValue('swram', spelling) as GantryError).message).toBe('--engine swram; expected docker or swarm (did you mean swarm?).');
    expect((engineFromValue('k8s', spelling) as GantryError).message).toBe('--engine k8s; expected docker or swarm.');
    expect((engineFromValue('x'.repeat(10_000), spelling) as GantryError).message.length).toBeLessThan(120);
  });

  it('loads each backend by its name', async () => {
    expect((await loadBackend('docker')).name).toBe('docker');
    expect((await loadBackend('swarm')).name).toBe('swarm');
  });

  it('keeps the backends out of the CLI\'s entry chunk: validate and plan do not load an engine client', async () => {
    const result = await build({
      entryPoints: { gantry: 'cli/gantry.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      splitting: true,
      outdir: join(dir, 'bundle'),
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['*.node'],
    });
    const outputs = Object.entries(result.metafile.outputs);
    const entry = outputs.find(([, o]) => o.entryPoint === 'cli/gantry.ts')![1];
    const loaded = Object.keys(entry.inputs);
    expect(loaded).toContain('core/surface/engines.ts');
    expect(loaded.filter((i) => i.includes('dockerode') || i.includes('core/backends/'))).toEqual([]);
    // Each backend is a chunk of its own, loaded on demand.
    const chunkOf = (path: string) => outputs.filter(([, o]) => Object.keys(o.inputs).includes(path)).map(([name]) => name);
    expect(chunkOf('core/backends/swarm/backend.ts')).toHaveLength(1);
    expect(chunkOf('core/backends/docker/backend.ts')).toHaveLength(1);
    expect(chunkOf('core/backends/swarm/backend.ts')).not.toEqual(chunkOf('core/backends/docker/backend.ts'));
  });
});

describe('gantry run --engine', () => {
  it('refuses a wrong name as a usage error (exit 2), before reading the file', async () => {
    const typo = await cli(['run', 'missing.yml', '--engine', 'swram'], NOWHERE);
    expect(typo.code).toBe(EXIT.invalid);
    expect(typo.stderr.split('\n')[0]).toBe('gantry run: --engine swram; expected docker or swarm (did you mean swarm?).');
    expect(typo.stderr).toContain('Usage: gantry run FILE');
    const empty = await cli(['run', 'missing.yml', '--engine='], NOWHERE);
    expect([empty.code, empty.stderr.split('\n')[0]]).toEqual([EXIT.invalid, 'gantry run: --engine needs a value; expected docker or swarm.']);
    const bare = await cli(['run', 'missing.yml', '--engine'], NOWHERE);
    expect(bare.code).toBe(EXIT.invalid);
    expect(bare.stderr).toMatch(/^gantry run: .*--engine/);
  });

  it('is in --help', async () => {
    const help = await cli(['run', '--help'], NOWHERE);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toMatch(/^ {2}--engine E {9}docker: the Docker engine/m);
  });

  it('sends a run to the swarm from the file, or from the flag over the file\'s docker: exit 3 with the backend\'s message, no stack', async () => {
    const expected = engineErrorLine(swarmRefusal);
    for (const argv of [['run', batch('file-swarm.yml', 'swarm')], ['run', batch('file-docker.yml', 'docker'), '--engine', 'swarm'], ['run', batch('plain.yml'), '--engine', 'swarm']]) {
      const ran = await cli(argv, NOWHERE);
      expect(ran.code, argv.join(' ')).toBe(EXIT.engine);
      expect(ran.stderr, argv.join(' ')).toBe(expected);
      expect(ran.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('runs on the Docker engine when the flag says docker over the file\'s swarm', async () => {
    const ran = await cli(['run', batch('file-swarm-2.yml', 'swarm'), '--engine', 'docker'], REAL);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(EXIT.ok);
    expect(ran.stdout).toMatch(/^a +│ ran$/m);
    expect(ran.stdout).toContain('succeeded: 1/1 tasks succeeded');
  });

  it('under --policy strict: the file alone may not choose the swarm (exit 2, at its place); --engine swarm may', async () => {
    const file = batch('strict-swarm.yml', 'swarm');
    const refused = await cli(['run', file, '--policy', 'strict'], NOWHERE);
    expect(refused.code).toBe(EXIT.invalid);
    expect(refused.stderr).toMatch(/^strict-swarm\.yml:2:21: error: capacity\.engine asks to run on the Docker Swarm, which only the workflow may choose: .* \[policy-engine-swarm\]$/m);
    const chosen = await cli(['run', file, '--policy', 'strict', '--engine', 'swarm'], NOWHERE);
    expect([chosen.code, chosen.stderr]).toEqual([EXIT.engine, engineErrorLine(swarmRefusal)]);
    // validate judges the file the same way, and takes the engine the run will be given.
    const validated = await cli(['validate', file, '--policy', 'strict'], NOWHERE);
    expect(validated.code).toBe(EXIT.invalid);
    expect(validated.stderr).toContain('[policy-engine-swarm]');
    const given = await cli(['validate', file, '--policy', 'strict', '--engine', 'swarm'], NOWHERE);
    expect([given.code, given.stderr, given.stdout]).toEqual([EXIT.ok, '', 'strict-swarm.yml: ok (1 task, 0 services)\n']);
    const wrong = await cli(['validate', file, '--engine', 'swarn'], NOWHERE);
    expect([wrong.code, wrong.stderr.split('\n')[0]]).toEqual([EXIT.invalid, 'gantry validate: --engine swarn; expected docker or swarm (did you mean swarm?).']);
  });
});

describe('gantry cleanup --engine', () => {
  it('refuses a wrong name (exit 2), and is in --help', async () => {
    const wrong = await cli(['cleanup', '--engine', 'kubernetes'], NOWHERE);
    expect(wrong.code).toBe(EXIT.invalid);
    expect(wrong.stderr.split('\n')[0]).toBe('gantry cleanup: --engine kubernetes; expected docker or swarm.');
    expect((await cli(['cleanup', '--help'], NOWHERE)).stdout).toContain('--engine E');
  });

  it('sweeps the engine named: the swarm ends with its message and exit 3; docker sweeps the engine', async () => {
    const swarm = await cli(['cleanup', '--engine', 'swarm', '--run', '20990101-000000-beef'], NOWHERE);
    expect([swarm.code, swarm.stderr]).toEqual([EXIT.engine, engineErrorLine(swarmRefusal)]);
    const docker = await cli(['cleanup', '--engine', 'docker', '--run', '20990101-000000-beef'], REAL);
    expect([docker.code, docker.stdout, docker.stderr]).toEqual([EXIT.ok, 'run 20990101-000000-beef: nothing to remove\n', '']);
  });
});

describe('the action\'s engine input', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('is read with the other inputs: empty is the file\'s (else docker); a wrong one names the input', () => {
    expect(readInputs(() => '').engine).toBeUndefined();
    expect(readInputs((n) => (n === 'engine' ? 'swarm' : '')).engine).toBe('swarm');
    expect(() => readInputs((n) => (n === 'engine' ? 'swram' : ''))).toThrow('Input "engine" is "swram"; expected docker or swarm (did you mean swarm?).');
  });

  /** The main step with these inputs, in `dir`; its log, error annotations, outputs and saved state. */
  async function mainStep(inputs: Record<string, string>, env: NodeJS.ProcessEnv) {
    let log = '';
    for (const [name, value] of Object.entries({ comment: 'never', policy: 'trusted', cache: 'false', ...inputs })) process.env[`INPUT_${name.toUpperCase()}`] = value;
    for (const key of ['OUTPUT', 'STATE', 'STEP_SUMMARY']) writeFileSync((process.env[`GITHUB_${key}`] = join(dir, `runner-${key}`)), '');
    for (const key of ['GITHUB_ENV', 'GITHUB_EVENT_PATH', 'GITHUB_WORKSPACE']) delete process.env[key];
    const code = await runAction({ env, cwd: dir, signal: new AbortController().signal, write: (text) => void (log += text) });
    const errors = runnerCommands(log).filter((c) => c.name === 'error');
    return {
      code,
      log,
      errors,
      outputs: parseFileCommand(readFileSync(join(dir, 'runner-OUTPUT'), 'utf8')),
      state: parseFileCommand(readFileSync(join(dir, 'runner-STATE'), 'utf8')),
    };
  }

  /** The post step with the main step's state, as the runner hands it over (`STATE_*`). */
  async function postStep(state: Record<string, string>, env: NodeJS.ProcessEnv) {
    for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value;
    let log = '';
    const code = await runPost(env, loadBackend, (text) => void (log += text), dir);
    return { code, log, warnings: runnerCommands(log).filter((c) => c.name === 'warning').map((c) => c.data) };
  }

  it('refuses a wrong value before anything runs: exit 2, the input named, nothing saved for the post step', async () => {
    const step = await mainStep({ file: batch('action-plain.yml'), engine: 'swram' }, NOWHERE);
    expect(step.code).toBe(EXIT.invalid);
    expect(step.errors.map((e) => e.data)).toEqual(['Input "engine" is "swram"; expected docker or swarm (did you mean swarm?).\nFix the `engine:` line under `with:` in the workflow.']);
    expect(step.state['run-id']).toBeUndefined();
  });

  it('engine: swarm fails the step with the backend\'s message and exit 3; the post step sweeps the swarm, not the Docker engine', async () => {
    const step = await mainStep({ file: batch('action-plain-2.yml'), engine: 'swarm' }, NOWHERE);
    expect(step.code).toBe(EXIT.engine);
    expect(step.errors.map((e) => e.data)).toEqual([`${swarmRefusal.message}${swarmRefusal.hint ? `\n${swarmRefusal.hint}` : ''}`]);
    expect(step.log).not.toMatch(/\n\s+at /);
    expect(step.log).toContain('Gantry: engine: swarm (the engine input)');
    expect(step.outputs.result).toBe('failure');
    expect(step.state).toMatchObject({ engine: 'swarm', 'run-id': expect.stringMatching(/^\d{8}-\d{6}-[0-9a-f]{4}$/) });

    const post = await postStep(step.state, NOWHERE);
    expect(post.code).toBe(0);
    const cleanup = post.warnings.filter((w) => w.includes('could not clean up'));
    expect(cleanup).toHaveLength(1);
    expect(cleanup[0]).toContain(`could not clean up run ${step.state['run-id']} on ${(await loadBackend('swarm')).label}: ${swarmRefusal.message.replace(/\.$/, '')}. Resources labelled`);
  });

  it('the file\'s capacity.engine: swarm is followed under trusted, refused under strict (at its line), overridden by engine: docker', async () => {
    const file = batch('action-swarm.yml', 'swarm');
    const trusted = await mainStep({ file }, NOWHERE);
    expect(trusted.code).toBe(EXIT.engine);
    expect(trusted.log).toContain('Gantry: engine: swarm (capacity.engine in action-swarm.yml)');
    expect(trusted.state.engine).toBe('swarm');

    const strict = await mainStep({ file, policy: 'strict' }, NOWHERE);
    expect(strict.code).toBe(EXIT.invalid);
    expect(strict.errors.find((e) => e.data.includes('[policy-engine-swarm]') || e.properties.title?.includes('policy-engine-swarm'))?.properties).toMatchObject({ file: 'action-swarm.yml', line: '2' });
    expect(strict.state['run-id']).toBeUndefined();

    // The workflow's choice stands over the file, strict or not: this one really runs, on the Docker engine.
    const docker = await mainStep({ file, policy: 'strict', engine: 'docker' }, REAL);
    expect(docker.code).toBe(EXIT.ok);
    expect(docker.outputs.result).toBe('success');
    expect(docker.log).toContain('Gantry: engine: docker (the engine input)');
    expect(docker.state.engine).toBe('docker');
    const post = await postStep(docker.state, REAL);
    expect(post.warnings).toEqual([]);
    expect(post.log).toContain(`Gantry: run ${docker.state['run-id']} left nothing behind.`);
  });

  it('a post step without a saved engine (a main step of an earlier version) sweeps the Docker engine', async () => {
    const post = await postStep({ 'run-id': '20990101-000000-cafe', engine: '', finished: 'true' }, NOWHERE);
    expect(post.warnings).toHaveLength(1);
    expect(post.warnings[0]).toContain(`on the Docker engine: ${(await refusal('docker', NOWHERE)).message.replace(/\.$/, '')}`);
  });
});
