/**
 * `gantry run --resume` on the real engine, through the CLI in-process: a failed run keeps the
 * volume its failed task needs; the resume runs only what failed and what needs it, hands on the
 * recorded outputs and mounts that same volume, and leaves nothing labelled. Also: nothing to do
 * after a success, an unknown run, a changed file, and the kept volumes going with `gantry
 * cleanup` and with the next full run.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInCi } from './support/cli-io';
import { labelled } from './fixtures/engine';
import { defaultInstance } from '../core/run/run-batch';
import type { RunDocument } from '../core/report/run-document';

const root = mkdtempSync(join(tmpdir(), 'gantry-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// `b` fails until the test creates `marker` beside the file; it checks `a`'s output and the file
// `a` wrote into the shared volume. `c` needs `b`; `d` needs only `a` and succeeds at once.
const BATCH = `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
volumes:
  data: {}
tasks:
  a:
    volumes: ["data:/data"]
    run: echo written-by-a > /data/file && echo "greeting=hi-from-a" >> "$GANTRY_OUTPUT"
    outputs: [greeting]
  b:
    needs: [a]
    volumes: [".:/src:ro", "data:/data"]
    env: { G: "\${{ needs.a.outputs.greeting }}" }
    run: test -f /src/marker && test "$G" = hi-from-a && test "$(cat /data/file)" = written-by-a && echo "b saw $G and $(cat /data/file)"
  c:
    needs: [b]
    run: echo c done
  d:
    needs: [a]
    run: echo d done
`;

function batch(yaml = BATCH): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, yaml);
  return { dir, file };
}

const gantry = (args: string[], cwd: string) => runCliInCi(args, {}, cwd);

function report(dir: string, runId: string): RunDocument {
  return JSON.parse(readFileSync(join(dir, '.gantry', 'runs', runId, 'report.json'), 'utf8')) as RunDocument;
}

function volumes(runId: string): string[] {
  return execFileSync('docker', ['volume', 'ls', '-q', '--filter', `label=dev.gantry.run=${runId}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Runs the batch once (b fails): its run id, the volume kept. */
