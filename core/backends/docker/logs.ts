/**
 * A container's output, from the engine's byte stream to lines and a bounded log file.
 *
 * Without a TTY the engine multiplexes stdout and stderr on one stream: each frame is an
 * 8-byte header (stream type, three zero bytes, payload length as uint32 big-endian) followed by
 * the payload (https://docs.docker.com/engine/api/v1.41/#operation/ContainerAttach). Frames
 * split across chunks arbitrarily, and a frame boundary may fall inside a UTF-8 character, so
 * each stream has its own decoder. Nothing here holds more than one line (capped) per stream and
 * one write buffer: a task printing gigabytes keeps memory flat.
 */
import { closeSync, constants, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { openNewFile } from '../../host/files';
import { StringDecoder } from 'node:string_decoder';
import type { Masker } from '../../mask';

export type LogStream = 'stdout' | 'stderr';

/** Default cap of an attempt's log file: 50 MB (head and tail kept). */
export const DEFAULT_LOG_CAP_BYTES = 50 * 1024 * 1024;

/** Longest line handed on whole (UTF-16 units); longer ones are split, so memory stays bounded. */
export const DEFAULT_MAX_LINE = 64 * 1024;

/**
 * Splits the engine's multiplexed stream into payload pieces. A frame's payload is handed on as
 * it arrives (possibly in several pieces), never buffered whole.
 */
export class FrameDemuxer {
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  private remaining = 0;
  private stream: LogStream | undefined = 'stdout';

  constructor(private readonly onPayload: (stream: LogStream, bytes: Buffer) => void) {}

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(8 - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        const type = this.header[0];
        // 0 is stdin echoed back (only with a TTY-less attach of stdin); we never ask for it.
        this.stream = type === 1 ? 'stdout' : type === 2 ? 'stderr' : undefined;
        this.remaining = this.header.readUInt32BE(4);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - offset);
      if (this.stream) this.onPayload(this.stream, chunk.subarray(offset, offset + take));
      this.remaining -= take;
      offset += take;
    }
  }

  /** True when the stream ended in the middle of a frame (the engine went away). */
  get incomplete(): boolean {
    return this.headerFill > 0 || this.remaining > 0;
  }
}

/**
 * Bytes of one stream → lines. Decodes UTF-8 across chunk boundaries, treats `\r\n` as `\n`,
 * and keeps a final line without a newline (handed on by `end()`).
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = DEFAULT_MAX_LINE,
    /** How many characters at the end of a piece could begin a secret (`Masker.partialSuffix`). */
    private readonly partialSecret?: (text: string) => number,
  ) {}

  write(bytes: Buffer): void {
    this.take(this.decoder.write(bytes));
  }

  end(): void {
    this.take(this.decoder.end());
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }

  private take(text: string): void {
    if (text === '') return;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const line = this.pending + text.slice(start, nl);
      this.pending = '';
      this.emit(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = nl + 1;
    }
    this.pending += text.slice(start);
    while (this.pending.length > this.maxLine) {
      // Do not cut a surrogate pair in two.
      let cut = this.maxLine;
      // A secret across the cut would be masked in neither piece: cut before its start instead.
      const held = this.partialSecret?.(this.pending.slice(0, cut)) ?? 0;
      if (held > 0 && held < cut) cut -= held;
      const code = this.pending.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut--;
      this.emit(this.pending.slice(0, cut));
      this.pending = this.pending.slice(cut);
    }
  }

  private emit(line: string): void {
    this.onLine(line);
  }
}

export interface LogFileSummary {
  /** Bytes the attempt printed (as written to the file before capping). */
  totalBytes: number;
  /** Bytes left out between head and tail; 0 when the whole log fits. */
  omittedBytes: number;
}

/** How much is buffered before a write to disk. */
const WRITE_CHUNK = 64 * 1024;

/**
 * An attempt's full log, capped at `capBytes`: the first half is written as it comes; once it is
 * full, the rest goes to two rotating tail segments on disk, and `close()` appends the last
 * ~half of the output after a marker line. Memory: one write buffer.
 */
