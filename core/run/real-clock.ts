/**
 * The wall clock for real runs: `now()` counts milliseconds from the clock's creation (the run's
 * start), so every time the scheduler records is already relative to the run, as reports want.
 * Monotonic (performance.now), so a system clock change mid-run cannot reorder events.
 */
import { MAX_TIMER_MS } from '../duration';
import type { Clock, TimerHandle } from '../executor';

/**
 * A timer longer than one `setTimeout` can hold: Node runs a delay above MAX_TIMER_MS (~24.8
 * days) after 1 ms instead. It waits in steps of at most that, and fires when its time is due.
 */
class LongTimer {
  current: ReturnType<typeof setTimeout> | undefined;
}

export class RealClock implements Clock {
  private readonly origin = performance.now();
  /** Wall-clock time of `now() === 0`, for reports. */
  readonly startedAt = new Date();

  now(): number {
    return performance.now() - this.origin;
  }

  /**
   * Calls `fn` after `delayMs` (negative or NaN: as soon as possible; Infinity: never). A delay
   * past MAX_TIMER_MS is waited out in steps (see LongTimer); no timer is ever set past it.
   */
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const delay = delayMs > 0 ? delayMs : 0;
    if (delay <= MAX_TIMER_MS) return setTimeout(fn, delay);
    const timer = new LongTimer();
    const due = this.now() + delay;
    const step = () => {
      const left = due - this.now();
      timer.current = left > MAX_TIMER_MS ? setTimeout(step, MAX_TIMER_MS) : setTimeout(fn, Math.max(0, left));
    };
    step();
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout(handle instanceof LongTimer ? handle.current : (handle as ReturnType<typeof setTimeout>));
  }
}
