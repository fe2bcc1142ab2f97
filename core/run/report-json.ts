/**
 * Keeps `.gantry/runs/<run-id>/report.json` current while the run goes.
 *
 * Format choice: the whole document is rewritten atomically (write `report.json.tmp`, then rename
 * over `report.json`) after every batch of scheduler events. A reader — a person, the Action's post
 * step, `gantry cleanup` — therefore always finds one complete, parseable JSON document: never a torn
 * write, and after a crash (even `kill -9`) the state as of the last event loop turn, with
 * `complete: false`. Writes are coalesced per event-loop turn, so a burst of events costs one write.
 * The document is small (a few KB per hundred tasks), so rewriting it is cheaper than making
 * readers replay an event log. The run folder must exist (runBatch makes it).
 */
import { renameSync } from 'node:fs';
import { writeNewFile } from '../host/files';
import type { RunDocument } from '../report/run-document';

export class ReportJsonWriter {
  private pending = false;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly document: () => RunDocument,
  ) {}

  /** Schedules a rewrite at the end of this event-loop turn (coalescing bursts). */
  update(): void {
    if (this.pending || this.closed) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      if (!this.closed) this.writeNow();
    });
  }

  /** Writes the document now, atomically. */
  writeNow(): void {
    const tmp = `${this.path}.tmp`;
    // Whatever stands at tmp is unlinked, never written through; rename replaces a link itself.
    writeNewFile(tmp, `${JSON.stringify(this.document(), null, 2)}\n`, { replace: true });
    renameSync(tmp, this.path);
  }

  /** The final write; later updates are ignored. */
  close(): void {
    this.closed = true;
    this.writeNow();
  }
}
