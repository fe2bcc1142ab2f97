/**
 * What `gantry run` shows while a batch runs. Two modes:
 *  - a terminal (TTY, not CI): every line prefixed with its task's name in the task's colour, and a
 *    status line at the bottom — counts and a bar — redrawn in place;
 *  - CI or a pipe: plain prefixed lines and one plain progress line per start and end, so logs
 *    read well in GitHub's log viewer and in files.
 * Unit ids (matrix values from the batch file), container lines and the messages quoting them
 * (skip reasons, a service's last output) are untrusted: each goes through `sanitize` before it is
 * printed, so none can move the cursor, clear our status line, retitle the terminal or hide text
 * with a bare CR. Colour survives only where we colour too.
 * No module state: one instance per run.
 */
import type { AttemptOutcome, ScheduleEvent } from '../core/executor';
import type { Graph } from '../core/model';
import type { LogStream } from '../core/run/run-batch';
import { formatDuration } from '../core/format';
import { sanitize } from '../core/sanitize';

export interface ProgressOptions {
  out: NodeJS.WritableStream;
  /** Redraw a status line and use colour. */
  tty: boolean;
  /** Colour (off with NO_COLOR, or when not a TTY). */
  color: boolean;
  /** Terminal width for the status line. Default 80. */
  columns?: number;
  /** Wall-clock ms source, for the elapsed time. Default Date.now. */
  now?: () => number;
}

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92, 94];
const PREFIX_MAX = 24;

export class RunProgress {
  private readonly width: number;
  private readonly colorOf = new Map<string, number>();
  private readonly total: number;
  private done = 0;
  private failed = 0;
  private readonly running = new Set<string>();
  /** Tasks the task cache did not run: the run their outputs came from. */
  private readonly cached = new Map<string, string>();
  private readonly services: Set<string>;
  /** Services without a health check: "up" once started, never "healthy". */
  private readonly unchecked: Set<string>;
  private statusShown = false;
  private readonly announced = new Set<string>();
  private readonly started: number;
  private readonly now: () => number;

  constructor(
    graph: Graph,
    private readonly options: ProgressOptions,
  ) {
    const tasks = graph.units.filter((u) => u.kind === 'task');
    this.total = tasks.length;
    this.services = new Set(graph.units.filter((u) => u.kind === 'service').map((u) => u.id));
    this.unchecked = new Set(graph.units.filter((u) => u.kind === 'service' && !u.spec.health).map((u) => u.id));
    this.width = Math.min(PREFIX_MAX, Math.max(4, ...graph.units.map((u) => sanitize(u.id).length)));
    graph.units.forEach((u, i) => this.colorOf.set(u.id, COLORS[i % COLORS.length]));
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  line(unitId: string, attempt: number, stream: LogStream, text: string): void {
    // A task's first line can arrive before the event that says it started: say that first.
    if (!this.services.has(unitId)) this.announce(unitId, attempt);
    const prefix = this.prefix(unitId);
    let clean = sanitize(text, { sgr: this.options.color ? 'keep' : 'strip' });
    // A colour the task left on must not bleed into the next line's prefix or the status line.
    if (clean.includes('\x1b[')) clean += '\x1b[0m';
    this.print(`${prefix} │ ${stream === 'stderr' && this.options.color ? `\x1b[2m${clean}\x1b[22m` : clean}`);
  }

  event(e: ScheduleEvent): void {
    switch (e.type) {
      case 'attempt-start':
        this.running.add(e.unit);
        break;
      // When the command runs, not when it is scheduled: an attempt whose image cannot be pulled never started.
      case 'attempt-running':
        this.announce(e.unit, e.attempt);
        break;
      case 'attempt-end':
        this.running.delete(e.unit);
        if (e.outcome.cached) this.cached.set(e.unit, e.outcome.cached.run);
        if (e.willRetry) this.print(`${this.prefix(e.unit)} ↻ ${untrusted(describe(e.outcome))}; retrying`);
        break;
      case 'service-start':
        this.print(`${this.prefix(e.unit)} ▶ service starting`);
        break;
      case 'service-healthy':
        this.print(`${this.prefix(e.unit)} ✔ service ${this.unchecked.has(e.unit) ? 'up (no health check)' : 'healthy'}`);
        break;
      // A failed service is said once, by its unit-end.
      case 'service-stop':
        break;
      case 'unit-end': {
        this.running.delete(e.unit);
        const task = !this.services.has(e.unit);
        if (task) this.done++;
        if (e.status === 'succeeded') {
          const from = this.cached.get(e.unit);
          this.print(`${this.prefix(e.unit)} ${this.paint('✔', 32)} ${!task ? 'service stopped' : from !== undefined ? `cached (from ${untrusted(from)})` : 'succeeded'}`);
        } else {
          if (task && e.status !== 'skipped' && e.status !== 'cancelled') this.failed++;
          const mark = e.status === 'skipped' || e.status === 'cancelled' ? this.paint('○', 90) : this.paint('✖', 31);
          this.print(`${this.prefix(e.unit)} ${mark} ${task ? '' : 'service '}${e.status}${e.reason ? `: ${untrusted(e.reason)}` : ''}`);
        }
        break;
      }
      default:
        break;
    }
    this.drawStatus();
  }

  /** "▶ started", once per attempt (on a terminal the status line says it for first attempts). */
  private announce(unitId: string, attempt: number): void {
    const key = `${unitId}#${attempt}`;
    if (this.announced.has(key)) return;
    this.announced.add(key);
    if (!this.options.tty || attempt > 1) this.print(`${this.prefix(unitId)} ▶ started${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
  }

  /** Removes the status line (before the final summary). */
  finish(): void {
    this.clearStatus();
  }

  private prefix(unitId: string): string {
    const id = sanitize(unitId);
    const name = id.length > this.width ? `${id.slice(0, this.width - 1)}…` : id.padEnd(this.width);
    return this.paint(name, this.colorOf.get(unitId) ?? 37);
  }

  private paint(text: string, code: number): string {
    return this.options.color ? `\x1b[${code}m${text}\x1b[39m` : text;
  }

  private print(text: string): void {
    this.clearStatus();
    this.options.out.write(`${text}\n`);
    this.drawStatus();
  }

  private clearStatus(): void {
    if (this.statusShown) {
      this.options.out.write('\r\x1b[K');
      this.statusShown = false;
    }
  }

  /** `[██████░░░░] 6/10 · 2 running · 1 failed · 12s` — TTY only. */
  private drawStatus(): void {
    if (!this.options.tty) return;
    this.clearStatus();
    // Whole seconds: the line is redrawn every second, a tenth would only flicker.
    const elapsed = Math.round((this.now() - this.started) / 1000) * 1000;
    const cols = this.options.columns || 80;
    const barWidth = Math.max(10, Math.min(30, cols - 50));
    const filled = this.total === 0 ? barWidth : Math.round((this.done / this.total) * barWidth);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(Math.max(0, barWidth - filled))}`;
    const parts = [`${this.done}/${this.total}`, `${this.running.size} running`];
    if (this.failed > 0) parts.push(this.paint(`${this.failed} failed`, 31));
    parts.push(formatDuration(elapsed));
    this.options.out.write(`[${bar}] ${parts.join(' · ')}`);
    this.statusShown = true;
  }
}

function describe(outcome: AttemptOutcome): string {
  return outcome.message ?? outcome.status;
}

/** A message quoting the batch file or a container: one line, no control characters, no colour. */
function untrusted(text: string): string {
  return sanitize(text, { sgr: 'strip' });
}
