/**
 * How points in time appear in hovers, code lenses and the preview webview (lengths use core's
 * `formatDuration`). Pure, no imports: the webview bundle uses it too.
 */

/** A point on the run's timeline, like a stopwatch: `0:12`, `3:05`, `1:02:03`. */
export function formatClock(ms: number): string {
  const total = Math.round(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
