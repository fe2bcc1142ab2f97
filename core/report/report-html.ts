/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, nothing loaded from the
 * network — it must open from a CI artifact offline) with the timeline of what really happened,
 * capacity use over time, per-task details with every attempt, usage against requests, and log
 * tails. Every string from the run goes through `esc` (HTML-escaped, control characters shown:
 * `./escape`). Pure: document in, string out.
 */
import type { AttemptDocument, RunDocument, UnitDocument } from './run-document';
import { usageAdvice, type Advice } from './usage-advice';
import { finiteParallel, formatBytes, formatCapacity, formatCpuCount, formatCpus, formatDuration } from '../format';
import { hasPrediction, statusText } from './format';
import { predictedRows } from './predicted';
import { escapeHtml } from './escape';
import { secretsNote } from './secrets-note';

const COLOR: Record<string, string> = {
  succeeded: '#2da44e',
  failed: '#cf222e',
  oom: '#8250df',
  timeout: '#bc4c00',
  killed: '#953800',
  cancelled: '#8c959f',
  skipped: '#d0d7de',
  running: '#0969da',
  retrying: '#0969da',
  pending: '#d0d7de',
  ready: '#d0d7de',
  service: '#1b7c83',
};

const WIDTH = 1000;
const LABEL = 190;
const ROW = 22;

