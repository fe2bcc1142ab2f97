/**
 * Timers behind an interface so the debounce can be driven by tests without sleeping.
 */

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Calls `fn(key)` once `ms` after the last `schedule(key)`; one pending call per key. */
export class Debouncer {
  private readonly pendingCalls = new Map<string, unknown>();

  constructor(
    private readonly timers: Timers,
    private readonly ms: number,
    private readonly fn: (key: string) => void,
  ) {}

  schedule(key: string): void {
    this.cancel(key);
    this.pendingCalls.set(
      key,
      this.timers.set(() => {
        this.pendingCalls.delete(key);
        this.fn(key);
      }, this.ms),
    );
  }

  /** Whether a call for `key` is waiting. */
  pending(key: string): boolean {
    return this.pendingCalls.has(key);
  }

  cancel(key: string): void {
    const handle = this.pendingCalls.get(key);
    if (handle !== undefined) this.timers.clear(handle);
    this.pendingCalls.delete(key);
  }

  dispose(): void {
    for (const key of [...this.pendingCalls.keys()]) this.cancel(key);
  }
}
