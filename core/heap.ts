/**
 * A binary min-heap of small integers (unit indices) ordered by a comparator. The scheduler keeps
 * ready units in these so that picking the next one costs O(log n), never a scan.
 *
 * Removal is lazy: callers pop entries that are no longer valid (`peekValid`), which keeps every
 * operation logarithmic without an index map.
 */
export class IndexHeap {
  private readonly items: number[] = [];

  constructor(private readonly less: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    let i = items.length;
    items.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (!this.less(value, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = value;
  }

  peek(): number | undefined {
    return this.items[0];
  }

  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      // Sift the hole at the root down, then drop `last` into it.
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && this.less(items[child + 1], items[child])) child++;
        if (!this.less(items[child], last)) break;
        items[i] = items[child];
        i = child;
      }
      items[i] = last;
    }
    return top;
  }

  /** The smallest entry for which `valid` holds, discarding invalid ones on the way. */
  peekValid(valid: (value: number) => boolean): number | undefined {
    for (;;) {
      const top = this.peek();
      if (top === undefined || valid(top)) return top;
      this.pop();
    }
  }
}