export class CappedLogFile {
  private readonly headCap: number;
  private readonly tailCap: number;
  private fd: number;
  private buffer = Buffer.allocUnsafe(WRITE_CHUNK);
  private buffered = 0;
  private headBytes = 0;
  private inTail = false;
  private segment = 0;
  private segmentBytes = 0;
  private segmentFd: number | undefined;
  private hasPrevious = false;
  private total = 0;
  private closed: LogFileSummary | undefined;

  constructor(
    readonly path: string,
    readonly capBytes = DEFAULT_LOG_CAP_BYTES,
  ) {
    // Room for the marker line, so the file never exceeds the cap.
    const usable = Math.max(0, capBytes - MARKER_RESERVE);
    this.headCap = Math.floor(usable / 2);
    this.tailCap = usable - this.headCap;
    // Never through a link or into a file someone else put there (host-files.ts).
    this.fd = openNewFile(path);
  }

  /** Appends one line (a newline is added). */
  writeLine(line: string): void {
    if (this.closed) return;
    const bytes = Buffer.byteLength(line) + 1;
    this.total += bytes;
    if (!this.inTail && this.headBytes + bytes > this.headCap) {
      this.flush();
      this.inTail = true;
      this.segmentFd = openNewFile(this.segmentPath(0), { replace: true });
    }
    if (!this.inTail) this.headBytes += bytes;
    if (this.buffered + bytes > this.buffer.length) {
      this.flush();
      if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    }
    this.buffered += this.buffer.write(line, this.buffered);
    this.buffer[this.buffered++] = 0x0a;
  }

  /** Writes the tail after the marker, removes the segments. Idempotent. */
  close(): LogFileSummary {
    if (this.closed) return this.closed;
    this.flush();
    let omitted = 0;
    if (this.inTail && this.segmentFd !== undefined) {
      closeSync(this.segmentFd);
      this.segmentFd = undefined;
      const current = this.segmentPath(this.segment);
      const previous = this.segmentPath(this.segment - 1);
      if (!this.hasPrevious) {
        // Rotation happens at tailCap, so head + one partial segment always fits the cap.
        copyFile(current, 0, this.fd);
      } else {
        // The last tailCap bytes: the end of the previous segment, then the current one,
        // starting at a line boundary so the tail does not open with half a line.
        const fromPrevious = Math.max(0, this.tailCap - this.segmentBytes);
        const sources: TailSource[] = [];
        if (fromPrevious > 0) {
          sources.push({ path: previous, start: this.previousSize - fromPrevious, size: this.previousSize });
        }
        sources.push({ path: current, start: Math.max(0, this.segmentBytes - this.tailCap), size: this.segmentBytes });
        alignToLineStart(sources[0]);
        const kept = sources.reduce((sum, s) => sum + s.size - s.start, 0);
        omitted = this.total - this.headBytes - kept;
        const marker = `… [gantry] ${omitted} bytes of output omitted here (log capped at ${this.capBytes} bytes; first and last parts kept) …\n`;
        writeAll(this.fd, Buffer.from(marker));
        for (const source of sources) copyFile(source.path, source.start, this.fd);
      }
      rmSync(current, { force: true });
      rmSync(previous, { force: true });
    }
    closeSync(this.fd);
    this.closed = { totalBytes: this.total, omittedBytes: omitted };
    return this.closed;
  }

  private previousSize = 0;

  private flush(): void {
    if (this.buffered === 0) return;
    const data = this.buffer.subarray(0, this.buffered);
    this.buffered = 0;
    if (!this.inTail) {
      writeAll(this.fd, data);
      return;
    }
    writeAll(this.segmentFd!, data);
    this.segmentBytes += data.length;
    if (this.segmentBytes >= this.tailCap) {
      // Rotate: the current segment alone now holds a whole tail; the older one is not needed.
      closeSync(this.segmentFd!);
      rmSync(this.segmentPath(this.segment - 1), { force: true });
      this.previousSize = this.segmentBytes;
      this.hasPrevious = true;
      this.segment++;
      this.segmentBytes = 0;
      this.segmentFd = openNewFile(this.segmentPath(this.segment), { replace: true });
    }
  }

  private segmentPath(n: number): string {
    return `${this.path}.tail${((n % 2) + 2) % 2}`;
  }
}

