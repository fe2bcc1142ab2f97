/**
 * Invalid input must never make the parser throw, hang or report its own bug: random slices and
 * mutations of a valid file and random bytes all come back as diagnostics.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBatchFile } from '../core/parse';

const full = readFileSync(new URL('./fixtures/full.gantry.yml', import.meta.url), 'utf8');

function survives(text: string): void {
  const result = parseBatchFile(text);
  expect(Array.isArray(result.diagnostics)).toBe(true);
  expect(result.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
  // Lines as LSP counts them (`\n`, `\r\n`, `\r`); every position on one of them, within it.
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of result.diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      expect(p.line).toBeGreaterThanOrEqual(0);
      expect(p.character).toBeGreaterThanOrEqual(0);
      expect(p.line, JSON.stringify(text)).toBeLessThan(lines.length);
      expect(p.character, JSON.stringify(text)).toBeLessThanOrEqual(lines[p.line].length);
    }
    expect(d.message.length).toBeGreaterThan(0);
  }
}

describe('parseBatchFile on broken input', () => {
  it('survives every prefix of the full example (a file being typed)', () => {
    for (let end = 0; end <= full.length; end += 7) survives(full.slice(0, end));
  });

  it('survives random slices of the full example', () => {
    fc.assert(
      fc.property(fc.nat(full.length), fc.nat(full.length), (a, b) => survives(full.slice(Math.min(a, b), Math.max(a, b)))),
      { numRuns: 300, seed: 4241 },
    );
  });

  it('survives random edits of the full example', () => {
    const edit = fc.record({ at: fc.nat(full.length), cut: fc.nat(20), insert: fc.string({ maxLength: 12, unit: fc.constantFrom(...' \n\t:-[]{}",\'#&*!|>?%@`$0aZ'.split('')) }) });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), (edits) => {
        let text = full;
        for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.cut);
        survives(text);
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('survives random bytes and random text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => survives(Buffer.from(bytes).toString('latin1'))), { numRuns: 200, seed: 4243 });
    fc.assert(fc.property(fc.string({ maxLength: 400, unit: 'grapheme' }), (text) => survives(text)), { numRuns: 200, seed: 4244 });
  });

  it('survives wrong types in every place of the example', () => {
    const keys = [...new Set([...full.matchAll(/^\s*([a-z-]+):/gm)].map((m) => m[1]))];
    for (const key of keys) {
      for (const value of ['[]', '{}', '~', '-1', '"x"', '[[1]]', '{a: {b: c}}', '&a x', '*a', '!!binary aGk=', '1e400']) {
        survives(full.replace(new RegExp(`^(\\s*${key}):.*$`, 'm'), `$1: ${value}`));
      }
    }
  });
});
