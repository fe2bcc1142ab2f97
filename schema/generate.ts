/**
 * Writes schema/gantry.schema.json and the generated parts of docs/batch-file.md from the key
 * catalogue. Run after changing core/keys.ts or core/parse-codes.ts:
 *
 *     npx tsx schema/generate.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildSchema, renderCodeTable, renderKeyTables, replaceGenerated } from '../core/keys-render';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('schema/gantry.schema.json', root), `${JSON.stringify(buildSchema(), null, 2)}\n`);
const docsUrl = new URL('docs/batch-file.md', root);
let docs = readFileSync(docsUrl, 'utf8');
docs = replaceGenerated(docs, 'keys', renderKeyTables());
docs = replaceGenerated(docs, 'codes', renderCodeTable());
writeFileSync(docsUrl, docs);
