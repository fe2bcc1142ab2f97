/**
 * The key catalogue (core/keys.ts), the JSON Schema and the docs must say the same thing, and
 * the schema must work in a real YAML language server.
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { buildSchema, renderCodeTable, renderKeyTables } from '../core/keys-render';
import { KEY_CONTEXTS, KEYS, keyNames } from '../core/keys';
import { PARSE_CODES } from '../core/parse-codes';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const schemaText = read('schema/gantry.schema.json');
const schema = JSON.parse(schemaText) as {
  properties: Record<string, unknown>;
  definitions: Record<string, { properties: Record<string, { description?: string }> }>;
};

describe('schema and key catalogue', () => {
  it('has the same keys per context as core/keys.ts', () => {
    expect(Object.keys(schema.properties)).toEqual(keyNames('top'));
    for (const context of KEY_CONTEXTS.filter((c) => c !== 'top')) {
      expect(Object.keys(schema.definitions[context].properties), context).toEqual(keyNames(context));
    }
  });

  it('describes every key', () => {
    for (const context of KEY_CONTEXTS) {
      for (const doc of KEYS[context]) {
        expect(doc.description.length, `${context}.${doc.key}`).toBeGreaterThan(10);
        expect(doc.example, `${context}.${doc.key}`).toMatch(new RegExp(`^${doc.key}:`));
        if (doc.kind === 'enum') expect(doc.values?.length).toBeGreaterThan(0);
      }
    }
  });

  it('is generated from the catalogue (run `npx tsx schema/generate.ts` when this fails)', () => {
    expect(JSON.parse(schemaText)).toEqual(buildSchema());
  });

  it('docs/batch-file.md carries the generated key and code tables', () => {
    const docs = read('docs/batch-file.md');
    expect(docs).toContain(renderKeyTables());
    expect(docs).toContain(renderCodeTable());
    for (const code of Object.keys(PARSE_CODES)) expect(docs).toContain(`\`${code}\``);
  });
});

describe('the schema in yaml-language-server', () => {
  const ls = getLanguageService({
    schemaRequestService: async () => schemaText,
    workspaceContext: { resolveRelativePath: (path: string) => path },
  } as unknown as Parameters<typeof getLanguageService>[0]);
  ls.configure({ validate: true, hover: true, schemas: [{ uri: 'file:///gantry.schema.json', fileMatch: ['*.gantry.yml'] }] });
  let n = 0;
  const problems = async (text: string) => {
    const doc = TextDocument.create(`file:///work/case${n++}.gantry.yml`, 'yaml', 1, text);
    return (await ls.doValidation(doc, false)).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
  };

  it('accepts the full example and flags what the parser flags', async () => {
    await problems('version: 1\n'); // loads the schema
    expect(await problems(read('test/fixtures/full.gantry.yml'))).toEqual([]);
    const found = await problems('version: 1\ntasks:\n  a:\n    run: x\n    neds: [b]\n    cpus: 4GB\n    timeout: 30\n  B_: { run: y }\n');
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4:4 Property neds is not allowed/),
        expect.stringMatching(/^5:10 /),
        expect.stringMatching(/^6:13 /),
        expect.stringMatching(/^7:2 Property B_ is not allowed/),
      ]),
    );
  });

  it('shows the catalogue text on hover', async () => {
    const doc = TextDocument.create('file:///work/hover.gantry.yml', 'yaml', 1, 'version: 1\ntasks:\n  a:\n    needs: [b]\n');
    await ls.doValidation(doc, false);
    const hover = await ls.doHover(doc, { line: 3, character: 6 });
    expect(JSON.stringify(hover?.contents)).toContain('Tasks that must finish first');
  });
});
