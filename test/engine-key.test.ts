/**
 * `capacity.engine`: read by the parser (docker or swarm, a positioned `invalid-engine` with a
 * did-you-mean otherwise), refused under `strict` when the file alone asks for the swarm
 * (`policy-engine-swarm`), and offered and explained by the language server over a real LSP
 * connection.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompletionRequest, HoverRequest, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { validate } from '../core/validate';
import { at, startHarness, type Harness } from './lsp/harness';

const file = (engine: string) => `version: 1\ncapacity: { cpus: 2, engine: ${engine} }\ntasks:\n  a: { image: busybox, run: "true" }\n`;
const codes = (text: string, options: Parameters<typeof validate>[1] = {}) => validate(text, options).diagnostics.map((d) => d.code);

describe('capacity.engine in the file', () => {
  it('reads docker and swarm, with the place of the value; absent when not written', () => {
    for (const name of ['docker', 'swarm']) {
      const v = validate(file(name));
      expect(v.diagnostics).toEqual([]);
      expect(v.file?.engine).toEqual({ name, range: { start: { line: 1, character: 29 }, end: { line: 1, character: 29 + name.length } } });
      // Not a figure of the capacity: nothing packs against it.
      expect(v.file?.capacity).toEqual({ cpus: 2 });
    }
    expect(validate('version: 1\ncapacity: { cpus: 2 }\ntasks:\n  a: { image: busybox, run: "true" }\n').file?.engine).toBeUndefined();
    const block = validate('version: 1\ncapacity:\n  engine: "swarm"\ntasks:\n  a: { image: busybox, run: "true" }\n');
    expect(block.file?.engine?.name).toBe('swarm');
  });

  it('refuses any other value at the value, with a did-you-mean and its quick fix when one is close', () => {
    const typo = validate(file('swram')).diagnostics;
    expect(typo).toHaveLength(1);
    expect(typo[0]).toMatchObject({
      code: 'invalid-engine',
      severity: 'error',
      range: { start: { line: 1, character: 29 }, end: { line: 1, character: 34 } },
      fixes: [{ title: 'Change to "swarm"', range: { start: { line: 1, character: 29 }, end: { line: 1, character: 34 } }, newText: 'swarm' }],
    });
    expect(typo[0].message).toBe(
      'capacity.engine "swram" is not an engine Gantry runs on: write docker (the default: the Docker engine the client points at) or swarm (the Docker Swarm whose manager it points at). Did you mean "swarm"?',
    );
    expect(validate(file('Docker')).diagnostics[0].fixes?.[0].newText).toBe('docker');
    const far = validate(file('kubernetes')).diagnostics;
    expect(far.map((d) => d.code)).toEqual(['invalid-engine']);
    expect(far[0].fixes).toBeUndefined();
    expect(far[0].message).not.toContain('Did you mean');
    // Not a scalar, or no value: the type is wrong.
    expect(codes(file('[docker]'))).toEqual(['wrong-type']);
    expect(codes('version: 1\ncapacity:\n  engine:\ntasks:\n  a: { image: busybox, run: "true" }\n')).toEqual(['wrong-type']);
    // A file with an invalid engine does not expand: nothing runs on a guess.
    expect(validate(file('swram')).graph).toBeUndefined();
  });

  it('quotes a huge value cut short, so no surface prints a megabyte of it', () => {
    const huge = 'x'.repeat(1_000_000);
    const [d] = validate(file(huge)).diagnostics;
    expect(d.code).toBe('invalid-engine');
    expect(d.message.length).toBeLessThan(300);
    expect(d.message).toContain(`"${'x'.repeat(40)}…"`);
  });

  it('is a known key of capacity: no unknown-key, and engin gets a did-you-mean', () => {
    expect(codes(file('docker'))).toEqual([]);
    const typo = validate('version: 1\ncapacity: { engin: swarm }\ntasks:\n  a: { image: busybox, run: "true" }\n').diagnostics;
    expect(typo.map((d) => d.code)).toEqual(['unknown-key']);
    expect(typo[0].message).toContain('"engine"');
  });

  it('is in the JSON schema as an enum of the two engines', () => {
    const schema = JSON.parse(readFileSync(new URL('../schema/gantry.schema.json', import.meta.url), 'utf8')) as { definitions: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    expect(schema.definitions.capacity.properties.engine.enum).toEqual(['docker', 'swarm']);
  });
});

describe('capacity.engine under the strict policy', () => {
  it('refuses the swarm when the caller chose no engine, at the value', () => {
    const ds = validate(file('swarm'), { policy: 'strict' }).diagnostics;
    expect(ds.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual([['policy-engine-swarm', 1, 29]]);
    expect(ds[0].message).toBe(
      'capacity.engine asks to run on the Docker Swarm, which only the workflow may choose: the action\'s `engine: swarm` input, or `gantry run --engine swarm`. The strict policy refuses it (the file is not trusted).',
    );
  });

  it('lets the caller decide: its choice (either engine) stands over the file, and docker is never refused', () => {
    expect(codes(file('swarm'), { policy: 'strict', engine: 'swarm' })).toEqual([]);
    expect(codes(file('swarm'), { policy: 'strict', engine: 'docker' })).toEqual([]);
    expect(codes(file('docker'), { policy: 'strict' })).toEqual([]);
    expect(codes(file('swarm'), { policy: 'trusted' })).toEqual([]);
    expect(codes(file('swarm'))).toEqual([]);
  });
});

describe('capacity.engine in the editor', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ images: { list: async () => [] } });
  });
  afterAll(() => h.close());

  let n = 0;
  async function open(text: string): Promise<string> {
    const uri = `file:///work/engine${n++}/gantry.yml`;
    await h.open(uri, text);
    return uri;
  }

  it('offers engine among the keys of capacity, and docker and swarm as its values', async () => {
    const keysText = 'version: 1\ncapacity:\n  cpus: 2\n  \ntasks:\n  a: { image: busybox, run: "true" }\n';
    const keys = (await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri: await open(keysText) }, position: at(keysText, 'cpus: 2\n  ', 10) })) as CompletionList;
    expect(keys.items.map((i) => i.label)).toEqual(['memory', 'parallel', 'engine']);
    const engine = keys.items.find((i) => i.label === 'engine')!;
    expect(engine.detail).toBe('`docker` | `swarm`');
    expect(engine.textEdit).toMatchObject({ newText: 'engine: ' });
    // Values offered at once after the key is inserted.
    expect(engine.command?.command).toBe('editor.action.triggerSuggest');

    const valueText = 'version: 1\ncapacity:\n  engine: \ntasks:\n  a: { image: busybox, run: "true" }\n';
    const values = (await h.client.sendRequest(CompletionRequest.type, { textDocument: { uri: await open(valueText) }, position: at(valueText, 'engine: ', 8) })) as CompletionList;
    expect(values.items.map((i) => i.label)).toEqual(['docker', 'swarm']);
  });

  it('explains the key on hover, the strict rule included', async () => {
    const text = file('swarm');
    const hover = await h.client.sendRequest(HoverRequest.type, { textDocument: { uri: await open(text) }, position: at(text, 'engine', 2) });
    const value = (hover?.contents as MarkupContent).value;
    expect(value).toContain('Docker Swarm whose manager it points at');
    expect(value).toContain('policy-engine-swarm');
  });

  it('reports a wrong value where it is written', async () => {
    const text = file('swram');
    const diagnostics = await h.open('file:///work/engine-bad/gantry.yml', text);
    expect(diagnostics.map((d) => [d.code, d.range.start])).toEqual([['invalid-engine', { line: 1, character: 29 }]]);
  });
});