const MARKER_RESERVE = 200;

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

function copyFile(path: string, start: number, toFd: number): void {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  try {
    let position = start;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) break;
      writeAll(toFd, chunk.subarray(0, n));
      position += n;
    }
  } finally {
    closeSync(fd);
  }
}

interface TailSource {
  path: string;
  start: number;
  size: number;
}

/**
 * Moves `start` to the beginning of a line (past the next newline). Segments themselves begin at
 * line starts (they rotate between lines), so only the first source needs this.
 */
function alignToLineStart(source: TailSource): void {
  if (source.start === 0) return;
  const fd = openSync(source.path, 'r');
  try {
    const probe = Buffer.alloc(1);
    if (readSync(fd, probe, 0, 1, source.start - 1) === 1 && probe[0] === 0x0a) return;
    const chunk = Buffer.allocUnsafe(64 * 1024);
    while (source.start < source.size) {
      const n = readSync(fd, chunk, 0, chunk.length, source.start);
      if (n === 0) break;
      const nl = chunk.subarray(0, n).indexOf(0x0a);
      if (nl >= 0) {
        source.start += nl + 1;
        return;
      }
      source.start += n;
    }
    source.start = Math.min(source.start, source.size);
  } finally {
    closeSync(fd);
  }
}

/** Keeps the last `size` lines, for failure messages ("last output: …"). */
class LastLines {
  private readonly lines: string[] = [];
  constructor(private readonly size = 20) {}
  push(line: string): void {
    this.lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.lines.length > this.size) this.lines.shift();
  }
  get(): string[] {
    return [...this.lines];
  }
}

export interface OutputCaptureOptions {
  /** Each complete line, as it comes. */
  onLine?: (stream: LogStream, line: string) => void;
  /** Write the full (capped) log here. */
  filePath?: string;
  capBytes?: number;
  maxLine?: number;
  /**
   * Replaces the run's secrets by `***` in each line before it goes anywhere (live sink, file,
   * last lines). Lines are whole however the engine's chunks fell, so a secret printed in two
   * writes is masked too; a line longer than `maxLine` is cut before any secret it would split.
   */
  masker?: Pick<Masker, 'mask' | 'partialSuffix'>;
}

/**
 * Everything that happens to one attempt's output stream: demultiplex, decode, split, hand each
 * line to the live sink, write the capped log file, remember the last lines.
 */
export class OutputCapture {
  private readonly demuxer: FrameDemuxer;
  private readonly splitters: Record<LogStream, LineSplitter>;
  private readonly file: CappedLogFile | undefined;
  readonly last = new LastLines();
  private summary: LogFileSummary | undefined;

  constructor(private readonly options: OutputCaptureOptions) {
    this.file = options.filePath ? new CappedLogFile(options.filePath, options.capBytes) : undefined;
    const masker = options.masker;
    const line = (stream: LogStream) => (raw: string) => {
      const text = masker ? masker.mask(raw) : raw;
      this.file?.writeLine(text);
      this.last.push(text);
      options.onLine?.(stream, text);
    };
    this.splitters = {
      stdout: new LineSplitter(line('stdout'), options.maxLine, masker && ((text) => masker.partialSuffix(text))),
      stderr: new LineSplitter(line('stderr'), options.maxLine, masker && ((text) => masker.partialSuffix(text))),
    };
    this.demuxer = new FrameDemuxer((stream, bytes) => this.splitters[stream].write(bytes));
  }

  /** Raw bytes from a TTY-less attach or logs stream. */
  push(chunk: Buffer): void {
    if (!this.summary) this.demuxer.push(chunk);
  }

  /** Plain output of one stream, not multiplexed (an image build's log, core/backends/docker/build.ts). */
  pushText(stream: LogStream, chunk: Buffer): void {
    if (!this.summary) this.splitters[stream].write(chunk);
  }

  /** Flushes final lines and closes the file. Idempotent. */
  end(): LogFileSummary {
    if (this.summary) return this.summary;
    this.splitters.stdout.end();
    this.splitters.stderr.end();
    this.summary = this.file?.close() ?? { totalBytes: 0, omittedBytes: 0 };
    return this.summary;
  }
}
