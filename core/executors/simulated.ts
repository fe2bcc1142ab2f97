/**
 * A virtual clock and an executor that "runs" units from their estimates. `plan` and the editor
 * preview drive the real scheduler with these, so a preview is exactly what the scheduler would do
 * if every task took its estimate. Tests script failures, OOMs, hangs and unhealthy services
 * through `SimulatedBehaviour`.
 */
import type { Attempt, AttemptOutcome, Clock, Executor, KillReason, ServiceCallbacks, TimerHandle } from '../executor';
import { IndexHeap } from '../heap';
import type { Unit } from '../model';

interface VirtualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock whose time moves only when `run()` fires the next timer. */
export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  /** By slot; fired timers are dropped so their closures can be collected. */
  private readonly timers: (VirtualTimer | undefined)[] = [];
  /** Pending timers, earliest first; ties fire in the order they were set. */
  private readonly heap = new IndexHeap((a, b) => {
    const x = this.timers[a]!;
    const y = this.timers[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  });

  /** @param start the initial time (ms). Default 0. */
  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer: VirtualTimer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    this.heap.push(this.timers.length - 1);
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    (handle as VirtualTimer).cancelled = true;
  }

  /** Pending (not cancelled) timers exist. */
  get pending(): boolean {
    return this.heap.peekValid((slot) => !this.timers[slot]!.cancelled) !== undefined;
  }

  /**
   * Fires timers in time order (ties by insertion) until none is left, advancing the clock to each.
   * @param limit stop after this many timers, a guard against a runaway simulation. Default: none.
   * @returns the number of timers fired.
   */
  run(limit = Infinity): number {
    let fired = 0;
    while (fired < limit) {
      const slot = this.heap.pop();
      if (slot === undefined) break;
      const timer = this.timers[slot]!;
      this.timers[slot] = undefined;
      if (timer.cancelled) continue;
      this.time = timer.at;
      fired++;
      timer.fn();
    }
    return fired;
  }
}

/** What a simulated attempt does. Every field is optional. */
export interface SimulatedAttempt {
  /** How long it runs (ms). Default: the unit's estimate. `Infinity` hangs until killed. */
  duration?: number;
  /** How it ends. Default `{ status: 'succeeded' }`; outputs default to none. */
  outcome?: AttemptOutcome;
}

/** What a simulated service does. Every field is optional. */
export interface SimulatedService {
  /** Time until it is healthy (ms). Default: the unit's `healthyAfter` (from history), else 0. */
  healthyAfter?: number;
  /** Fail instead of becoming healthy, with this message (after `healthyAfter`). */
  fail?: string;
  /** After becoming healthy, die this much later (ms) with message `dieMessage`. */
  dieAfter?: number;
  dieMessage?: string;
}

export interface SimulatedBehaviour {
  attempt?(attempt: Attempt): SimulatedAttempt | undefined;
  service?(unit: Unit): SimulatedService | undefined;
  /** Called for `executor.prepare` hints. */
  prepare?(unit: Unit): void;
}

const SUCCEEDED: AttemptOutcome = Object.freeze({ status: 'succeeded' });

const KILLED: Record<KillReason, AttemptOutcome['status']> = { timeout: 'timeout', cancel: 'cancelled', 'fail-fast': 'killed' };

export interface SimulatedOptions {
  /**
   * What starting a container costs beyond its work (ms): added to every attempt's duration and
   * to every service's time until healthy. `plan` sets it to model a real engine. Default 0.
   */
  startOverhead?: number;
}

/** Runs attempts on a `VirtualClock`: each ends after its duration with the scripted outcome. */
export class SimulatedExecutor implements Executor {
  private readonly attempts = new Map<string, { timer: TimerHandle; onExit: (o: AttemptOutcome) => void }>();
  private readonly services = new Map<string, TimerHandle[]>();

  private readonly overhead: number;

  /** @param behaviour scripted outcomes; default: every attempt succeeds after its estimate, services are healthy at once. */
  constructor(
    private readonly clock: VirtualClock,
    private readonly behaviour: SimulatedBehaviour = {},
    options: SimulatedOptions = {},
  ) {
    this.overhead = Math.max(0, options.startOverhead ?? 0);
  }

  prepare(unit: Unit): void {
    this.behaviour.prepare?.(unit);
  }

  start(attempt: Attempt, onExit: (outcome: AttemptOutcome) => void, onStarted?: () => void): void {
    // The command "starts" at once: a timeout counts from the start call, as it always did here.
    onStarted?.();
    const script = this.behaviour.attempt?.(attempt);
    const duration = (script?.duration ?? attempt.unit.estimate) + this.overhead;
    const outcome = script?.outcome ?? SUCCEEDED;
    const finish = () => {
      this.attempts.delete(attempt.id);
      onExit(outcome);
    };
    // A hung attempt gets no timer; only kill() ends it.
    const timer = Number.isFinite(duration) ? this.clock.setTimer(duration, finish) : {};
    this.attempts.set(attempt.id, { timer, onExit });
  }

  kill(attemptId: string, reason: KillReason): void {
    const running = this.attempts.get(attemptId);
    if (!running) return;
    this.attempts.delete(attemptId);
    this.clock.clearTimer(running.timer);
    // Reported on the clock, as a real engine would report it later, never from inside kill().
    this.clock.setTimer(0, () => running.onExit({ status: KILLED[reason], message: `killed (${reason})` }));
  }

  startService(unit: Unit, callbacks: ServiceCallbacks): void {
    const script = this.behaviour.service?.(unit) ?? {};
    const timers: TimerHandle[] = [];
    this.services.set(unit.id, timers);
    timers.push(
      this.clock.setTimer((script.healthyAfter ?? unit.healthyAfter ?? 0) + this.overhead, () => {
        if (script.fail !== undefined) return callbacks.failed(script.fail);
        callbacks.healthy();
        if (script.dieAfter !== undefined) {
          timers.push(this.clock.setTimer(script.dieAfter, () => callbacks.failed(script.dieMessage ?? 'exited')));
        }
      }),
    );
  }

  stopService(unitId: string): void {
    for (const timer of this.services.get(unitId) ?? []) this.clock.clearTimer(timer);
    this.services.delete(unitId);
  }

  /** Attempts started and not yet ended (for tests). */
  get runningAttempts(): string[] {
    return [...this.attempts.keys()];
  }
}