export function renderHtml(doc: RunDocument): string {
  const title = `Gantry run ${doc.name ? `${doc.name} ` : ''}${doc.runId}`;
  // Per unit once: the summary lists it all, each unit's details its own.
  const adviceByUnit = doc.units.map(usageAdvice);
  const advice = adviceByUnit.flat();
  const tasks = doc.units.filter((u) => u.kind === 'task');
  const counts = new Map<string, number>();
  const colorOf = new Map<string, string>();
  for (const u of tasks) {
    counts.set(statusText(u), (counts.get(statusText(u)) ?? 0) + 1);
    colorOf.set(statusText(u), u.status);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>${esc(doc.name ?? 'Gantry run')} <span class="badge ${esc(doc.result)}">${esc(doc.result)}</span></h1>
  <p class="facts">Run <code>${esc(doc.runId)}</code> · <code>${esc(doc.file)}</code> · started ${esc(doc.startedAt)}
  · makespan <b>${formatDuration(doc.makespan)}</b>${hasPrediction(doc) ? ` (plan predicted ${formatDuration(doc.prediction!.makespan)})` : ''}
  · capacity ${esc(formatCapacity(doc.capacity))}${doc.nodes && doc.nodes.length > 1 ? ` · nodes ${doc.nodes.map((n) => `<code>${esc(n.name)}</code> (${formatCpuCount(n.cpus)}, ${formatBytes(n.memory)}${n.home ? ', home' : ''})`).join(', ')}` : ''}${doc.resumedFrom ? ` · resumed run <code>${esc(doc.resumedFrom)}</code>` : ''}</p>
  ${doc.keptVolumes && Object.keys(doc.keptVolumes).length ? `<p class="facts">Kept for <code>gantry run --resume</code>: ${Object.entries(doc.keptVolumes).map(([name, v]) => `<code>${esc(name)}</code> (volume <code>${esc(v.volume)}</code>)`).join(', ')} — <code>gantry cleanup</code> or the next full run here removes them.</p>` : ''}
  <p class="counts">${[...counts.entries()].map(([s, n]) => `<span class="pill" style="--c:${COLOR[colorOf.get(s) ?? s] ?? '#888'}">${n} ${esc(s)}</span>`).join(' ')}</p>
  ${failedLine(doc.units)}
  ${doc.error ? `<p class="error">Stopped early: ${esc(doc.error)}</p>` : ''}
  ${doc.complete ? '' : '<p class="error">Partial report: the run had not finished when this was written.</p>'}
  ${secretsNote(doc) ? `<p class="error">${esc(secretsNote(doc)!)}</p>` : ''}
</header>
<section>
  <h2>Timeline</h2>
  ${timeline(doc)}
  <p class="legend">${['succeeded', 'failed', 'oom', 'timeout', 'killed', 'cancelled', 'service'].map((s) => `<span><i style="background:${COLOR[s]}"></i>${s}</span>`).join('')}<span><i class="crit"></i>critical path</span></p>
</section>
${predictedSection(doc)}
<section>
  <h2>Capacity use</h2>
  ${capacityChart(doc)}
</section>
${
  advice.length > 0
    ? `<section><h2>Right-sizing</h2><ul class="advice">${advice
        .map((a) => `<li><b>${esc(a.unit)}</b>: ${esc(a.message)} → consider <code>${esc(a.suggestion)}</code></li>`)
        .join('')}</ul></section>`
    : ''
}
<section>
  <h2>Tasks</h2>
  ${doc.units.map((u, i) => unitDetails(u, doc, adviceByUnit[i])).join('\n')}
</section>
</body>
</html>
`;
}

/** Predicted vs actual per unit, and where each estimate came from; nothing for older documents. */
function predictedSection(doc: RunDocument): string {
  const rows = predictedRows(doc);
  if (rows.length === 0) return '';
  const body = rows
    .map((r) => `<tr><td>${esc(r.label)}</td><td>${formatDuration(r.predicted)}</td><td>${r.actual !== undefined ? formatDuration(r.actual) : ''}</td><td>${esc(r.source)}</td></tr>`)
    .join('');
  return `<section>
  <h2>Predicted vs actual</h2>
  <table><thead><tr><th>unit</th><th>predicted</th><th>actual</th><th>estimate from</th></tr></thead><tbody>${body}</tbody></table>
</section>`;
}

function timeline(doc: RunDocument): string {
  const units = doc.units;
  const span = Math.max(doc.makespan, 1);
  const plot = WIDTH - LABEL - 10;
  const x = (t: number) => LABEL + (Math.max(0, t) / span) * plot;
  const critical = new Set(doc.criticalPath ?? []);
  const height = units.length * ROW + 30;
  const parts: string[] = [];
  for (const tick of ticks(span)) {
    parts.push(`<line x1="${x(tick)}" x2="${x(tick)}" y1="0" y2="${height - 20}" class="grid"/>`);
    parts.push(`<text x="${x(tick)}" y="${height - 6}" class="tick">${formatDuration(tick)}</text>`);
  }
  units.forEach((unit, i) => {
    const y = i * ROW + 4;
    const crit = critical.has(unit.id);
    parts.push(`<text x="${LABEL - 8}" y="${y + 13}" class="label${crit ? ' crit' : ''}">${esc(truncate(unit.id, 26))}</text>`);
    if (unit.start === undefined) {
      parts.push(`<text x="${LABEL + 4}" y="${y + 13}" class="none">${esc(statusText(unit))}${unit.reason ? `: ${esc(truncate(unit.reason, 80))}` : ''}</text>`);
      return;
    }
    if (unit.kind === 'service' || unit.attempts.length === 0) {
      const end = unit.end ?? doc.makespan;
      parts.push(bar(x(unit.start), x(end), y, COLOR.service, crit, `${unit.id} (service): ${formatDuration(end - unit.start)}${unit.reason ? ` — ${unit.reason}` : ''}`));
      if (unit.healthy !== undefined) parts.push(`<line x1="${x(unit.healthy)}" x2="${x(unit.healthy)}" y1="${y}" y2="${y + 16}" class="healthy"><title>healthy at ${formatDuration(unit.healthy)}</title></line>`);
      return;
    }
    for (const a of unit.attempts) {
      const end = a.end ?? doc.makespan;
      const status = a.outcome?.status ?? 'running';
      const tip = `${unit.id} attempt ${a.number}: ${status}${a.outcome?.message ? ` (${a.outcome.message})` : ''}, ${formatDuration(end - a.start)}`;
      parts.push(bar(x(a.start), x(end), y, COLOR[status] ?? '#888', crit, tip));
    }
  });
  return `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Timeline of the run">${parts.join('')}</svg>`;
}

function bar(x1: number, x2: number, y: number, color: string, crit: boolean, tip: string): string {
  const w = Math.max(2, x2 - x1);
  return `<rect x="${x1.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="16" rx="3" fill="${color}"${crit ? ' class="crit"' : ''}><title>${esc(tip)}</title></rect>`;
}

interface Interval {
  start: number;
  end: number;
  cpus: number;
  memory: number;
}

/** What occupied capacity when: every attempt (with its own memory limit) and every service while up. */
function intervals(doc: RunDocument): Interval[] {
  const out: Interval[] = [];
  for (const unit of doc.units) {
    if (unit.kind === 'service' || unit.attempts.length === 0) {
      if (unit.start !== undefined) out.push({ start: unit.start, end: unit.end ?? doc.makespan, cpus: unit.cpus, memory: unit.memory });
      continue;
    }
    for (const a of unit.attempts) out.push({ start: a.start, end: a.end ?? doc.makespan, cpus: unit.cpus, memory: a.memory });
  }
  return out;
}

/** Step series of requested cpus, memory and container count over time, each against its capacity. */
function capacityChart(doc: RunDocument): string {
  const list = intervals(doc);
  const times = [...new Set(list.flatMap((i) => [i.start, i.end]))].sort((a, b) => a - b);
  const samples = times.map((t) => {
    const live = list.filter((i) => i.start <= t && t < i.end);
    return { t, cpus: sum(live.map((i) => i.cpus)), memory: sum(live.map((i) => i.memory)), count: live.length };
  });
  // `parallel` is unlimited (Infinity; null once in JSON) unless set: the containers chart then has
  // no capacity line and is scaled to its own peak.
  const parallel = finiteParallel(doc.capacity);
  const series: Array<{ name: string; key: 'cpus' | 'memory' | 'count'; cap?: number; fmt: (v: number) => string }> = [
    { name: 'cpus requested', key: 'cpus', cap: doc.capacity.cpus, fmt: (v) => formatCpus(v) },
    { name: 'memory requested', key: 'memory', cap: doc.capacity.memory, fmt: formatBytes },
    { name: 'containers', key: 'count', cap: parallel, fmt: (v) => String(v) },
  ];
  const span = Math.max(doc.makespan, 1);
  const plot = WIDTH - LABEL - 10;
  const x = (t: number) => LABEL + (Math.max(0, t) / span) * plot;
  const h = 60;
  const gap = 18;
  const parts: string[] = [];
  series.forEach((s, k) => {
    const top = k * (h + gap) + 6;
    const peak = Math.max(0, ...samples.map((p) => p[s.key]));
    const max = Math.max(s.cap ?? 0, peak, 1e-9);
    const y = (v: number) => top + h - (v / max) * h;
    let d = `M${x(0)},${y(0)}`;
    for (const p of samples) d += ` H${x(p.t).toFixed(1)} V${y(p[s.key]).toFixed(1)}`;
    d += ` H${x(span).toFixed(1)} V${y(0)} Z`;
    const used = sum(samples.map((p, i) => p[s.key] * ((samples[i + 1]?.t ?? p.t) - p.t)));
    const mean = used / span;
    parts.push(`<text x="${LABEL - 8}" y="${top + 14}" class="label">${s.name}</text>`);
    if (s.cap !== undefined) {
      parts.push(`<text x="${LABEL - 8}" y="${top + 30}" class="sub">peak ${s.fmt(peak)} of ${s.fmt(s.cap)}</text>`);
      parts.push(`<text x="${LABEL - 8}" y="${top + 44}" class="sub">mean ${Math.round((mean / Math.max(s.cap, 1e-9)) * 100)}%</text>`);
    } else {
      parts.push(`<text x="${LABEL - 8}" y="${top + 30}" class="sub">peak ${s.fmt(peak)} (no limit)</text>`);
      parts.push(`<text x="${LABEL - 8}" y="${top + 44}" class="sub">mean ${s.fmt(Math.round(mean * 10) / 10)}</text>`);
    }
    parts.push(`<rect x="${LABEL}" y="${top}" width="${plot}" height="${h}" class="frame"/>`);
    parts.push(`<path d="${d}" class="area"><title>${s.name} over time</title></path>`);
    if (s.cap !== undefined) parts.push(`<line x1="${LABEL}" x2="${LABEL + plot}" y1="${y(s.cap)}" y2="${y(s.cap)}" class="cap"><title>capacity: ${s.fmt(s.cap)}</title></line>`);
  });
  const height = series.length * (h + gap) + 16;
  for (const tick of ticks(span)) parts.push(`<text x="${x(tick)}" y="${height - 4}" class="tick">${formatDuration(tick)}</text>`);
  return `<svg class="capacity" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Capacity use over time">${parts.join('')}</svg>`;
}

/** ` · on node NAME`, on an engine of several nodes. */
function nodeText(unit: UnitDocument, doc: RunDocument): string {
  if (unit.node === undefined || !doc.nodes || doc.nodes.length < 2) return '';
  const node = doc.nodes.find((n) => n.id === unit.node);
  return ` · on node <code>${esc(node?.name ?? unit.node)}</code>`;
}

function unitDetails(unit: UnitDocument, doc: RunDocument, advice: readonly Advice[]): string {
  const open = FAILED.includes(unit.status) ? ' open' : '';
  const duration = unit.start !== undefined && unit.end !== undefined ? formatDuration(unit.end - unit.start) : '—';
  const last = unit.attempts[unit.attempts.length - 1];
  return `<details class="unit"${open} id="${esc(anchor(unit.id))}">
<summary><i style="background:${COLOR[unit.kind === 'service' && unit.status === 'succeeded' ? 'service' : unit.status] ?? '#888'}"></i><b>${esc(unit.id)}</b>${unit.kind === 'service' ? ' <span class="sub">service</span>' : ''} <span class="status">${esc(statusText(unit))}</span> <span class="sub">${duration}${unit.reason ? ` · ${esc(unit.reason)}` : ''}</span></summary>
<p class="sub">requests ${formatCpuCount(unit.cpus)}, ${formatBytes(unit.memory)}${nodeText(unit, doc)}${unit.needs.length ? ` · needs ${unit.needs.map((n) => `<a href="#${esc(anchor(n))}">${esc(n)}</a>`).join(', ')}` : ''}${unit.allowFailure ? ' · allowed to fail' : ''}${doc.criticalPath?.includes(unit.id) ? ' · on the critical path' : ''}</p>
${advice.length ? `<ul class="advice">${advice.map((a) => `<li>${esc(a.message)} → consider <code>${esc(a.suggestion)}</code></li>`).join('')}</ul>` : ''}
${unit.attempts.length ? attemptsTable(unit.attempts) : ''}
${logTail(unit.kind === 'service' ? unit : last)}
</details>`;
}

const FAILED = ['failed', 'oom', 'timeout', 'killed'];

/** "Failed: postgres (service), unit": what failed the run, services included; empty when nothing did. */
function failedLine(units: readonly UnitDocument[]): string {
  const failed = units.filter((u) => FAILED.includes(u.status));
  if (failed.length === 0) return '';
  const names = failed.map((u) => `<a href="#${esc(anchor(u.id))}">${esc(u.id)}</a>${u.kind === 'service' ? ' (service)' : ''}${u.allowFailure ? ' (allowed to fail)' : ''}`);
  return `<p class="error">Failed: ${names.join(', ')}</p>`;
}

/** The last log lines of an attempt, or of a service (its whole life), escaped inside `<pre>`. */
function logTail(source: { log?: string; logTail?: string[] } | undefined): string {
  const tail = source?.logTail;
  if (!source || !tail?.length) return '';
  return `<p class="sub">Last ${tail.length} log lines${source.log ? ` of <code>${esc(source.log)}</code>` : ''}:</p><pre>${escapeHtml(tail.join('\n'), { multiline: true })}</pre>`;
}

function attemptsTable(attempts: readonly AttemptDocument[]): string {
  const rows = attempts.map((a) => {
    const usage = a.outcome?.usage;
    const seconds = a.end !== undefined ? (a.end - a.start) / 1000 : undefined;
    const meanCpu = usage && seconds && seconds > 0 ? formatCpus(usage.cpuSeconds / seconds) : '';
    return `<tr><td>${a.number}</td><td>${formatDuration(a.start)}</td><td>${a.end !== undefined ? formatDuration(a.end - a.start) : 'running'}</td><td><span class="status" style="--c:${COLOR[a.outcome?.status ?? 'running']}">${esc(a.outcome?.status ?? 'running')}</span> ${esc(a.outcome?.message ?? '')}</td><td>${a.outcome?.exitCode ?? ''}</td><td>${formatBytes(a.memory)}</td><td>${usage ? formatBytes(usage.peakMemory) : ''}</td><td>${usage ? usage.cpuSeconds.toFixed(2) : ''}</td><td>${meanCpu}</td><td>${a.log ? `<code>${esc(a.log)}</code>` : ''}</td></tr>`;
  });
  return `<table><thead><tr><th>#</th><th>start</th><th>duration</th><th>outcome</th><th>exit</th><th>memory limit</th><th>peak memory</th><th>cpu s</th><th>mean cpus</th><th>log</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** 4–8 round tick positions across [0, span]. */
function ticks(span: number): number[] {
  const steps = [100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
  const step = steps.find((s) => span / s <= 8) ?? Math.ceil(span / 8 / 3_600_000) * 3_600_000;
  const out: number[] = [];
  for (let t = 0; t <= span + 1e-9; t += step) out.push(t);
  return out;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function truncate(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function anchor(id: string): string {
  return `u-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function esc(text: string): string {
  return escapeHtml(text);
}

const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--mut:#59636e;--bg:#fff;--line:#d1d9e0;--area:#0969da33;--areal:#0969da}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--mut:#9198a1;--bg:#0d1117;--line:#3d444d;--area:#4493f855;--areal:#4493f8}}
body{font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1060px;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;border-bottom:1px solid var(--line);padding-bottom:4px;margin-top:28px}
code,pre{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#0000000d;border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow:auto;max-height:360px;white-space:pre-wrap;word-break:break-all}
.facts,.sub,.legend{color:var(--mut)}.sub{font-size:12px}
.badge{font-size:13px;padding:2px 10px;border-radius:12px;color:#fff;vertical-align:middle;background:#8c959f}
.badge.success{background:#2da44e}.badge.failure{background:#cf222e}.badge.running{background:#0969da}
.pill{border:1px solid var(--c);border-radius:12px;padding:1px 8px;font-size:12px}
.error{color:#cf222e;font-weight:600}
svg{width:100%;height:auto;display:block}
svg text{fill:var(--fg);font-size:11px}svg .label{text-anchor:end;font-size:12px}svg .label.crit{font-weight:700}
svg .sub{text-anchor:end;fill:var(--mut);font-size:10.5px}svg .tick{text-anchor:middle;fill:var(--mut);font-size:10px}
svg .none{fill:var(--mut);font-style:italic}
svg .grid{stroke:var(--line);stroke-width:1}svg .frame{fill:none;stroke:var(--line)}
svg rect.crit{stroke:var(--fg);stroke-width:2}svg .healthy{stroke:#fff;stroke-width:2}
svg .area{fill:var(--area);stroke:var(--areal);stroke-width:1.2}svg .cap{stroke:#cf222e;stroke-dasharray:5 4;stroke-width:1.2}
.legend span{margin-right:14px;font-size:12px}.legend i,summary i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:baseline}
.legend i.crit{border:2px solid var(--fg);width:8px;height:8px}
details.unit{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:4px 10px}
details.unit summary{cursor:pointer}details.unit .status{font-weight:600;margin-left:6px}
table{border-collapse:collapse;font-size:12px;margin:6px 0}th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left}
td .status{color:var(--c)}
ul.advice li{margin:2px 0}
`;
