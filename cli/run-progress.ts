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
import type { Capacity, Graph } from '../core/model';
import { timeLeft } from '../core/eta';
import type { PlanOptions } from '../core/plan';
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
  /** `--resume`: the units taken over, by id, and the run each really ran in (shown "succeeded (from RUN)"). */
  takenFrom?: ReadonlyMap<string, string>;
}

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92, 94];
/** In a run of more units than this, the time left is planned again at most every `ETA_REPLAN_MS`; in between it counts down. */
const ETA_SMALL = 300;
const ETA_REPLAN_MS = 1000;
/** Without a status line (CI, a pipe), the time left is said at a task's end at most this often (ms). */
const ETA_LINE_MS = 30_000;
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
  /** The run's prediction (graph and capacity), once runBatch gives it: the time left is planned from it. */
  private predicted?: { graph: Graph; capacity: Capacity; plan?: PlanOptions };
  /** The node of each unit's current attempt, on several nodes. */
  private readonly nodeOf = new Map<string, string>();
  /** Where the run stands, for the time left: units ended, attempts going on since (ms), services healthy. */
  private readonly ended = new Set<string>();
  private readonly since = new Map<string, number>();
  private readonly healthy = new Set<string>();
  /** The last planned time left, when it was planned, and whether the run moved on since. */
  private left?: { ms: number; at: number; stale: boolean };
  private lastEtaLine = -Infinity;
  /** Cancelling: the time left is not said any more. */
  private stopping = false;

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

  /** The run's prediction (runBatch's `onPrediction`): from now on the status says the time left. */
  prediction(p: { graph: Graph; capacity: Capacity; plan?: PlanOptions }): void {
    if (this.stopping) return;
    this.predicted = { graph: p.graph, capacity: p.capacity, ...(p.plan ? { plan: p.plan } : {}) };
    this.left = undefined;
    this.drawStatus();
  }

  event(e: ScheduleEvent): void {
    this.track(e);
    switch (e.type) {
      case 'attempt-start':
        this.running.add(e.unit);
        if (e.node !== undefined) this.nodeOf.set(e.unit, e.node);
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
        this.print(`${this.prefix(e.unit)} ▶ service starting${this.onNode(e.node)}`);
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
          const taken = this.options.takenFrom?.get(e.unit);
          const what =
            taken !== undefined
              ? `${task ? '' : 'service '}succeeded (from ${untrusted(taken)})`
              : !task
                ? 'service stopped'
                : from !== undefined
                  ? `cached (from ${untrusted(from)})`
                  : 'succeeded';
          this.print(`${this.prefix(e.unit)} ${this.paint('✔', 32)} ${what}`);
        } else {
          if (task && e.status !== 'skipped' && e.status !== 'cancelled') this.failed++;
          const mark = e.status === 'skipped' || e.status === 'cancelled' ? this.paint('○', 90) : this.paint('✖', 31);
          this.print(`${this.prefix(e.unit)} ${mark} ${task ? '' : 'service '}${e.status}${e.reason ? `: ${untrusted(e.reason)}` : ''}`);
        }
        if (task) this.etaLine();
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
    if (!this.options.tty || attempt > 1) this.print(`${this.prefix(unitId)} ▶ started${attempt > 1 ? ` (attempt ${attempt})` : ''}${this.onNode(this.nodeOf.get(unitId))}`);
  }

  /** ` on worker-1`, when the run packs several nodes (a swarm): the node's name, from the engine. */
  private onNode(node: string | undefined): string {
    const nodes = this.predicted?.plan?.placement?.nodes;
    if (node === undefined || !nodes || nodes.length < 2) return '';
    return ` on ${untrusted(nodes.find((n) => n.id === node)?.name ?? node)}`;
  }

  /** Where the run stands, for the time left. */
  private track(e: ScheduleEvent): void {
    switch (e.type) {
      case 'attempt-start':
      case 'service-start':
        this.since.set(e.unit, this.now());
        break;
      // Ended, to be tried again: not running until its next attempt starts (a last attempt's unit-end follows).
      case 'attempt-end':
        if (e.willRetry) this.since.delete(e.unit);
        break;
      case 'service-healthy':
        this.healthy.add(e.unit);
        break;
      case 'unit-end':
        this.ended.add(e.unit);
        this.since.delete(e.unit);
        break;
      default:
        return;
    }
    if (this.left) this.left.stale = true;
  }

  /**
   * ms the run has left by the plan of what is left (core/eta.ts), planned again when the run
   * moved on (at most once a second), counting down in between; undefined before the prediction.
   */
  private timeLeft(): number | undefined {
    if (!this.predicted) return undefined;
    const now = this.now();
    // Small runs are planned again at every change; large ones at most once a second (a plan of
    // thousands of units is milliseconds of work).
    const due = this.predicted.graph.units.length <= ETA_SMALL || now - (this.left?.at ?? -Infinity) >= ETA_REPLAN_MS;
    if (!this.left || (this.left.stale && due)) {
      const running = new Map<string, number>();
      for (const [unit, since] of this.since) running.set(unit, now - since);
      const ms = timeLeft(this.predicted.graph, this.predicted.capacity, { ended: this.ended, running, healthy: this.healthy }, this.predicted.plan);
      this.left = { ms, at: now, stale: false };
    }
    return Math.max(0, this.left.ms - (now - this.left.at));
  }

  /** Without a status line: `gantry: 12/40 tasks done · ~1m20s left`, at a task's end, at most every 30 s. */
  private etaLine(): void {
    if (this.options.tty || this.done >= this.total) return;
    const now = this.now();
    if (now - this.lastEtaLine < ETA_LINE_MS) return;
    const left = this.timeLeft();
    if (left === undefined) return;
    this.lastEtaLine = now;
    this.print(`gantry: ${this.done}/${this.total} tasks done · ~${formatDuration(roundSeconds(left))} left`);
  }

  /**
   * The run is being cancelled (Ctrl-C): what is left will not run, so no time left is said any
   * more — not on the status line, not as a `gantry: N/M tasks done · ~… left` line.
   */
  cancelling(): void {
    this.stopping = true;
    this.predicted = undefined;
    this.left = undefined;
    this.drawStatus();
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
    const left = this.done < this.total ? this.timeLeft() : undefined;
    if (left !== undefined) parts.push(`~${formatDuration(roundSeconds(left))} left`);
    this.options.out.write(`[${bar}] ${parts.join(' · ')}`);
    this.statusShown = true;
  }
}

/** Whole seconds (at least one while anything is left): the line is not redrawn often enough for tenths. */
function roundSeconds(ms: number): number {
  return ms <= 0 ? 0 : Math.max(1000, Math.round(ms / 1000) * 1000);
}

function describe(outcome: AttemptOutcome): string {
  return outcome.message ?? outcome.status;
}

/** A message quoting the batch file or a container: one line, no control characters, no colour. */
function untrusted(text: string): string {
  return sanitize(text, { sgr: 'strip' });
}
