/**
 * The wall clock for real runs: `now()` counts milliseconds from the clock's creation (the run's
 * start), so every time the scheduler records is already relative to the run, as reports want.
 * Monotonic (performance.now), so a system clock change mid-run cannot reorder events.
 */
import type { Clock, TimerHandle } from '../executor';

export class RealClock implements Clock {
  private readonly origin = performance.now();
  /** Wall-clock time of `now() === 0`, for reports. */
  readonly startedAt = new Date();

  now(): number {
    return performance.now() - this.origin;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return setTimeout(fn, Math.max(0, delayMs));
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
}
