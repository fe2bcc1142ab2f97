/**
 * `gantry run --resume` reads `.gantry/runs/<run>/report.json` as untrusted data: a checkout (a
 * fork's pull request) can commit a run folder Gantry never wrote, named to sort as the newest.
 * A crafted report must not make a resumed run mount (and at its end remove) a volume of the
 * engine that no run of this file kept, hand on outputs the task never declares, crash the CLI,
 * or be read through a link.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GantryError } from '../core/diagnostics';
import { decideResume, fileHash, findResumable } from '../core/run/resume';
import { validate } from '../core/validate';

const root = mkdtempSync(join(tmpdir(), 'gantry-trust-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const BATCH = `version: 1
volumes:
  data: {}
tasks:
  a:
    image: busybox:latest
    run: echo "v=1" >> "$GANTRY_OUTPUT"
    outputs: [v]
  b:
    image: busybox:latest
    needs: [a]
    volumes: ["data:/data"]
    run: cat /data/x
`;

function setup(report: (file: string) => unknown, runId = '99991231-235959-ffff'): { dir: string; file: string; runsDir: string } {
  const dir = mkdtempSync(join(root, 'b-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, BATCH);
  const runsDir = join(dir, '.gantry', 'runs');
  mkdirSync(join(runsDir, runId), { recursive: true });
  writeFileSync(join(runsDir, runId, 'report.json'), JSON.stringify(report(file)));
  return { dir, file, runsDir };
}

function crafted(file: string, extra: Record<string, unknown> = {}, units?: unknown[]): Record<string, unknown> {
  return {
    gantry: 1,
    complete: true,
    result: 'failure',
    file,
    fileHash: fileHash(BATCH),
    units: units ?? [
      { id: 'a', kind: 'task', name: 'a', status: 'succeeded', needs: [], attempts: [{ number: 1, outcome: { status: 'succeeded', outputs: { v: '1' } } }] },
      { id: 'b', kind: 'task', name: 'b', status: 'failed', needs: ['a'], attempts: [{ number: 1, outcome: { status: 'failed' } }] },
    ],
    ...extra,
  };
}

function decide(file: string, runsDir: string) {
  const validation = validate(BATCH, { policy: 'strict' });
  const found = findResumable(runsDir, file, undefined, root);
  return decideResume(found, fileHash(BATCH), validation.graph!, validation.file!.volumes.map((v) => v.name));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof GantryError) return error.code;
    return `not a GantryError: ${String(error)}`;
  }
  return undefined;
}

describe('resume: a crafted report.json', () => {
  it('cannot name any volume of the engine as the one the run kept', () => {
    for (const volume of ['victim-db', 'gantry-20260101-000000-abcd-other', '/var/run/docker.sock']) {
      const { file, runsDir } = setup((f) => crafted(f, { keptVolumes: { data: { volume, run: '20260101-000000-abcd' } } }));
      expect(codeOf(() => decide(file, runsDir))).toBe('resume-unreadable');
    }
    // A run id that is no run id, with the volume name built from it.
    const { file, runsDir } = setup((f) => crafted(f, { keptVolumes: { data: { volume: 'gantry-x-data', run: '../x' } } }));
    expect(codeOf(() => decide(file, runsDir))).toBe('resume-unreadable');
  });

  it('still resumes with the volume a run of the file really keeps (gantry-<run>-<name>)', () => {
    const { file, runsDir } = setup((f) => crafted(f, { keptVolumes: { data: { volume: 'gantry-20260101-000000-abcd-data', run: '20260101-000000-abcd' } } }));
    const decision = decide(file, runsDir);
    expect(decision.kind).toBe('resume');
    if (decision.kind === 'resume') expect(decision.setting.volumes).toEqual({ data: { volume: 'gantry-20260101-000000-abcd-data', run: '20260101-000000-abcd' } });
  });

  it('hands on only the outputs the task declares, and no more than a task can write', () => {
    const units = (outputs: Record<string, string>) => [
      { id: 'a', kind: 'task', name: 'a', status: 'succeeded', needs: [], attempts: [{ number: 1, outcome: { status: 'succeeded', outputs } }] },
      { id: 'b', kind: 'task', name: 'b', status: 'failed', needs: ['a'], attempts: [] },
    ];
    const { file, runsDir } = setup((f) => crafted(f, { keptVolumes: { data: { volume: 'gantry-20260101-000000-abcd-data', run: '20260101-000000-abcd' } } }, units({ v: 'ok', 'PATH=/x\nEVIL': 'y', other: 'z' })));
    const decision = decide(file, runsDir);
    expect(decision.kind === 'resume' && decision.setting.taken.get('a')?.outputs).toEqual({ v: 'ok' });

    const big = setup((f) => crafted(f, { keptVolumes: { data: { volume: 'gantry-20260101-000000-abcd-data', run: '20260101-000000-abcd' } } }, units({ v: 'x'.repeat(2 * 1024 * 1024) })));
    expect(codeOf(() => decide(big.file, big.runsDir))).toBe('resume-unreadable');
  });

  it('of the wrong shape is refused as unreadable, not a crash', () => {
    const shapes: unknown[][] = [
      [{ id: 'a', kind: 'task', status: 'failed', needs: null, attempts: [] }],
      [{ id: 'a', kind: 'task', status: 'failed', needs: [], attempts: null }],
      [{ id: 'a', kind: 'task', status: 'succeeded', needs: [], attempts: [{ outcome: { status: 'succeeded', outputs: { v: { toString: 1 } } } }] }],
      [{ id: 'a', kind: 'task', status: 'succeeded', needs: [], resumedFrom: '\u001b]0;pwned\u0007', attempts: [] }],
      [null],
    ];
    for (const units of shapes) {
      const { file, runsDir } = setup((f) => crafted(f, {}, units), 'r1');
      expect(codeOf(() => findResumable(runsDir, file, 'r1', root))).toBe('resume-unreadable');
    }
    const kept = setup((f) => crafted(f, { keptVolumes: { data: null } }), 'r2');
    expect(codeOf(() => findResumable(kept.runsDir, kept.file, 'r2', root))).toBe('resume-unreadable');
  });

  it('is not read through a run folder that is a link', () => {
    const elsewhere = setup((f) => crafted(f), 'target');
    const dir = mkdtempSync(join(root, 'l-'));
    const file = join(dir, 'gantry.yml');
    writeFileSync(file, BATCH);
    mkdirSync(join(dir, '.gantry', 'runs'), { recursive: true });
    // The report there names this file (the attacker knows its path).
    writeFileSync(join(elsewhere.runsDir, 'target', 'report.json'), JSON.stringify(crafted(file)));
    symlinkSync(join(elsewhere.runsDir, 'target'), join(dir, '.gantry', 'runs', 'linked'));
    expect(codeOf(() => findResumable(join(dir, '.gantry', 'runs'), file, 'linked', root))).toBe('resume-unknown-run');
  });
});
