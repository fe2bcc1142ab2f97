/**
 * Quick fixes for durations that are not (issue 16): `30` → `30s`, `5 minutes` → `5m`, and the
 * like, from core (core/duration-fix.ts, offered on the invalid-duration diagnostic) through the
 * language server's code actions; applied, the file validates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { durationFix } from '../core/duration-fix';
import { parseDuration } from '../core/duration';
import { validate } from '../core/validate';
import { URI } from './lsp/fixtures';
import { startHarness, type Harness } from './lsp/harness';

describe('durationFix', () => {
  it.each([
    ['30', '30s'],
    ['1.5', '1.5s'],
    ['5 minutes', '5m'],
    ['5 min', '5m'],
    ['5mins', '5m'],
    ['1 hour 30 minutes', '1h30m'],
    ['1 hour, 30 min and 15 seconds', '1h30m15s'],
    ['1h 30m', '1h30m'],
    ['2 days', '48h'],
    ['500 msec', '500ms'],
    ['1.5 minutes', '1m30s'],
    ['90 Seconds', '1m30s'],
    [' 2 HRS ', '2h'],
  ])('%j → %j', (input, fixed) => {
    expect(durationFix(input)).toBe(fixed);
    expect(parseDuration(fixed)).toBeGreaterThan(0);
  });

  it.each(['soon', '5 fortnights', 'five minutes', '5 minutes ago', 'minutes', '', '1e3', '-5', '5 minutes; rm -rf /', '1.0000001 ms', '9'.repeat(200)])('%j: no fix', (input) => {
    expect(durationFix(input)).toBeUndefined();
  });
});

describe('quick fixes over LSP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const batch = (timeout: string, estimate = '10s') => `version: 1
tasks:
  a:
    image: busybox
    run: echo a
    timeout: ${timeout}
    estimate: ${estimate}
`;

  let opened = 0;
  /** Each text in a document of its own (a second open of one URI would be no change). */
  async function fixesFor(text: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[]; uri: string }[]> {
    const uri = URI.replace('gantry.yml', `f${++opened}/gantry.yml`);
    const diagnostics = (await h.open(uri, text)).filter((d) => d.code === 'invalid-duration');
    return Promise.all(
      diagnostics.map(async (diagnostic) => ({
        diagnostic,
        uri,
        actions: ((await h.client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) ?? []) as CodeAction[],
      })),
    );
  }

  it.each([
    ['30', '30s'],
    ['5 minutes', '5m'],
    ['"1 hour 30 min"', '1h30m'],
  ])('timeout: %s → %s, and the file then validates', async (written, fixed) => {
    const text = batch(written);
    const [{ actions, uri }] = await fixesFor(text);
    expect(actions.map((a) => a.title)).toEqual([`Change to "${fixed}"`]);
    expect(actions[0].isPreferred).toBe(true);
    const edits = actions[0].edit!.changes![uri];
    const after = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
    expect(after).toContain(`    timeout: ${fixed}\n`);
    expect(validate(after).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('offers nothing it cannot stand behind: words it does not know, a zero where zero is refused, a timer too long', async () => {
    expect((await fixesFor(batch('soon')))[0].actions).toEqual([]);
    expect((await fixesFor(batch('0 minutes')))[0].actions).toEqual([]);
    expect((await fixesFor(batch('60 days')))[0].actions).toEqual([]);
    // An estimate may be zero (it only plans): `0` → `0s` is offered there.
    const [estimate] = await fixesFor(batch('1m', '0'));
    expect(estimate.actions.map((a) => a.title)).toEqual(['Change to "0s"']);
  });
});
