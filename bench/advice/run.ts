/**
 * `npm run bench:advice` — right-sizing advice must never make a run slower. A realistic batch
 * (a service the shards call, a CPU-heavy prepare step, parallel shards of real CPU work —
 * `dd … | md5sum` — and a report) is run as written, every suggestion of its report is applied
 * to the batch file, and the new file is run; then both again, alternately (ABBA, `ROUNDS`, default
 * 3), so the machine's load falls on both alike. Target: the makespan grows by at most 5 % (best of
 * each ÷ best of each; the median of the rounds' ratios is printed too). Needs the engine and the
 * local `busybox:latest` image.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '../../core/validate';
import { runBatch, type RunReport } from '../../core/run/run-batch';
import { dockerBackend } from '../../core/backends/docker';
import { allUsageAdvice, type Advice } from '../../core/report/usage-advice';
import { parseMemory } from '../../core/quantity';

const IMAGE = 'busybox:latest';
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'gantry-bench-advice-'));

interface Sizes {
  cpus: number;
  memory: string;
}

/** The batch as written: generous requests, as people write them before they measure. */
const asWritten: Record<string, Sizes> = {
  cache: { cpus: 0.5, memory: '512Mi' },
  prepare: { cpus: 2, memory: '1Gi' },
  shard: { cpus: 1.5, memory: '512Mi' },
  report: { cpus: 1, memory: '256Mi' },
};

const md5 = (mb: number) => `dd if=/dev/zero bs=1M count=${mb} 2>/dev/null | md5sum`;

function batch(sizes: Record<string, Sizes>): string {
  const s = (name: string) => `cpus: ${sizes[name].cpus}\n    memory: ${sizes[name].memory}`;
  return `version: 1
name: advice
capacity: { cpus: 2, memory: 2Gi }
defaults: { image: "${IMAGE}" }
services:
  cache:
    run: "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"
    health: { run: "wget -q -O- http://localhost:8080/", interval: 200ms }
    ${s('cache')}
tasks:
  prepare:
    run: "${md5(900)}"
    ${s('prepare')}
  shard:
    needs: [prepare, cache]
    matrix: { i: [1, 2, 3, 4] }
    run: "${md5(500)} && wget -q -O- http://cache:8080/"
    ${s('shard')}
  report:
    needs: [shard]
    run: "${md5(300)}"
    ${s('report')}
`;
}

async function run(name: string, yaml: string): Promise<RunReport> {
  const path = join(work, `${name}.gantry.yml`);
  writeFileSync(path, yaml);
  const v = validate(yaml);
  if (!v.file || !v.graph) throw new Error(`${name}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  const report = await runBatch({ backend: dockerBackend(), path, validation: { file: v.file, graph: v.graph }, instance: `bench-advice-${name}` });
  if (report.result.result !== 'success') throw new Error(`${name}: run ended ${report.result.result}`);
  return report;
}

/**
 * Every suggestion applied to the task or service it names; a matrix task takes the largest of its
 * expansions' suggestions (one request serves them all).
 */
function apply(sizes: Record<string, Sizes>, advice: readonly Advice[], report: RunReport): Record<string, Sizes> {
  const next: Record<string, Sizes> = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, { ...v }]));
  const suggested = new Map<string, { cpus?: number; memory?: number }>();
  for (const a of advice) {
    const name = report.document.units.find((u) => u.id === a.unit)?.name ?? a.unit;
    const entry = suggested.get(name) ?? {};
    const [key, value] = a.suggestion.split(': ');
    if (key === 'cpus') entry.cpus = Math.max(entry.cpus ?? 0, Number(value));
    if (key === 'memory') entry.memory = Math.max(entry.memory ?? 0, (parseMemory(value) ?? 0));
    suggested.set(name, entry);
  }
  for (const [name, s] of suggested) {
    if (!next[name]) continue;
    if (s.cpus !== undefined) next[name].cpus = s.cpus;
    if (s.memory !== undefined) next[name].memory = `${Math.ceil(s.memory / 2 ** 20)}Mi`;
  }
  return next;
}

const seconds = (r: RunReport) => r.document.makespan / 1000;

async function main(): Promise<void> {
  console.log(`bench:advice — ${ROUNDS} round(s) of the batch as written and with every suggestion applied (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  const first = await run('before', batch(asWritten));
  const advice = allUsageAdvice(first.document.units);
  const after = apply(asWritten, advice, first);
  console.log('advice:');
  for (const a of advice) console.log(`  ${a.unit}: ${a.message} → ${a.suggestion}`);
  console.log('applied:', JSON.stringify(after));
  const before: number[] = [];
  const applied: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first (ABBA), so a change of load falls on both alike.
    if (round === 0) {
      before.push(seconds(first));
      applied.push(seconds(await run('after', batch(after))));
    } else if (round % 2 === 1) {
      applied.push(seconds(await run('after', batch(after))));
      before.push(seconds(await run('before', batch(asWritten))));
    } else {
      before.push(seconds(await run('before', batch(asWritten))));
      applied.push(seconds(await run('after', batch(after))));
    }
    console.log(`round ${round + 1}: as written ${before[round].toFixed(2)} s, advised ${applied[round].toFixed(2)} s, ratio ${(applied[round] / before[round]).toFixed(3)}`);
  }
  const b = Math.min(...before);
  const a = Math.min(...applied);
  const ratio = a / b;
  const paired = before.map((x, i) => applied[i] / x).sort((x, y) => x - y);
  const median = paired[Math.floor(paired.length / 2)];
  console.log(`makespan as written ${b.toFixed(2)} s, with the advice ${a.toFixed(2)} s (best of ${ROUNDS} each): ratio ${ratio.toFixed(3)} (target ≤ 1.05) — ${ratio <= 1.05 ? 'met' : 'NOT met'}; median of the rounds' ratios ${median.toFixed(3)} (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  rmSync(work, { recursive: true, force: true });
  if (ratio > 1.05) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = 1;
});
