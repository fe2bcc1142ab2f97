/**
 * A throwaway code-server (VS Code 1.100 in the browser) for the end-to-end test: its own user
 * data, extensions and config folders under one temp directory, bound to 127.0.0.1 on a free port.
 * Installed by test/e2e/setup-code-server.sh (run by .ci/setup).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

export const CODE_SERVER = process.env.GANTRY_CODE_SERVER ?? path.resolve('.cache/code-server/node_modules/.bin/code-server');

export interface CodeServer {
  url: string;
  process: ChildProcess;
  /** Everything it printed, for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

export function codeServerInstalled(): boolean {
  return existsSync(CODE_SERVER);
}

/** Folders and environment that keep code-server away from this machine's own VS Code state. */
export async function codeServerHome(root: string): Promise<{ args: string[]; env: NodeJS.ProcessEnv }> {
  const userData = path.join(root, 'user-data');
  await mkdir(path.join(userData, 'User'), { recursive: true });
  await mkdir(path.join(root, 'extensions'), { recursive: true });
  // Quiet start: no welcome page or tips covering the editor, no network chatter.
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'editor.minimap.enabled': false,
    'chat.commandCenter.enabled': false,
    // The DOM renderer, so the terminal's text can be read from the page.
    'terminal.integrated.gpuAcceleration': 'off',
  };
  await writeFile(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return {
    args: ['--user-data-dir', userData, '--extensions-dir', path.join(root, 'extensions')],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(root, 'config'), XDG_DATA_HOME: path.join(root, 'data') },
  };
}

export async function installExtension(root: string, vsix: string): Promise<string> {
  const { args, env } = await codeServerHome(root);
  const { stdout, stderr } = await promisify(execFile)(CODE_SERVER, [...args, '--install-extension', vsix], { env, timeout: 120_000 });
  return stdout + stderr;
}

export async function startCodeServer(root: string, workspace: string): Promise<CodeServer> {
  const { args, env } = await codeServerHome(root);
  const port = await freePort();
  const child = spawn(
    CODE_SERVER,
    [...args, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', workspace],
    // Its own process group, so stopping it also stops its extension host and language server.
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('HTTP server listening')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`code-server exited with ${code} before listening:\n${output}`)));
  });
  await ready;
  return {
    url: `http://127.0.0.1:${port}/`,
    process: child,
    log: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
