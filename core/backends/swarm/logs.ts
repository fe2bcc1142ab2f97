/**
 * A swarm service's output, through the manager's API only (never a path on another node): its
 * log is followed while the task runs, for live lines, and read once more after the task ended,
 * for the lines the follow had not delivered yet (the manager's follow does not end when a job
 * completes). Every entry carries the engine's timestamp, so the second read adds only what is
 * new. A task's outputs come the same way: after its command, a wrapper prints a marker line
 * only Gantry knows and then the `$GANTRY_OUTPUT` file; what follows the marker is kept out of
 * the log.
 */
import type Dockerode from 'dockerode';
import type { LogStream } from '../docker/logs';
import type { OutputCapture } from '../docker/logs';

/** Largest outputs text read from a log (bytes), as the Docker executor's `$GANTRY_OUTPUT` file. */
const MAX_OUTPUTS = 1024 * 1024;

/** Whole frames of a multiplexed (TTY-less) log stream: `onFrame(stream, payload)` per entry. */
export class FrameReader {
  private pending = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: LogStream, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buffer.length >= 8) {
      const size = buffer.readUInt32BE(4);
      if (buffer.length < 8 + size) break;
      const type = buffer[0];
      const payload = buffer.subarray(8, 8 + size);
      if (type === 1 || type === 2) this.onFrame(type === 1 ? 'stdout' : 'stderr', payload);
      buffer = buffer.subarray(8 + size);
    }
    this.pending = Buffer.from(buffer);
  }
}

/** `2026-12-06T04:58:52.802222956Z` → nanoseconds since the epoch (0 when unreadable). */
export function timestampNs(text: string): bigint {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!match) return 0n;
  const seconds = Date.parse(`${match[1]}Z`);
  if (!Number.isFinite(seconds)) return 0n;
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

export interface ServiceLogOptions {
  /** Where the task's lines go (the Docker backend's capture: live sink, capped file, masking). */
  capture: OutputCapture;
  /** The marker line after which the task's outputs follow; undefined: the task declares none. */
  marker?: string;
}

/** One service's log: follow, then `finish()` once its task ended. */
export class ServiceLog {
  /** The newest entry's timestamp, and how many entries carried exactly it (lines written in one instant). */
  private last = 0n;
  private atLast = 0;
  /** While catching up: how many entries at `last` were passed over (they were delivered by the follow). */
  private skippedAtLast = 0;
  private follow: NodeJS.ReadableStream | undefined;
  private outputsText: string | undefined;
  private outputsBytes = 0;
  /** An empty stdout line held back: the wrapper's newline before the marker is not the task's. */
  private heldEmpty = false;
  private finished = false;

  constructor(
    private readonly service: Dockerode.Service,
    private readonly options: ServiceLogOptions,
  ) {}

  /** Starts following. Failing to follow is not fatal: `finish()` reads the whole log anyway. */
  async start(): Promise<void> {
    try {
      const stream = (await this.service.logs({ follow: true, stdout: true, stderr: true, timestamps: true } as never)) as unknown as NodeJS.ReadableStream;
      if (this.finished) return destroy(stream);
      this.follow = stream;
      const reader = new FrameReader((stream, payload) => this.entry(stream, payload));
      stream.on('data', (chunk: Buffer) => reader.push(chunk));
      stream.on('error', () => undefined);
    } catch {
      // The service may already be gone (a kill raced the start): finish() says what there is.
    }
  }

  /**
   * After the task ended: stops following, reads the log once more for what the follow had not
   * delivered yet, and returns the outputs text (undefined when the marker never came: the
   * command did not get to the end of the wrapper).
   */
  async finish(timeoutMs = 10_000): Promise<string | undefined> {
    if (this.finished) return this.outputsText;
    this.finished = true;
    if (this.follow) destroy(this.follow);
    try {
      const read = this.service.logs({ follow: false, stdout: true, stderr: true, timestamps: true } as never) as unknown as Promise<Buffer | NodeJS.ReadableStream>;
      const body = await Promise.race([read, new Promise<undefined>((resolve) => (setTimeout(resolve, timeoutMs) as unknown as NodeJS.Timeout).unref())]);
      const bytes = Buffer.isBuffer(body) ? body : body ? await collect(body) : undefined;
      this.skippedAtLast = 0;
      if (bytes) new FrameReader((stream, payload) => this.entry(stream, payload, true)).push(bytes);
    } catch {
      // Gone already: what the follow gave is all there is.
    }
    if (this.heldEmpty && this.outputsText === undefined) this.options.capture.pushText('stdout', Buffer.from('\n'));
    this.heldEmpty = false;
    return this.outputsText;
  }

  /** Stops following without reading again (a service being stopped). */
  close(): void {
    this.finished = true;
    if (this.follow) destroy(this.follow);
  }

  private entry(stream: LogStream, payload: Buffer, catchUp = false): void {
    if (this.finished && !catchUp) return;
    const text = payload.toString('utf8');
    const space = text.indexOf(' ');
    const at = space > 0 ? timestampNs(text.slice(0, space)) : 0n;
    if (at !== 0n) {
      if (at < this.last) return;
      if (at === this.last) {
        // Several entries may share one timestamp: those the follow gave are passed over once each.
        if (catchUp && this.skippedAtLast < this.atLast) {
          this.skippedAtLast++;
          return;
        }
        this.atLast++;
        if (catchUp) this.skippedAtLast++;
      } else {
        this.last = at;
        this.atLast = 1;
        this.skippedAtLast = catchUp ? 1 : 0;
      }
    }
    const body = at !== 0n ? text.slice(space + 1) : text;
    if (this.outputsText !== undefined && stream === 'stdout') {
      // After the marker: the outputs file, never the log (stderr still is the task's log).
      if (this.outputsBytes < MAX_OUTPUTS) {
        this.outputsText += body;
        this.outputsBytes += Buffer.byteLength(body);
      }
      return;
    }
    const marker = this.options.marker;
    if (marker !== undefined && stream === 'stdout' && body.replace(/\r?\n$/, '') === marker) {
      this.outputsText = '';
      this.heldEmpty = false;
      return;
    }
    if (stream === 'stdout' && marker !== undefined) {
      if (this.heldEmpty) this.options.capture.pushText('stdout', Buffer.from('\n'));
      this.heldEmpty = body === '\n';
      if (this.heldEmpty) return;
    }
    this.options.capture.pushText(stream, Buffer.from(body, 'utf8'));
  }
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}
