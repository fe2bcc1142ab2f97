/**
 * The `gantry` language id (issue 16): the extension gives `gantry.yml` and its kin the `gantry`
 * language, a file named in `gantry.files` keeps `yaml`, and a user may associate the names back
 * with `yaml` for a YAML tool. The server answers for batch files in either language, for any
 * document in `gantry`, and for nothing else — with the selector the client sends and without one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { BATCH_FILE_GLOBS, GANTRY_LANGUAGE, type DocumentFilter } from '../extension/src/protocol';
import { uriMatcher } from '../extension/src/server/document-selector';
import { CYCLE } from './lsp/fixtures';
import { startHarness, type Harness } from './lsp/harness';

// What the client sends (batch-files.ts batchFileSelector, with `gantry.files: ['ci/pipeline.yml']`).
const CLIENT_SELECTOR = [
  ...[...BATCH_FILE_GLOBS, '**/ci/pipeline.yml'].flatMap((pattern) => ['yaml', GANTRY_LANGUAGE].map((language) => ({ language, pattern }))),
  { language: GANTRY_LANGUAGE },
];

let harnesses: Harness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.close();
});

async function start(documentSelector?: DocumentFilter[]): Promise<Harness> {
  const h = await startHarness(documentSelector ? { initializationOptions: { documentSelector } } : {});
  harnesses.push(h);
  return h;
}

/** Whether the server answers for `uri` opened in `languageId`: its diagnostics, or nothing before a later file's. */
async function answers(h: Harness, uri: string, languageId: string): Promise<boolean> {
  await h.client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text: CYCLE } });
  // Messages are handled in order: a hover answered after the open says whether diagnostics were sent.
  const hover = await h.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
  const sent = h.pendingDiagnostics(uri) > 0;
  if (sent) expect((await h.nextDiagnostics(uri)).diagnostics.map((d) => d.code)).toContain('cycle');
  else expect(hover).toBeNull();
  return sent;
}

describe.each([
  ['the client selector', CLIENT_SELECTOR],
  ['no selector (the server default)', undefined],
])('which documents the server answers for, with %s', (_, selector) => {
  it.each([
    ['file:///p/gantry.yml', GANTRY_LANGUAGE, true],
    ['file:///p/gantry.yml', 'yaml', true],
    ['file:///p/sub/nightly.gantry.yaml', GANTRY_LANGUAGE, true],
    ['file:///p/sub/nightly.gantry.yaml', 'yaml', true],
    // A file the user associated with the gantry language, by any name.
    ['file:///p/jobs.yml', GANTRY_LANGUAGE, true],
    ['file:///p/jobs.yml', 'yaml', false],
    ['file:///p/docker-compose.yml', 'dockercompose', false],
  ])('%s in %s: %s', async (uri, languageId, expected) => {
    expect(await answers(await start(selector), uri, languageId)).toBe(expected);
  });
});

it('with the client selector, a batch file name in a language that is not YAML underneath is no batch file; a generic client (no selector) goes by the name', async () => {
  expect(await answers(await start(CLIENT_SELECTOR), 'file:///p/gantry.yml', 'plaintext')).toBe(false);
  // Editors name YAML differently (`yaml`, `yaml.gantry`, …): without a selector the name decides.
  expect(await answers(await start(), 'file:///p/gantry.yml', 'yaml.gantry')).toBe(true);
});

it('takes a file named in gantry.files in yaml (the language it keeps) or gantry', async () => {
  const h = await start(CLIENT_SELECTOR);
  expect(await answers(h, 'file:///p/ci/pipeline.yml', 'yaml')).toBe(true);
  expect(await answers(h, 'file:///p/other/pipeline.yml', 'yaml')).toBe(false);
});

it('matches filters on language, scheme and pattern together', () => {
  const match = uriMatcher([{ language: 'yaml', scheme: 'file', pattern: '**/gantry.yml' }]);
  expect(match('file:///a/gantry.yml', 'yaml')).toBe(true);
  expect(match('untitled:/a/gantry.yml', 'yaml')).toBe(false);
  expect(match('file:///a/gantry.yml', GANTRY_LANGUAGE)).toBe(false);
  expect(match('file:///a/gantry.yaml', 'yaml')).toBe(false);
});
