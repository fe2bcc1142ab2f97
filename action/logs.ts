/**
 * The action's log: container output, prefixed live lines and one `::group::` per finished attempt.
 *
 * Container output must never issue workflow commands (a task printing `::set-env` or `::add-mask`
 * would act with the workflow's authority), so every stretch of it is wrapped in
 * `::stop-commands::<token>` … `::<token>::` with a fresh random token the container cannot know
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands).
 * Our own commands (groups, annotations) are only written between such stretches.
 *
 * Writes are synchronous and a finished attempt's log is printed in one go, so live lines of other
 * tasks never land inside another task's group. Log files are read in chunks: a 50 MB log does not
 * sit in memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';

export type Write = (text: string) => void;

const CHUNK = 64 * 1024;

export class ActionLog {
  /** The token of the open stop-commands stretch, if one is open. */
  #stopped?: string;

  constructor(
    private readonly write: Write,
    /** Fresh token per stretch. Default: 128 random bits, hex. */
    private readonly newToken: () => string = () => randomBytes(16).toString('hex'),
  ) {}

  /** A live line of a running task: `name | text`, the name padded so the text columns line up. */
  line(prefix: string, text: string): void {
    this.#stop();
    this.write(`${prefix} | ${text}\n`);
  }

  /**
   * Runs `fn`, which may issue workflow commands (a group, an annotation, `setOutput`), outside any
   * stop-commands stretch.
   */
  command<T>(fn: () => T): T {
    this.#resume();
    return fn();
  }

  /** Prints a finished attempt's whole log file as one collapsed group titled `title`. */
  group(title: string, logPath: string | undefined): void {
    this.#resume();
    this.write(`::group::${escapeCommandData(title)}\n`);
    if (logPath) {
      try {
        this.#stop();
        this.#copyFile(logPath);
      } catch (error) {
        this.#resume();
        this.write(`(log unavailable: ${error instanceof Error ? error.message : String(error)})\n`);
      }
    }
    this.#resume();
    this.write('::endgroup::\n');
  }

  /** Ends an open stretch, so what follows can issue commands again. Call before the step ends. */
  close(): void {
    this.#resume();
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = this.newToken();
    this.write(`::stop-commands::${this.#stopped}\n`);
  }

  #resume(): void {
    if (!this.#stopped) return;
    this.write(`::${this.#stopped}::\n`);
    this.#stopped = undefined;
  }

  #copyFile(path: string): void {
    const fd = openSync(path, 'r');
    try {
      const decoder = new StringDecoder('utf8');
      const buffer = Buffer.alloc(CHUNK);
      let pending = '';
      for (;;) {
        const n = readSync(fd, buffer, 0, CHUNK, null);
        if (n === 0) break;
        pending += decoder.write(buffer.subarray(0, n));
        const cut = pending.lastIndexOf('\n');
        if (cut >= 0) {
          this.write(pending.slice(0, cut + 1));
          pending = pending.slice(cut + 1);
        }
      }
      pending += decoder.end();
      // A final line without a newline is still a line; the newline keeps `::<token>::` on its own.
      if (pending) this.write(`${pending}\n`);
    } finally {
      closeSync(fd);
    }
  }
}

/** Escapes a command's data as the runner expects (what @actions/core does for messages). */
export function escapeCommandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
