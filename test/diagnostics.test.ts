import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../core/diagnostics';

const at = (line: number, character: number): Diagnostic['range'] => ({ start: { line, character }, end: { line, character: character + 1 } });

describe('diagnostics', () => {
  it('prints one-based file:line:col with severity and code', () => {
    const d: Diagnostic = { code: 'unknown-key', message: 'Unknown key "neds".', severity: 'error', range: at(4, 2) };
    expect(formatDiagnostic('gantry.yml', d)).toBe('gantry.yml:5:3: error: Unknown key "neds". [unknown-key]');
  });

  it('sorts by position, then code', () => {
    const list: Diagnostic[] = [
      { code: 'b', message: '', severity: 'error', range: at(2, 0) },
      { code: 'z', message: '', severity: 'warning', range: at(1, 5) },
      { code: 'a', message: '', severity: 'error', range: at(1, 5) },
    ];
    expect(sortDiagnostics(list).map((d) => d.code)).toEqual(['a', 'z', 'b']);
  });
});
