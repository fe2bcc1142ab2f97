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
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly timers: Timers,
    private readonly ms: number,
    private readonly fn: (key: string) => void,
  ) {}

  schedule(key: string): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        this.fn(key);
      }, this.ms),
    );
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle !== undefined) this.timers.clear(handle);
    this.pending.delete(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
