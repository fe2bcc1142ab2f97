/**
 * The built server on its own, as any LSP editor runs it: `node extension/dist/server.js --stdio`,
 * initialize, open a batch file with a cycle, get the diagnostic, shut down cleanly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { CYCLE } from './lsp/fixtures';

const root = join(import.meta.dirname, '..');
const server = join(root, 'extension/dist/server.js');
let child: ChildProcess;
let client: ProtocolConnection;

beforeAll(() => {
  const built = spawnSync(process.execPath, ['esbuild.mjs', 'extension'], { cwd: root, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  expect(existsSync(server)).toBe(true);
  child = spawn(process.execPath, [server, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  client = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  client.listen();
});

afterAll(() => {
  client?.dispose();
  if (child && child.exitCode === null) child.kill();
});

it('serves diagnostics over --stdio and exits cleanly', async () => {
  const init = await client.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
  expect(init.serverInfo?.name).toBe('gantry');
  expect(init.capabilities.hoverProvider).toBe(true);
  await client.sendNotification(InitializedNotification.type, {});

  const uri = 'file:///tmp/project/gantry.yml';
  const published = new Promise<PublishDiagnosticsParams>((resolve) => client.onNotification(PublishDiagnosticsNotification.type, resolve));
  await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: CYCLE } });
  const { diagnostics } = await published;
  const cycle = diagnostics.find((d) => d.code === 'cycle');
  expect(cycle?.source).toBe('gantry');
  expect(cycle?.range.start.line).toBeGreaterThan(0);

  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await client.sendRequest(ShutdownRequest.type);
  await client.sendNotification(ExitNotification.type);
  expect(await exited).toBe(0);
});
