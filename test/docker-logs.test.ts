import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CappedLogFile, FrameDemuxer, LineSplitter, OutputCapture, type LogStream } from '../core/backends/docker/logs';

/** One frame of the engine's multiplexed stream: type, three zero bytes, uint32 BE length, payload. */
function frame(stream: 1 | 2, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function collect(): { lines: Array<[LogStream, string]>; capture: OutputCapture } {
  const lines: Array<[LogStream, string]> = [];
  return { lines, capture: new OutputCapture({ onLine: (s, t) => lines.push([s, t]) }) };
}

describe('FrameDemuxer + LineSplitter', () => {
  it('keeps a multibyte character whole when a frame boundary cuts it', () => {
    const text = Buffer.from('héllo wörld 🚀\n');
    // Cut inside "é" (2 bytes) and inside the rocket (4 bytes): each piece is its own frame.
    const cutA = text.indexOf(Buffer.from('é')) + 1;
    const cutB = text.indexOf(Buffer.from('🚀')) + 2;
    const { lines, capture } = collect();
    capture.push(frame(1, text.subarray(0, cutA)));
    capture.push(frame(1, text.subarray(cutA, cutB)));
    capture.push(frame(1, text.subarray(cutB)));
    capture.end();
    expect(lines).toEqual([['stdout', 'héllo wörld 🚀']]);
  });

  it('decodes each stream on its own, even when their frames interleave mid-character', () => {
    const out = Buffer.from('ü\n');
    const err = Buffer.from('€\n');
    const { lines, capture } = collect();
    capture.push(frame(1, out.subarray(0, 1)));
    capture.push(frame(2, err.subarray(0, 2)));
    capture.push(frame(1, out.subarray(1)));
    capture.push(frame(2, err.subarray(2)));
    capture.end();
    expect(lines).toEqual([
      ['stdout', 'ü'],
      ['stderr', '€'],
    ]);
  });

  it('handles headers and payloads split across chunks at every byte position', () => {
    const bytes = Buffer.concat([frame(1, 'one\ntw'), frame(2, 'oops\n'), frame(1, 'o\nthree')]);
    for (let size = 1; size <= bytes.length; size++) {
      const { lines, capture } = collect();
      for (let i = 0; i < bytes.length; i += size) capture.push(bytes.subarray(i, i + size));
      capture.end();
      expect(lines, `chunk size ${size}`).toEqual([
        ['stdout', 'one'],
        ['stderr', 'oops'],
        ['stdout', 'two'],
        ['stdout', 'three'],
      ]);
    }
  });

  it('keeps a final line without a newline, and treats CRLF as a line end', () => {
    const { lines, capture } = collect();
    capture.push(frame(1, 'a\r\nb'));
    capture.push(frame(2, 'tail without newline'));
    capture.end();
    expect(lines).toEqual([
      ['stdout', 'a'],
      ['stdout', 'b'],
      ['stderr', 'tail without newline'],
    ]);
  });

  it('drops stdin frames (type 0) and reports an incomplete frame', () => {
    const got: string[] = [];
    const demuxer = new FrameDemuxer((_s, b) => got.push(b.toString()));
    const stdin = Buffer.alloc(8 + 3);
    stdin.writeUInt32BE(3, 4);
    stdin.write('abc', 8);
    demuxer.push(Buffer.concat([stdin, frame(1, 'x')]));
    expect(got).toEqual(['x']);
    expect(demuxer.incomplete).toBe(false);
    demuxer.push(frame(1, 'partial').subarray(0, 10));
    expect(demuxer.incomplete).toBe(true);
  });

  it('splits a line longer than the limit instead of buffering it whole', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l), 10);
    splitter.write(Buffer.from('x'.repeat(25)));
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    splitter.end();
    expect(lines[2]).toBe('x'.repeat(5));
  });
});

describe('CappedLogFile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-caplog-'));
    dirs.push(dir);
    return join(dir, 'task.log');
  };

  it('writes a log under the cap unchanged', () => {
    const path = file();
    const log = new CappedLogFile(path, 10_000);
    for (let i = 0; i < 100; i++) log.writeLine(`line ${i}`);
    const summary = log.close();
    const expected = Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join('');
    expect(readFileSync(path, 'utf8')).toBe(expected);
    expect(summary).toEqual({ totalBytes: expected.length, omittedBytes: 0 });
  });

  it('keeps head and tail with a marker between, never exceeding the cap', () => {
    const path = file();
    const cap = 64 * 1024;
    const log = new CappedLogFile(path, cap);
    const n = 200_000;
    for (let i = 0; i < n; i++) log.writeLine(`line ${i} ${'.'.repeat(i % 50)}`);
    const summary = log.close();
    const size = statSync(path).size;
    expect(size).toBeLessThanOrEqual(cap);
    expect(size).toBeGreaterThan(cap * 0.8);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    expect(lines[0]).toBe('line 0 ');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe(`line ${n - 1} ${'.'.repeat((n - 1) % 50)}`);
    const marker = lines.findIndex((l) => l.includes('[gantry]'));
    expect(marker).toBeGreaterThan(0);
    expect(lines[marker]).toContain(`${summary.omittedBytes} bytes of output omitted`);
    // Every line outside the marker is a whole line that was written, in order.
    const numbers = lines.filter((l, i) => i !== marker && l !== '').map((l) => Number(/^line (\d+) \.*$/.exec(l)?.[1]));
    expect(numbers.every((v) => Number.isInteger(v))).toBe(true);
    for (let i = 1; i < numbers.length; i++) {
      if (i === marker) continue;
      expect(numbers[i]).toBeGreaterThan(numbers[i - 1]);
    }
    // Accounting: head + kept tail + omitted = everything written.
    const kept = Buffer.byteLength(text) - Buffer.byteLength(lines[marker]) - 1;
    expect(kept + summary.omittedBytes).toBe(summary.totalBytes);
    // The tail segments are gone.
    expect(readdirSync(join(path, '..'))).toEqual(['task.log']);
    expect(existsSync(`${path}.tail0`)).toBe(false);
  });
});
