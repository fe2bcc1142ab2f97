/**
 * The language server over a real LSP connection: diagnostics are exactly `validate()`'s, with
 * their ranges, debounced while typing and cleared when fixed; quick fixes come from core's fixes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodeActionRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PARSE_CODES } from '../core/parse-codes';
import { validate } from '../core/validate';
import { GENERIC_YAML_CODES, withoutGenericYaml } from '../extension/src/client/yaml-codes';
import { CYCLE, SAMPLE, URI } from './lsp/fixtures';
import { at, startHarness, type Harness } from './lsp/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

function applyAll(text: string, edits: { range: Diagnostic['range']; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create(URI, 'yaml', 1, text), edits);
}

async function quickFixes(uri: string, diagnostic: Diagnostic) {
  const actions = await h.client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  return (actions ?? []).filter((a) => 'edit' in a);
}

describe('diagnostics', () => {
  it('reports nothing for a valid file', async () => {
    expect(await h.open(URI, SAMPLE)).toEqual([]);
  });

  it('reports an unknown need at the name, with the did-you-mean fix', async () => {
    const text = SAMPLE.replace('      - lint', '      - lnt');
    const diagnostics = await h.open(URI, text);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d.code).toBe('needs-unknown');
    expect(d.source).toBe('gantry');
    expect(d.severity).toBe(1);
    expect(d.message).toContain('Did you mean "lint"?');
    const start = at(text, 'lnt');
    expect(d.range).toEqual({ start, end: { line: start.line, character: start.character + 3 } });

    const [fix] = await quickFixes(URI, d);
    expect(fix.title).toBe('Change to "lint"');
    const fixed = applyAll(text, Object.values((fix as unknown as { edit: { changes: Record<string, never[]> } }).edit.changes)[0]);
    expect(fixed).toBe(SAMPLE);
    expect(await h.change(URI, fixed)).toEqual([]);
  });

  it('matches gantry validate exactly: codes, severities, messages and ranges', async () => {
    const text = SAMPLE.replace('    estimate: 5s', '    estimate: 5 seconds\n    imgae: busybox').replace('memory: 64Mi', 'memory: 64MB');
    const expected = validate(text, { machine: { cpus: 4, memory: 8 * 2 ** 30 } }).diagnostics;
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const diagnostics = await h.open(URI, text);
    expect(diagnostics.map((d) => ({ code: d.code, message: d.message, range: d.range }))).toEqual(
      expected.map((d) => ({ code: d.code, message: d.message, range: d.range })),
    );
    expect(diagnostics.map((d) => d.severity)).toEqual(expected.map((d) => ({ error: 1, warning: 2, info: 3 })[d.severity]));
    expect(diagnostics.map((d) => d.code)).toContain('unknown-key');
  });

  it('offers "did you mean" for an unknown key', async () => {
    const text = SAMPLE.replace('    estimate: 5s', '    estimat: 5s');
    const diagnostics = await h.open(URI, text);
    const unknown = diagnostics.find((d) => d.code === 'unknown-key');
    expect(unknown?.range.start).toEqual(at(text, 'estimat: 5s'));
    const fixes = await quickFixes(URI, unknown!);
    expect(fixes[0].title).toContain('estimate');
    const fixed = applyAll(text, Object.values((fixes[0] as unknown as { edit: { changes: Record<string, never[]> } }).edit.changes)[0]);
    expect(fixed).toBe(SAMPLE);
  });

  it('reports a cycle and offers to remove the need that closes it', async () => {
    const diagnostics = await h.open(URI, CYCLE);
    const cycle = diagnostics.find((d) => d.code === 'cycle');
    expect(cycle).toBeDefined();
    expect(cycle!.message).toMatch(/a.*b.*c|c.*a.*b|b.*c.*a/s);
    const fixes = await quickFixes(URI, cycle!);
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes[0].title).toMatch(/^Remove "\w" from the needs of "\w"$/);
    const fixed = applyAll(CYCLE, Object.values((fixes[0] as unknown as { edit: { changes: Record<string, never[]> } }).edit.changes)[0]);
    expect(validate(fixed).diagnostics.filter((d) => d.code === 'cycle')).toEqual([]);
    expect((await h.change(URI, fixed)).filter((d) => d.code === 'cycle')).toEqual([]);
  });

  it('debounces while typing: one analysis after the pause, for the last version', async () => {
    await h.open(URI, SAMPLE);
    const { DidChangeTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    for (let version = 2; version <= 4; version++) {
      await h.client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: URI, version },
        contentChanges: [{ text: SAMPLE.replace('[build, web]', version === 4 ? '[nothing]' : `[build${'x'.repeat(version)}]`) }],
      });
    }
    // Wait until the server has seen the last change (its answer to a request comes after it).
    await h.client.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
    expect(h.pendingDiagnostics(URI)).toBe(0);
    expect(h.timers.size).toBe(1);
    h.timers.flush();
    const published = await h.nextDiagnostics(URI);
    expect(published.version).toBe(4);
    expect(published.diagnostics.map((d) => d.code)).toContain('needs-unknown');
    expect(published.diagnostics.find((d) => d.code === 'needs-unknown')?.message).toContain('"nothing"');
  });

  it('clears diagnostics when the document closes and ignores files that are not batch files', async () => {
    const other = 'file:///work/project/docker-compose.yml';
    const { DidOpenTextDocumentNotification, DidCloseTextDocumentNotification } = await import('vscode-languageserver-protocol/node');
    await h.client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: other, languageId: 'yaml', version: 1, text: 'tasks: [broken' },
    });
    await h.open(URI, CYCLE);
    // Messages are handled in order: anything for the compose file would have arrived first.
    expect(h.pendingDiagnostics(other)).toBe(0);
    await h.client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: URI } });
    expect((await h.nextDiagnostics(URI)).diagnostics).toEqual([]);
  });

  it('accepts the client document selector, e.g. for another file name', async () => {
    const custom = await startHarness({ initializationOptions: { documentSelector: [{ pattern: '**/*.batch.yml' }] } });
    try {
      const uri = 'file:///work/project/ci.batch.yml';
      expect((await custom.open(uri, CYCLE)).map((d) => d.code)).toContain('cycle');
    } finally {
      custom.close();
    }
  });
});

