/**
 * The table of a unit's fields (core/fields.ts) against what it drives: the catalogue and schema
 * name the same keys, every field that takes `${{ }}` reaches the executor with all of them
 * substituted, and a field refused in the wrong place gets the positioned error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Attempt } from '../core/executor';
import { UNIT_FIELDS, unitField, type UnitField } from '../core/fields';
import { keyDoc, keyNames, type KeyContext } from '../core/keys';
import { resolveAttempt } from '../core/substitute';
import { validate } from '../core/validate';

const schema = JSON.parse(readFileSync(new URL('../schema/gantry.schema.json', import.meta.url), 'utf8')) as {
  definitions: Record<string, { properties: Record<string, unknown> }>;
};

/** A YAML value of `field`'s kind holding `text`. */
function valueOf(field: UnitField, text: string): string {
  const kind = keyDoc('task', field.key)?.kind ?? keyDoc('service', field.key)?.kind;
  if (kind === 'string-list') return `["${text}"]`;
  if (kind === 'env') return `{ A: "${text}" }`;
  return `"${text}"`;
}

/** The value each field gets: a matrix value, and a needed task's output where the field takes one. */
function sample(field: UnitField): { text: string; expected: string } {
  return field.expressions === 'matrix+needs'
    ? { text: '/m${{ matrix.x }}-n${{ needs.b.outputs.v }}', expected: '/mxv-nnv' }
    : { text: '/m${{ matrix.x }}', expected: '/mxv' };
}

/** The position of the `n`th `needle` in `text`, as an LSP range. */
function at(text: string, needle: string, n = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

describe('the field table', () => {
  it('names exactly the keys the catalogue gives tasks, services and defaults, and the schema', () => {
    for (const kind of ['task', 'service'] as const) {
      const table = UNIT_FIELDS.filter((f) => f.units.includes(kind)).map((f) => f.key);
      expect(table, kind).toEqual(keyNames(kind));
      expect(Object.keys(schema.definitions[kind].properties).sort(), kind).toEqual([...table].sort());
    }
    const defaults = UNIT_FIELDS.filter((f) => f.defaults).map((f) => f.key);
    expect([...defaults].sort()).toEqual(keyNames('defaults').sort());
    for (const field of UNIT_FIELDS) {
      for (const kind of field.units) expect(keyDoc(kind as KeyContext, field.key)?.description, `${kind}.${field.key}`).toBeTruthy();
      expect(unitField(field.key)).toBe(field);
    }
  });

  it('says when each field with expressions is substituted, and has the code for that moment', () => {
    for (const field of UNIT_FIELDS) {
      if (field.expressions === 'none') {
        expect([field.key, field.substituted, field.expand, field.resolve]).toEqual([field.key, undefined, undefined, undefined]);
        continue;
      }
      expect(field.substituted, field.key).toBeDefined();
      expect(field.expand !== undefined, field.key).toBe(field.substituted === 'expansion');
      // What only expansion substitutes cannot wait for needs' outputs; everything else reaches the attempt.
      if (field.expressions === 'matrix+needs' || field.substituted === 'attempt') expect(field.resolve, field.key).toBeDefined();
      if (field.expressions === 'matrix') expect(field.needsRefused, field.key).toBeTruthy();
    }
  });
});

describe('every field with expressions', () => {
  // `estimate` only plans, no container reads it: test/matrix-estimate.test.ts.
  const withExpressions = UNIT_FIELDS.filter((f) => f.expressions !== 'none' && f.units.includes('task') && f.key !== 'estimate');

  it.each(withExpressions.map((f) => [f.key, f] as const))('%s reaches the executor with every expression substituted', (_key, field) => {
    const { text, expected } = sample(field);
    const image = field.key === 'image' ? '' : '  image: busybox\n';
    const file = `version: 1
defaults:
${image}tasks:
  b: { image: busybox, run: "true", outputs: [v] }
  t:
    needs: [b]
    matrix: { x: [xv] }
    ${field.key}: ${valueOf(field, text)}
`;
    const validation = validate(file);
    expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const unit = validation.graph!.byId.get('t[x=xv]')!;
    const attempt: Attempt = { id: 't#1', unit, number: 1, memory: unit.memory, needsOutputs: { b: { v: 'nv' } } };
    // What an executor reads of a unit to create its container: the image, then the resolved attempt.
    const seen = JSON.stringify({ image: unit.image, ...resolveAttempt(attempt) });
    expect(seen).not.toContain('${{');
    expect(seen).toContain(expected);
  });

  it('is never read raw by the Docker executor (it reads the resolved attempt)', () => {
    const source = readFileSync(new URL('../core/backends/docker/executor.ts', import.meta.url), 'utf8');
    for (const field of withExpressions) {
      if (field.key === 'image') continue; // substituted at expansion, refused `needs` outputs: unit.image is final
      expect(source, field.key).not.toMatch(new RegExp(`\\b(?:spec|unit)\\.${field.key}\\b`));
    }
  });
});

describe('a field refused in the wrong context', () => {
  it('gives expression-not-allowed at the expression, for each field with expressions in a service', () => {
    for (const field of UNIT_FIELDS.filter((f) => f.expressions !== 'none' && f.units.includes('service'))) {
      const expression = '${{ matrix.x }}';
      const file = `version: 1
services:
  db:
${field.key === 'image' ? '' : '    image: busybox\n'}    ${field.key}: ${valueOf(field, `/${expression}`)}
`;
      const errors = validate(file).diagnostics.filter((d) => d.code === 'expression-not-allowed');
      expect(errors.map((d) => d.range), field.key).toEqual([at(file, expression)]);
    }
  });

  it('gives expression-not-allowed at the expression where a field takes no expressions', () => {
    const file = `version: 1
services:
  db:
    image: busybox
    health: { run: "test \${{ matrix.x }}" }
`;
    const [error] = validate(file).diagnostics.filter((d) => d.code === 'expression-not-allowed');
    expect(error.range).toEqual(at(file, '${{ matrix.x }}'));
    expect(error.message).toContain('expressions work in image, run, command, entrypoint, env, workdir, user and estimate');
  });

  it("refuses a needed task's output in a field that takes matrix values only, at the expression", () => {
    for (const field of UNIT_FIELDS.filter((f) => f.expressions === 'matrix')) {
      const expression = '${{ needs.b.outputs.v }}';
      const file = `version: 1
defaults: { image: busybox }
tasks:
  b: { run: "true", outputs: [v] }
  t:
    needs: [b]
    run: "true"
    ${field.key}: ${valueOf(field, `x${expression}`)}
`;
      const errors = validate(file).diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => [d.code, d.range, d.message]), field.key).toEqual([
        ['expression-not-allowed', at(file, expression), `${expression} cannot be used in ${field.key}: ${field.needsRefused}`],
      ]);
    }
  });
});
