import { describe, expect, it } from 'vitest';
import { LineCounter } from 'yaml';
import { positionAt, Positions } from '../core/ranges';

function counter(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

describe('Positions', () => {
  const text = 'version: 1\n\n\ntasks:\n  a:\n    run: x\n\n  b: {run: y}\n';
  const lc = counter(text);
  const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);

  it('gives positionAt\'s answer for every offset, in order, backwards and shuffled', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const shuffled = [...offsets].sort(() => random() - 0.5);
    for (const order of [offsets, [...offsets].reverse(), shuffled]) {
      const positions = new Positions(lc);
      for (const offset of order) expect(positions.at(offset)).toEqual(positionAt(lc, offset));
    }
  });

  it('handles the first and last offsets and blank lines', () => {
    const positions = new Positions(lc);
    expect(positions.at(0)).toEqual({ line: 0, character: 0 });
    expect(positions.at(11)).toEqual({ line: 1, character: 0 }); // the first blank line
    expect(positions.at(13)).toEqual({ line: 3, character: 0 }); // `tasks:`, two lines on
    expect(positions.at(text.length)).toEqual(positionAt(lc, text.length));
  });
});
