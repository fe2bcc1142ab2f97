/**
 * `gantry run --keep-failed` on the real engine, through the CLI in-process: a failed task's
 * container, the service it needed and the run's network stay (with hints to use them), the next
 * run's leftover sweep leaves them alone, `gantry cleanup --run ID` removes them; without the flag
 * (or when nothing failed) nothing stays.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-io';
import { labelled } from './fixtures/engine';
import { debugImage } from '../cli/kept-hints';

const root = mkdtempSync(join(tmpdir(), 'gantry-keep-failed-'));
const runs: string[] = [];
afterAll(() => {
  // A failed assertion must not leave the kept run behind.
  for (const id of runs) {
    for (const c of labelledContainers(id)) execFileSync('docker', ['rm', '-f', c], { stdio: 'ignore' });
    execFileSync('sh', ['-c', `docker network ls -q --filter label=dev.gantry.run=${id} | xargs -r docker network rm; docker volume ls -q --filter label=dev.gantry.run=${id} | xargs -r docker volume rm`], { stdio: 'ignore' });
  }
  rmSync(root, { recursive: true, force: true });
});

function labelledContainers(runId: string): string[] {
  return execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.gantry.run=${runId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** `name status` of each container of the run, sorted. */
function containers(runId: string): string[] {
  const out = execFileSync('docker', ['ps', '-a', '--filter', `label=dev.gantry.run=${runId}`, '--format', '{{.Names}} {{.State}}'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).sort();
}

function networks(runId: string): string[] {
  return execFileSync('docker', ['network', 'ls', '--filter', `label=dev.gantry.run=${runId}`, '--format', '{{.Name}}'], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

const YAML = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
services:
  db:
    run: "exec sleep 300"
tasks:
  ok: { run: "true" }
  bad: { needs: [db], run: "echo broken > /tmp/state; exit 3" }
`;

function batch(): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, YAML);
  return { dir, file };
}

function runIdOf(stdout: string): string {
  const m = /gantry cleanup --run (\S+)/.exec(stdout);
  expect(m, stdout).not.toBeNull();
  return m![1];
}

describe('gantry run --keep-failed', () => {
  it('keeps the failed task, its service and the network; the next run spares them; cleanup --run removes them', async () => {
    const { dir, file } = batch();
    const r = await runCli(['run', file, '--keep-failed'], { cwd: dir });
    expect(r.code).toBe(1);
    const runId = runIdOf(r.stdout);
    runs.push(runId);
    const left = containers(runId);
    // The failed task (exited) and the service (running); the successful task is gone.
    expect(left).toHaveLength(2);
    const task = left.find((c) => c.endsWith(' exited'))!.split(' ')[0];
    const service = left.find((c) => c.endsWith(' running'))!.split(' ')[0];
    expect(task).toMatch(/bad/);
    expect(service).toMatch(/db/);
    expect(networks(runId)).toEqual([`gantry-${runId}`]);
    // The hints name both, with commands ready to paste.
    expect(r.stdout).toContain(`task bad: container ${task} (exited)`);
    expect(r.stdout).toContain(`docker logs ${task}`);
    expect(r.stdout).toContain(`docker commit ${task} ${debugImage(task)} && docker run --rm -it --network gantry-${runId} --entrypoint sh ${debugImage(task)}`);
    expect(r.stdout).toContain(`service db: container ${service} (running)`);
    expect(r.stdout).toContain(`docker exec -it ${service} sh`);
    // What the failed task left is there to read.
    expect(execFileSync('docker', ['cp', `${task}:/tmp/state`, '-'], { encoding: 'utf8' })).toContain('broken');

    // A second run in the same folder (same instance) does not sweep them, and says so.
    const second = await runCli(['run', file], { cwd: dir });
    expect(second.code).toBe(1);
    expect(second.stdout).toContain(`run ${runId} left alone: kept by --keep-failed; remove with gantry cleanup --run ${runId}`);
    expect(containers(runId)).toEqual(left);
    // Bare cleanup leaves it too.
    const bare = await runCli(['cleanup'], { cwd: dir });
    expect(bare.stdout).toContain(`run ${runId}: left alone, kept by --keep-failed`);
    expect(containers(runId)).toEqual(left);

    const cleanup = await runCli(['cleanup', '--run', runId], { cwd: dir });
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toMatch(new RegExp(`run ${runId}: removed .*2 containers, 1 network`));
    expect(labelled(`dev.gantry.run=${runId}`)).toEqual([]);
  }, 120_000);

  it('without the flag nothing is left, and neither with it when nothing failed', async () => {
    const { dir, file } = batch();
    const r = await runCli(['run', file, '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const runId = (JSON.parse(r.stdout) as { runId: string }).runId;
    expect(r.stderr).not.toContain('kept for debugging');
    expect(labelled(`dev.gantry.run=${runId}`)).toEqual([]);

    const okDir = mkdtempSync(join(root, 'ok-'));
    writeFileSync(join(okDir, 'gantry.yml'), YAML.replace('exit 3', 'exit 0'));
    const ok = await runCli(['run', join(okDir, 'gantry.yml'), '--keep-failed', '--json'], { cwd: okDir });
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toContain('kept for debugging');
    expect(labelled(`dev.gantry.run=${(JSON.parse(ok.stdout) as { runId: string }).runId}`)).toEqual([]);
  }, 120_000);
});
