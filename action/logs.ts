/**
 * The action's log: everything the main and post steps show on the runner — container output,
 * prefixed live lines, one `::group::` per finished attempt, progress notes, annotations — goes
 * through one ActionLog, the single path from untrusted text to the runner.
 *
 * Untrusted text is anything that came from a container or from the batch file's values: output
 * lines, log files, unit ids (matrix values), skip reasons, failure messages quoting a service's
 * output or a health probe's, error messages. It must never issue workflow commands (a task
 * printing `::set-env`, `::add-mask` or `\r::error::…` would act with the workflow's authority),
 * so it reaches the runner in exactly one of two ways:
 *  - as text (`line`, `text`, a group's body): inside a `::stop-commands::<token>` … `::<token>::`
 *    stretch with a fresh random token the container cannot know
 *    (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands);
 *  - as a command's data (`annotate`, a group's title): escaped as the runner expects.
 * Either way it is first masked (known secrets → `***`) and sanitised (`core/sanitize.ts`: a bare CR,
 * which the runner reads as a line break, ESC and other controls shown as `␍`, `␛`, …; colour kept).
 * Our own commands (groups, annotations, outputs) are only written between stretches, and their
 * syntax is never masked or rewritten.
 *
 * Writes are synchronous and a finished attempt's log is printed in one go, so live lines of other
 * tasks never land inside another task's group. Log files are read in chunks: a 50 MB log does not
 * sit in memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { sanitize } from '../core/sanitize';

export type Write = (text: string) => void;

const CHUNK = 64 * 1024;

/** A workflow command annotation (`::error …::message`); positions one-based. */
export interface AnnotationCommand {
  severity: 'error' | 'warning' | 'notice';
  message: string;
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

export class ActionLog {
  /** The token of the open stop-commands stretch, if one is open. */
  #stopped?: string;

  constructor(
    private readonly write: Write,
    /** Fresh token per stretch. Default: 128 random bits, hex. */
    private readonly newToken: () => string = () => randomBytes(16).toString('hex'),
    /** Known secrets → `***` (a Masker's `mask`). Default: nothing masked. */
    private readonly mask: (text: string) => string = (text) => text,
  ) {}

  /** A live line of a running task: `name | text`, the name padded to `width` so the text columns line up. */
  line(unit: string, text: string, width = 0): void {
    this.#stop();
    this.write(`${this.#data(unit).padEnd(width)} | ${this.#data(text)}\n`);
  }

  /** Text for the reader that may carry untrusted values (progress, reasons, error messages): one or more lines. */
  text(message: string): void {
    this.#stop();
    this.write(`${this.#data(message, true)}\n`);
  }

  /**
   * Runs `fn`, which may issue workflow commands of our own (`setOutput`, `saveState`), outside any
   * stop-commands stretch. Nothing untrusted may go through here: use `annotate`.
   */
  command<T>(fn: () => T): T {
    this.#resume();
    return fn();
  }

  /** An error, warning or notice annotation; message and title masked, sanitised and escaped as command data. */
  annotate(annotation: AnnotationCommand): void {
    const { severity, message, title, file, startLine, endLine, startColumn, endColumn } = annotation;
    // The order and names @actions/core uses (toCommandProperties).
    const properties: Array<[string, string | number | undefined]> = [
      ['title', title === undefined ? undefined : this.#data(title)],
      ['file', file],
      ['line', startLine],
      ['endLine', endLine],
      ['col', startColumn],
      ['endColumn', endColumn],
    ];
    const props = properties
      .filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '')
      .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
      .join(',');
    this.#resume();
    this.write(`::${severity}${props ? ` ${props}` : ''}::${escapeCommandData(sanitize(this.mask(message), { multiline: true, sgr: 'strip' }))}\n`);
  }

  /**
   * Registers a secret with the runner (`::add-mask::`, what @actions/core's `setSecret` writes),
   * outside any stretch — inside one the runner would not read it.
   */
  addMask(value: string): void {
    this.#resume();
    this.write(`::add-mask::${escapeCommandData(value)}\n`);
  }

  /** Prints a finished attempt's whole log file as one collapsed group titled `title`. */
  group(title: string, logPath: string | undefined): void {
    this.#resume();
    this.write(`::group::${escapeCommandData(this.#data(title))}\n`);
    if (logPath) {
      let fd: number | undefined;
      try {
        fd = openSync(logPath, 'r');
      } catch (error) {
        this.text(`(log unavailable: ${error instanceof Error ? error.message : String(error)})`);
      }
      if (fd !== undefined) {
        this.#stop();
        try {
          this.#copyFile(fd);
        } catch (error) {
          this.text(`(log cut short: ${error instanceof Error ? error.message : String(error)})`);
        }
      }
    }
    this.#resume();
    this.write('::endgroup::\n');
  }

  /** Ends an open stretch, so what follows can issue commands again. Call before the step ends. */
  close(): void {
    this.#resume();
  }

  /** Untrusted text as it may be shown: secrets masked, controls visible, colour kept (the log viewer renders it). */
  #data(text: string, multiline = false): string {
    return sanitize(this.mask(text), { multiline, sgr: 'keep' });
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

  /** Writes the file's lines (masked and sanitised, chunk by chunk, each chunk whole lines) and closes it. */
  #copyFile(fd: number): void {
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
          this.write(this.#data(pending.slice(0, cut + 1), true));
          pending = pending.slice(cut + 1);
        }
      }
      pending += decoder.end();
      // A final line without a newline is still a line; the newline keeps `::<token>::` on its own.
      if (pending) this.write(`${this.#data(pending, true)}\n`);
    } finally {
      closeSync(fd);
    }
  }
}

/** Escapes a command's data as the runner expects (what @actions/core does for messages). */
export function escapeCommandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property's value (what @actions/core does for `title=`, `file=`, …). */
export function escapeCommandProperty(s: string): string {
  return escapeCommandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