async function failedRun(dir: string, file: string): Promise<string> {
  const r = await gantry(['run', file, '--json'], dir);
  expect(r.code, r.stderr).toBe(1);
  const runId = (JSON.parse(r.stdout) as { runId: string }).runId;
  const doc = report(dir, runId);
  expect(Object.fromEntries(doc.units.map((u) => [u.id, u.status]))).toEqual({ a: 'succeeded', b: 'failed', c: 'skipped', d: 'succeeded' });
  expect(doc.fileHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(doc.keptVolumes).toEqual({ data: { volume: `gantry-${runId}-data`, run: runId } });
  expect(r.stderr).toContain('kept for --resume: volume data');
  // The cleanup it offers removes this run's, not every ended run's on the engine.
  expect(r.stderr).toContain(`gantry cleanup --run ${runId}`);
  // The volume stays, with the marker saying the run has ended; nothing else does.
  expect(volumes(runId).sort()).toEqual([`gantry-${runId}-data`, `gantry-${runId}-resume`]);
  expect(labelled(`dev.gantry.run=${runId}`).sort()).toEqual([`gantry-${runId}-data`, `gantry-${runId}-resume`]);
  return runId;
}

describe('gantry run --resume', () => {
  it('runs again only b and c, with a’s output and the volume a wrote; leaves nothing; a second resume has nothing to do', async () => {
    const { dir, file } = batch();
    const first = await failedRun(dir, file);
    writeFileSync(join(dir, 'marker'), '');

    const r = await gantry(['run', file, '--resume'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`resuming run ${first}: running again b, c; taken over (succeeded there): a, d; volumes kept by it: data`);
    expect(r.stdout).toMatch(new RegExp(`succeeded: 4/4 tasks succeeded \\(2 from run ${first}\\)`));
    // The live lines say it as the reports do.
    expect(r.stdout).toMatch(new RegExp(`^a +✔ succeeded \\(from ${first}\\)$`, 'm'));
    const second = /report: (.*)\/report\.html/.exec(r.stdout)![1].split('/').pop()!;
    expect(second).not.toBe(first);
    const doc = report(dir, second);
    expect(doc.resumedFrom).toBe(first);
    expect(doc.result).toBe('success');
    const byId = Object.fromEntries(doc.units.map((u) => [u.id, u]));
    // Taken over: not run (no attempt), marked, outputs kept for a further resume.
    expect(byId.a).toMatchObject({ status: 'succeeded', resumedFrom: first, outputs: { greeting: 'hi-from-a' }, attempts: [] });
    expect(byId.d).toMatchObject({ status: 'succeeded', resumedFrom: first, attempts: [] });
    for (const id of ['b', 'c']) {
      expect(byId[id].status).toBe('succeeded');
      expect(byId[id].resumedFrom).toBeUndefined();
      expect(byId[id].attempts).toHaveLength(1);
    }
    expect(readFileSync(join(dir, '.gantry', 'runs', second, byId.b.attempts[0].log!), 'utf8')).toContain('b saw hi-from-a and written-by-a');
    expect(doc.keptVolumes).toBeUndefined();
    const md = readFileSync(join(dir, '.gantry', 'runs', second, 'report.md'), 'utf8');
    expect(md).toContain(`succeeded (from ${first})`);
    expect(md).toContain(`**Resumed** run \`${first}\``);
    expect(readFileSync(join(dir, '.gantry', 'runs', second, 'report.html'), 'utf8')).toContain(`succeeded (from ${first})`);
    // The borrowed volume went with the resumed run's success.
    expect(labelled(`dev.gantry.run=${first}`)).toEqual([]);
    expect(labelled(`dev.gantry.run=${second}`)).toEqual([]);

    // The newest run succeeded: nothing to do. The first, named, was resumed already, but its
    // volume is gone: a clear error, not an empty volume.
    const again = await gantry(['run', file, '--resume'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`run ${second} succeeded: nothing to resume`);
    const named = await gantry(['run', '--resume', second, file, '--json'], dir);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout)).toEqual({ result: 'success', runId: null, makespan: 0, tasks: [] });
    const gone = await gantry(['run', file, `--resume=${first}`], dir);
    expect(gone.code, gone.stdout + gone.stderr).toBe(2);
    expect(gone.stderr).toMatch(/Cannot resume: volume gantry-.*-data \(data\), kept by the run being resumed, is gone/);
    expect(gone.stderr).not.toMatch(/\n\s+at /);
    // That refused run started nothing: it is not the newest run to resume.
    const after = await gantry(['run', file, '--resume'], dir);
    expect(after.stdout).toContain(`run ${second} succeeded: nothing to resume`);
  }, 180_000);

  it('a resumed run that fails again keeps the same volume, and resuming it goes on from there', async () => {
    const { dir, file } = batch();
    const first = await failedRun(dir, file);
    const r = await gantry(['run', file, '--resume', '--json'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { runId: string; tasks: { name: string; attempts: number; resumedFrom?: string }[] };
    const second = json.runId;
    // --json says which tasks were taken over, and from which run.
    expect(json.tasks.find((t) => t.name === 'a')).toMatchObject({ attempts: 0, resumedFrom: first });
    expect(json.tasks.find((t) => t.name === 'b')).not.toHaveProperty('resumedFrom');
    const doc = report(dir, second);
    expect(doc.keptVolumes).toEqual({ data: { volume: `gantry-${first}-data`, run: first } });
    expect(labelled(`dev.gantry.run=${second}`)).toEqual([]);
    expect(volumes(first).sort()).toEqual([`gantry-${first}-data`, `gantry-${first}-resume`]);
    writeFileSync(join(dir, 'marker'), '');
    const third = await gantry(['run', file, '--resume', second], dir);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(third.stdout).toContain(`resuming run ${second}: running again b, c`);
    // A unit keeps the run it really ran in.
    const runId = /report: (.*)\/report\.html/.exec(third.stdout)![1].split('/').pop()!;
    expect(report(dir, runId).units.find((u) => u.id === 'a')!.resumedFrom).toBe(first);
    expect(labelled(`dev.gantry.run=${first}`)).toEqual([]);
  }, 180_000);

  it('refuses an unknown run, a bad id, a changed file and --only, with exit 2 and no stack', async () => {
    const { dir, file } = batch();
    const none = await gantry(['run', file, '--resume'], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No run of gantry.yml in .gantry/runs to resume');
    const first = await failedRun(dir, file);
    const unknown = await gantry(['run', file, '--resume', '20990101-000000-abcd'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No run 20990101-000000-abcd in .gantry/runs');
    const bad = await gantry(['run', file, '--resume=../etc'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a run id');
    const only = await gantry(['run', file, '--resume', '--only', 'b'], dir);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('--resume cannot be combined with --only');
    appendFileSync(file, '# a comment\n');
    const changed = await gantry(['run', file, '--resume'], dir);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain(`changed since run ${first}`);
    for (const r of [none, unknown, bad, changed]) expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing was touched by the refusals: the volume is still kept.
    expect(volumes(first).sort()).toEqual([`gantry-${first}-data`, `gantry-${first}-resume`]);
    // gantry cleanup removes it (scoped to this folder's instance: other runs on this engine are not ours).
    const cleaned = await gantry(['cleanup', '--instance', defaultInstance(dir)], dir);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(cleaned.stdout).toContain(`run ${first}: removed 1 volume (it ended, keeping volumes for gantry run --resume)`);
    expect(labelled(`dev.gantry.run=${first}`)).toEqual([]);
  }, 180_000);

  it('runs again a task whose output had a secret masked (its value is not recorded), and what needs it', async () => {
    const { dir, file } = batch(`version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
tasks:
  login:
    secrets: [TOKEN]
    run: echo "auth=$TOKEN" >> "$GANTRY_OUTPUT"; echo "plain=ok" >> "$GANTRY_OUTPUT"
    outputs: [auth, plain]
  other:
    run: echo "v=1" >> "$GANTRY_OUTPUT"
    outputs: [v]
  use:
    needs: [login, other]
    volumes: [".:/src:ro"]
    env: { AUTH: "\${{ needs.login.outputs.auth }}", V: "\${{ needs.other.outputs.v }}" }
    run: test -f /src/marker && test "$V" = 1 && echo "use has $AUTH"
`);
    const env = { TOKEN: 's3cret-value' };
    const r1 = await runCliInCi(['run', file, '--json'], env, dir);
    expect(r1.code, r1.stderr).toBe(1);
    const first = (JSON.parse(r1.stdout) as { runId: string }).runId;
    const login = report(dir, first).units.find((u) => u.id === 'login')!;
    expect(login.attempts[0].outcome).toMatchObject({ outputs: { auth: '***', plain: 'ok' }, maskedOutputs: ['auth'] });
    writeFileSync(join(dir, 'marker'), '');
    const r2 = await runCliInCi(['run', file, '--resume'], env, dir);
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(r2.stdout).toContain(`resuming run ${first}: running again login, use; taken over (succeeded there): other (login again because an output of theirs had a secret masked)`);
    const second = /report: (.*)\/report\.html/.exec(r2.stdout)![1].split('/').pop()!;
    const byId = Object.fromEntries(report(dir, second).units.map((u) => [u.id, u]));
    expect(byId.login.attempts).toHaveLength(1);
    expect(byId.other.resumedFrom).toBe(first);
    // The dependent got the secret itself again (masked in its log as everywhere).
    expect(readFileSync(join(dir, '.gantry', 'runs', second, byId.use.attempts[0].log!), 'utf8')).toContain('use has ***');
    expect(labelled(`dev.gantry.run=${second}`)).toEqual([]);
  }, 180_000);

  it('the next full run of the folder removes the kept volume', async () => {
    const { dir, file } = batch();
    const first = await failedRun(dir, file);
    writeFileSync(join(dir, 'marker'), '');
    const r = await gantry(['run', file], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`removed what run ${first} left behind (1 volume): it ended, keeping volumes for gantry run --resume`);
    expect(labelled(`dev.gantry.run=${first}`)).toEqual([]);
  }, 180_000);
  it('while a resume mounts the kept volume, gantry cleanup and other runs of the folder leave it alone; after, nothing is left', async () => {
    // `b` fails without `marker`; resumed, it waits for `go` so the test can sweep meanwhile.
    const { dir, file } = batch(`version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
volumes:
  data: {}
tasks:
  a:
    volumes: ["data:/data"]
    run: echo written-by-a > /data/file
  b:
    needs: [a]
    volumes: [".:/src:ro", "data:/data"]
    timeout: 2m
    run: test -f /src/marker && until test -f /src/go; do sleep 0.1; done && test "$(cat /data/file)" = written-by-a
`);
    const r1 = await gantry(['run', file, '--json'], dir);
    expect(r1.code, r1.stderr).toBe(1);
    const first = (JSON.parse(r1.stdout) as { runId: string }).runId;
    writeFileSync(join(dir, 'marker'), '');
    const resumed = gantry(['run', file, '--resume', '--json'], dir);
    // The resume's marker, labelled with the run it borrows from, is in place once b can start.
    const deadline = Date.now() + 60_000;
    let marker: string | undefined;
    while (!marker && Date.now() < deadline) {
      marker = volumes(first).find((v) => v.startsWith(`gantry-${first}-borrowed-`));
      if (!marker) await new Promise((r) => setTimeout(r, 100));
    }
    expect(marker, 'the resume marks the volumes it borrows').toBeDefined();
    const cleaned = await gantry(['cleanup', '--instance', defaultInstance(dir)], dir);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(cleaned.stdout).toMatch(new RegExp(`run ${first}: left alone, run \\S+ \\(gantry run --resume\\) is using the volumes it kept`));
    expect(volumes(first)).toContain(`gantry-${first}-data`);
    writeFileSync(join(dir, 'go'), '');
    const r2 = await resumed;
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(labelled(`dev.gantry.run=${first}`)).toEqual([]);
  }, 180_000);
  it('mounts no volume a run of this folder did not keep, even when a planted report names one of the right form', async () => {
    const { dir, file } = batch();
    const planted = '20260101-000000-beef';
    const victim = `gantry-${planted}-data`;
    // A volume of that name, but of another folder's run (or of no run at all).
    for (const labels of [['--label', `dev.gantry.run=${planted}`, '--label', 'dev.gantry.instance=someone-else'], []]) {
      execFileSync('docker', ['volume', 'create', ...labels, victim], { stdio: 'ignore' });
      try {
        const r1 = await gantry(['run', file, '--json'], dir);
        const failed = (JSON.parse(r1.stdout) as { runId: string }).runId;
        const doc = JSON.parse(readFileSync(join(dir, '.gantry', 'runs', failed, 'report.json'), 'utf8')) as RunDocument & { keptVolumes: unknown };
        doc.keptVolumes = { data: { volume: victim, run: planted } };
        writeFileSync(join(dir, '.gantry', 'runs', failed, 'report.json'), JSON.stringify(doc));
        writeFileSync(join(dir, 'marker'), '');
        const r = await gantry(['run', file, '--resume', failed], dir);
        expect(r.code).not.toBe(0);
        expect(r.stdout + r.stderr).toContain(`volume ${victim} (data) was not kept by a run of this folder`);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        // Untouched: still there, and nothing of the resume's left.
        expect(execFileSync('docker', ['volume', 'ls', '-q', '--filter', `name=${victim}`], { encoding: 'utf8' }).trim()).toBe(victim);
        // The refused resume left nothing (its network was being made as its setup failed).
        const refused = /run (\d{8}-\d{6}-[0-9a-f]{4})/.exec(r.stdout + r.stderr);
        const resumeRun = readdirSync(join(dir, '.gantry', 'runs')).sort().pop()!;
        expect(resumeRun).not.toBe(failed);
        expect(labelled(`dev.gantry.run=${resumeRun}`), refused?.[0]).toEqual([]);
        rmSync(join(dir, 'marker'));
        await gantry(['cleanup', '--instance', defaultInstance(dir)], dir);
      } finally {
        execFileSync('docker', ['volume', 'rm', '-f', victim], { stdio: 'ignore' });
      }
    }
  }, 240_000);
});