describe('next to the YAML extension (redhat.vscode-yaml)', () => {
  // A YAML syntax error, a duplicate key and a need naming nothing.
  const broken = `version: 1
tasks:
  a:
    image: busybox
    run: one
    run: two
  b:
    image: busybox
    run: x
    needs: [nope]
  c: {image: busybox, run: "x"
`;

  it('leaves out what that extension reports too (YAML syntax, duplicate keys), keeping Gantry\'s own', async () => {
    const diagnostics = await h.open(URI, broken);
    const codes = diagnostics.map((d) => d.code);
    expect(codes).toContain('yaml-syntax');
    const kept = withoutGenericYaml(diagnostics, true);
    expect(kept.map((d) => d.code)).not.toContain('yaml-syntax');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.map((d) => d.code)).toEqual(codes.filter((c) => c !== 'yaml-syntax' && c !== 'yaml-warning' && c !== 'duplicate-key'));
    // Without the YAML extension validating, everything stays.
    expect(withoutGenericYaml(diagnostics, false)).toEqual(diagnostics);
  });

  it('filters duplicate keys and reads codes given as { value, target }', async () => {
    const diagnostics = await h.open(URI, broken.replace('  c: {image: busybox, run: "x"\n', ''));
    expect(diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['duplicate-key', 'needs-unknown']));
    const asLinks = diagnostics.map((d) => ({ ...d, code: { value: d.code as string, target: 'https://example.invalid' } }));
    expect(withoutGenericYaml(asLinks, true).map((d) => d.code.value)).toEqual(['needs-unknown']);
  });

  it('names only codes the parser has', () => {
    for (const code of GENERIC_YAML_CODES) expect(Object.keys(PARSE_CODES)).toContain(code);
  });
});
