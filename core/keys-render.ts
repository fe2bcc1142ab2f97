/**
 * Renders the key catalogue (core/keys.ts) as the JSON Schema editors use
 * (`schema/gantry.schema.json`) and as the key tables of `docs/batch-file.md`. Both files are
 * written by `npx tsx schema/generate.ts`; test/parse-schema.test.ts fails when they are stale.
 */
import { KEY_CONTEXTS, KEYS, MATRIX_KEY_PATTERN, NAME_PATTERN, VARIABLE_PATTERN, type KeyContext, type KeyDoc } from './keys';
import { PARSE_CODES } from './parse-codes';

type Json = { [key: string]: unknown };

const NUMBER = String.raw`(\d+(\.\d*)?|\.\d+)`;
const PATTERNS = {
  name: NAME_PATTERN.source,
  variable: VARIABLE_PATTERN.source,
  matrixKey: MATRIX_KEY_PATTERN.source,
  cpus: String.raw`^\s*(\d+m|${NUMBER})\s*$`,
  memory: String.raw`^\s*${NUMBER}(k|M|G|T|Ki|Mi|Gi|Ti)?\s*$`,
  duration: String.raw`^\s*(?=[.\d])(${NUMBER.replace('\\d*', '\\d+')}h)?(${NUMBER.replace('\\d*', '\\d+')}m)?(${NUMBER.replace('\\d*', '\\d+')}s)?(${NUMBER.replace('\\d*', '\\d+')}ms)?\s*$`,
  mount: '^[^:]+:/[^:]*(:(ro|rw))?$',
  envEntry: '^[A-Za-z_][A-Za-z0-9_]*=',
};

/** The description shown by editors: the key's text, then its default. */
function describe(doc: KeyDoc): string {
  return doc.default ? `${doc.description}\n\nDefault: ${doc.default}.` : doc.description;
}

function valueSchema(doc: KeyDoc): Json {
  const ref = (context: KeyContext): Json => ({ $ref: `#/definitions/${context}` });
  switch (doc.kind) {
    case 'version':
      return { const: 1 };
    case 'string':
      return { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return { type: 'integer', minimum: doc.minimum ?? 0 };
    case 'number':
      return { type: 'number', minimum: doc.minimum ?? 0 };
    case 'cpus':
      return { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string', pattern: PATTERNS.cpus }] };
    case 'memory':
      return { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: PATTERNS.memory }] };
    case 'duration':
      return { type: 'string', pattern: PATTERNS.duration };
    case 'string-list': {
      const pattern = doc.key === 'needs' ? PATTERNS.name : doc.key === 'outputs' ? PATTERNS.variable : undefined;
      return {
        type: 'array',
        items: pattern ? { type: 'string', pattern } : { type: 'string' },
        ...(pattern ? { uniqueItems: true } : {}),
      };
    }
    case 'command':
      return { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string', minLength: 1 }] };
    case 'env':
      return {
        anyOf: [
          { type: 'object', propertyNames: { pattern: PATTERNS.variable }, additionalProperties: { type: ['string', 'number', 'boolean'] } },
          { type: 'array', items: { type: 'string', pattern: PATTERNS.envEntry } },
        ],
      };
    case 'enum':
      return { enum: [...(doc.values ?? [])] };
    case 'mounts':
      return { type: 'array', items: { type: 'string', pattern: PATTERNS.mount } };
    case 'matrix':
      return {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: PATTERNS.matrixKey },
        additionalProperties: { type: 'array', minItems: 1, uniqueItems: true, items: { type: ['string', 'number', 'boolean'] } },
      };
    case 'secrets':
      return {
        anyOf: [
          { type: 'array', uniqueItems: true, items: { type: 'string', pattern: PATTERNS.variable } },
          { type: 'object', propertyNames: { pattern: PATTERNS.variable }, additionalProperties: { enum: ['env', 'file'] } },
        ],
      };
    case 'retries':
      return { anyOf: [{ type: 'integer', minimum: 0 }, ref('retries')] };
    case 'build':
      return { anyOf: [{ type: 'string', minLength: 1 }, ref('build')] };
    case 'paths':
      return { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }] };
    case 'object':
      return ref(doc.ref!);
    case 'named':
      // patternProperties rather than propertyNames: yaml-language-server reports names that
      // match nothing ("Property X is not allowed") but ignores propertyNames.
      return {
        type: ['object', 'null'],
        patternProperties: { [PATTERNS.name]: doc.ref === 'volume' ? { anyOf: [{ type: 'null' }, ref('volume')] } : ref(doc.ref!) },
        additionalProperties: false,
      };
  }
}

function contextSchema(context: KeyContext): Json {
  const properties: Json = {};
  for (const doc of KEYS[context]) {
    const description = describe(doc);
    properties[doc.key] = { description, markdownDescription: description, ...valueSchema(doc) };
  }
  const schema: Json = { type: 'object', additionalProperties: false, properties };
  const required = KEYS[context].filter((k) => k.required).map((k) => k.key);
  if (required.length) schema.required = required;
  if (context === 'task' || context === 'service' || context === 'health') {
    // Exactly one of run and command.
    schema.oneOf = [{ required: ['run'] }, { required: ['command'] }];
  }
  return schema;
}

/** The JSON Schema (draft-07) of a batch file. */
export function buildSchema(): Json {
  const definitions: Json = {};
  for (const context of KEY_CONTEXTS) if (context !== 'top') definitions[context] = contextSchema(context);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Gantry batch file',
    description: 'A batch of containers for Gantry: tasks linked by needs, services, volumes and capacity. See docs/batch-file.md.',
    ...contextSchema('top'),
    definitions,
  };
}

const CONTEXT_TITLES: Record<KeyContext, string> = {
  top: 'Top level',
  capacity: '`capacity`',
  defaults: '`defaults`',
  volume: 'A volume (under `volumes`)',
  service: 'A service (under `services`)',
  task: 'A task (under `tasks`)',
  health: '`health` (services)',
  retries: '`retries` as a mapping',
  build: '`build` as a mapping (tasks and services)',
  cache: '`cache` (tasks)',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');

/** Markdown tables of every key, per context, for docs/batch-file.md. */
export function renderKeyTables(): string {
  const out: string[] = [];
  for (const context of KEY_CONTEXTS) {
    out.push(`### ${CONTEXT_TITLES[context]}`, '');
    if (KEYS[context].length === 0) {
      out.push('No keys yet: write `{}` or leave the value empty.', '');
      continue;
    }
    out.push('| key | type | default | description | example |', '| --- | --- | --- | --- | --- |');
    for (const k of KEYS[context]) {
      const def = k.required ? 'required' : (k.default ?? '—');
      out.push(`| \`${k.key}\` | ${cell(k.type)} | ${cell(def)} | ${cell(k.description)} | \`${cell(k.example)}\` |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** A Markdown table of every parser diagnostic code. */
export function renderCodeTable(): string {
  const rows = Object.entries(PARSE_CODES).map(([code, meaning]) => `| \`${code}\` | ${cell(meaning)} |`);
  return ['| code | meaning |', '| --- | --- |', ...rows, ''].join('\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceGenerated(doc: string, name: string, content: string): string {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start < 0 || end < start) throw new Error(`docs lack the ${open} … ${close} markers`);
  return `${doc.slice(0, start + open.length)}\n${content}\n${doc.slice(end)}`;
}
