/**
 * The network-slot holder (core/backends/docker/netns.ts): the program it runs is a real static
 * executable for each architecture — it starts, keeps running, and dies of SIGTERM — and the
 * archive it is imported from is one a real tar reads back byte for byte. The slots themselves
 * are tested on the engine in docker-executor.test.ts ("network slots"); the image is made here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_ROLE } from '../core/backends/docker/labels';
import { holderProgram, NetnsPool, singleFileTar } from '../core/backends/docker/netns';
import { testDocker } from './docker-helpers';

const dir = mkdtempSync(join(tmpdir(), 'gantry-netns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NATIVE = arch() === 'arm64' ? 'aarch64' : 'x86_64';

/** Runs the program (natively, or under `qemu-<arch>`): still alive after 400 ms, then killed by SIGTERM. */
async function runsUntilSignalled(architecture: string, emulator?: string): Promise<{ alive: boolean; signal: string | null }> {
  const path = join(dir, `hold-${architecture}`);
  writeFileSync(path, holderProgram(architecture)!, { mode: 0o755 });
  const child = emulator ? spawn(emulator, [path]) : spawn(path);
  const exited = new Promise<{ signal: string | null; code: number | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const early = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 400))]);
  child.kill('SIGTERM');
  const end = await exited;
  return { alive: early === undefined, signal: end.signal };
}

describe('holderProgram', () => {
  it('runs on this machine and waits until it is signalled', async () => {
    expect(await runsUntilSignalled(NATIVE)).toEqual({ alive: true, signal: 'SIGTERM' });
  });

  it('is a valid program for the other architecture too (run under qemu-user)', async () => {
    const other = NATIVE === 'x86_64' ? 'aarch64' : 'x86_64';
    const emulator = `qemu-${other}`;
    // .ci/setup installs qemu-user; without it this cannot be checked here.
    expect(spawnSync('sh', ['-c', `command -v ${emulator}`]).status, `${emulator} is missing: run .ci/setup`).toBe(0);
    expect(await runsUntilSignalled(other, emulator)).toEqual({ alive: true, signal: 'SIGTERM' });
  });

  it("knows the engine's names of both architectures and nothing else", () => {
    expect(holderProgram('amd64')).toEqual(holderProgram('x86_64'));
    expect(holderProgram('arm64')).toEqual(holderProgram('aarch64'));
    expect(holderProgram('amd64')).not.toEqual(holderProgram('arm64'));
    expect(holderProgram('s390x')).toBeUndefined();
    expect(holderProgram('ppc64le')).toBeUndefined();
  });
});

describe('singleFileTar', () => {
  it('is read back by tar: one executable file, the same bytes', () => {
    const content = holderProgram('x86_64')!;
    const path = join(dir, 'one.tar');
    writeFileSync(path, singleFileTar('hold', content));
    const list = spawnSync('tar', ['-tvf', path], { encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout.trim()).toMatch(new RegExp(`^-rwxr-xr-x 0/0 +${content.length} .* hold$`));
    const extracted = spawnSync('tar', ['-xOf', path, 'hold']);
    expect(extracted.status).toBe(0);
    expect(Buffer.compare(extracted.stdout, content)).toBe(0);
  });

  it('pads a file of any length to whole 512-byte blocks', () => {
    for (const length of [0, 1, 511, 512, 513]) {
      const tar = singleFileTar('f', Buffer.alloc(length, 7));
      expect(tar.length).toBe(512 + Math.ceil(length / 512) * 512 + 1024);
      const path = join(dir, `len-${length}.tar`);
      writeFileSync(path, tar);
      expect(spawnSync('tar', ['-xOf', path, 'f']).stdout.length).toBe(length);
    }
  });
});

describe('NetnsPool.holderImage', () => {
  it('imports the holder image when the engine lacks it, labelled, and finds it the next time', async () => {
    const docker = testDocker();
    const pool = () => new NetnsPool(docker, { network: 'unused', labels: {}, namePrefix: 'unused' });
    const tag = await pool().holderImage();
    expect(tag).toMatch(/^gantry-netns-holder:[0-9a-f]{12}$/);
    // Untagged (other tests' holders may still run from it), then made again.
    await docker.getImage(tag!).remove({ force: true });
    await expect(docker.getImage(tag!).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await pool().holderImage()).toBe(tag);
    const image = await docker.getImage(tag!).inspect();
    expect(image.Config.Labels).toEqual({ [LABEL_ROLE]: 'netns-holder' });
    expect(image.Size).toBeLessThan(1024);
  });
});
