/**
 * `npm run bench:plan` — how fast `gantry plan` is and how good its schedules are.
 *
 *   Speed   wall time of the built CLI (`node dist/cli/gantry.js plan FILE --json`, spawned, so
 *           start-up, reading, validation and expansion are included) on random layered DAGs of
 *           10,000 and 100,000 tasks, and its peak memory (the child's own maxRSS at exit).
 *           Targets: 10,000 under 1 s, 100,000 under 10 s, memory under 500 MB.
 *   Quality makespan ÷ lower bound over random layered DAGs, for Gantry (`plan`: critical-path
 *           priority with a reservation for the blocked head) and two baselines implemented here
 *           and run on the same DAGs in the same process: plain critical-path list scheduling
 *           (start every ready task that fits, highest bottom level first, no reservation) and
 *           first-come order (the same, in the order tasks became ready). Target ≤ 1.05 on average
 *           and never worse than critical-path list scheduling.
 *   Chain   a long chain plus independent filler, where critical-path priority reaches the bound
 *           and first-come order cannot.
 *
 * Deterministic: DAGs come from a seeded generator.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capacity, Graph, Unit } from '../../core/model';
import { plan } from '../../core/plan';
import { validate } from '../../core/validate';
import { planningEstimate, rankUnits } from '../../core/schedule';
import { capacity, graph, MiB, unit } from '../../test/support/schedule-graph';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'gantry-bench-plan-'));

/** mulberry32: a small seeded PRNG, so every run plans the same DAGs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Spec {
  id: string;
  needs: string[];
  cpus: number;
  memory: number;
  estimate: number;
}

/** A random layered DAG: each task needs 1–3 tasks of the layer above (rarely two above). */
function layeredDag(seed: number, tasks: number, layers: number, lean = false): Spec[] {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const specs: Spec[] = [];
  const byLayer: string[][] = [];
  const perLayer = Math.ceil(tasks / layers);
  for (let l = 0; l < layers && specs.length < tasks; l++) {
    byLayer.push([]);
    for (let k = 0; k < perLayer && specs.length < tasks; k++) {
      const id = `t${specs.length.toString(36)}`;
      const needs = new Set<string>();
      if (l > 0) {
        const count = lean ? (rnd() < 0.2 ? 2 : 1) : 1 + Math.floor(rnd() * rnd() * 3);
        for (let c = 0; c < count; c++) needs.add(pick(byLayer[l > 1 && rnd() < 0.1 ? l - 2 : l - 1]));
      }
      // Mostly short tasks with a long tail, as CI steps are.
      const estimate = Math.max(1, Math.round(1 + 59 * rnd() ** 3)) * 1000;
      // `lean`: mostly the defaults, so that 100,000 tasks fit the 5 MB file limit.
      const varied = !lean || rnd() < 0.1;
      const cpus = varied ? pick([0.5, 1, 1, 2]) : 1;
      const memory = (varied ? pick([128, 256, 256, 512, 1024]) : 256) * MiB;
      specs.push({ id, needs: [...needs], cpus, memory, estimate });
      byLayer[l].push(id);
    }
  }
  return specs;
}

const toGraph = (specs: Spec[]): Graph => graph(specs.map((s) => unit(s.id, { needs: s.needs, cpus: s.cpus, memory: s.memory, estimate: s.estimate })));

/** The batch file for `gantry plan`: as compact as YAML allows, to stay under the 5 MB limit. */
function batchFile(specs: Spec[], cap: Capacity): string {
  const lines = [
    'version: 1',
    `capacity: { cpus: ${cap.cpus}, memory: ${cap.memory} }`,
    'defaults: { image: busybox, cpus: 1, memory: 256Mi }',
    'tasks:',
  ];
  for (const s of specs) {
    const parts = ['run: x'];
    if (s.needs.length) parts.push(`needs: [${s.needs.join(', ')}]`);
    if (s.cpus !== 1) parts.push(`cpus: ${s.cpus}`);
    if (s.memory !== 256 * MiB) parts.push(`memory: ${s.memory / MiB}Mi`);
    if (s.estimate !== 10_000) parts.push(`estimate: ${s.estimate / 1000}s`);
    lines.push(`  ${s.id}: {${parts.join(', ')}}`);
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Baselines: greedy list scheduling, tasks only, on the same model of capacity.

function listSchedule(g: Graph, cap: Capacity, order: 'critical-path' | 'first-come'): number {
  const { rank, needs, dependents } = rankUnits(g);
  const units = g.units;
  const n = units.length;
  const pending = needs.map((x) => x.length);
  const readySeq = new Float64Array(n);
  let seq = 0;
  let ready: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) (readySeq[i] = seq++), ready.push(i);
  const key = (i: number) => (order === 'critical-path' ? rank[i] : readySeq[i]);
  const running: { end: number; i: number }[] = [];
  let cpu = cap.cpus;
  let mem = cap.memory;
  let slots = cap.parallel;
  let now = 0;
  let done = 0;
  let makespan = 0;
  while (done < n) {
    ready.sort((a, b) => key(a) - key(b));
    const still: number[] = [];
    for (const i of ready) {
      const u = units[i];
      if (u.cpus <= cpu + 1e-9 && u.memory <= mem && slots >= 1) {
        cpu -= u.cpus;
        mem -= u.memory;
        slots -= 1;
        running.push({ end: now + planningEstimate(u), i });
      } else still.push(i);
    }
    ready = still;
    if (running.length === 0) throw new Error('baseline stalled');
    running.sort((a, b) => a.end - b.end || a.i - b.i);
    now = running[0].end;
    while (running.length && running[0].end === now) {
      const { i } = running.shift()!;
      const u: Unit = units[i];
      cpu += u.cpus;
      mem += u.memory;
      slots += 1;
      done++;
      makespan = now;
      for (const d of dependents[i]) if (--pending[d] === 0) (readySeq[d] = seq++), ready.push(d);
    }
  }
  return makespan;
}

// ---------------------------------------------------------------------------------------------

function spawnPlan(file: string): { ms: number; peakMB: number; makespan: number; tasks: number } {
  const preload = join(work, 'peak.cjs');
  // The child reports its own peak resident memory as it exits.
  writeFileSync(preload, "process.on('exit', () => process.stderr.write('\\nPEAK ' + process.resourceUsage().maxRSS + '\\n'));\n");
  const t0 = performance.now();
  const r = spawnSync('node', ['--require', preload, join(repo, 'dist', 'cli', 'gantry.js'), 'plan', file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`gantry plan exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const peak = /PEAK (\d+)/.exec(r.stderr);
  const out = JSON.parse(r.stdout) as { makespan: number; tasks: unknown[] };
  return { ms, peakMB: peak ? Number(peak[1]) / 1024 : NaN, makespan: out.makespan, tasks: out.tasks.length };
}

/** Scheduling alone, as the baselines compute it: no per-container start overhead. */
const PURE = { startOverhead: 0 };

function main(): void {
  const load = loadavg()[0].toFixed(1);
  console.log(`# bench:plan (load average ${load} on ${cpus().length} cores)\n`);
  execFileSync('node', ['esbuild.mjs', 'cli'], { cwd: repo, stdio: 'ignore' });

  console.log('## Speed: `gantry plan FILE --json`, built CLI, spawned (start-up included)\n');
  console.log('| tasks | file size | wall time | peak memory | makespan | in-process: validate() | in-process: plan() |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const speedCap = capacity(16, 64 * 1024 * MiB);
  for (const [tasks, layers] of [
    [10_000, 50],
    [100_000, 200],
  ] as const) {
    const specs = layeredDag(tasks, tasks, layers, true);
    const file = join(work, `dag-${tasks}.gantry.yml`);
    writeFileSync(file, batchFile(specs, speedCap));
    const size = statSync(file).size;
    const runs = [spawnPlan(file), spawnPlan(file)];
    const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
    if (best.tasks !== tasks) throw new Error(`planned ${best.tasks} of ${tasks} tasks`);
    // Where the time goes: the same file in this process, validation (parse, checks, expansion)
    // against the scheduling itself.
    const text = batchFile(specs, speedCap);
    let t0 = performance.now();
    const v = validate(text, { machine: speedCap });
    const validateMs = performance.now() - t0;
    t0 = performance.now();
    plan(v.graph!, v.capacity!);
    const planMs = performance.now() - t0;
    console.log(
      `| ${tasks.toLocaleString('en')} | ${(size / 1024 / 1024).toFixed(2)} MB | ${(best.ms / 1000).toFixed(2)} s (best of 2) | ${best.peakMB.toFixed(0)} MB | ${best.makespan} s | ${(validateMs / 1000).toFixed(2)} s | ${(planMs / 1000).toFixed(2)} s |`,
    );
  }

  console.log('\n## Quality: makespan ÷ lower bound over random layered DAGs (4 cpus, 8Gi)\n');
  const qualityCap = capacity(4, 8 * 1024 * MiB);
  const ratios = { gantry: [] as number[], cp: [] as number[], fifo: [] as number[] };
  let worseThanCp = 0;
  let worstVsCp = 0;
  const dags = 60;
  for (let k = 0; k < dags; k++) {
    const rnd = random(1000 + k);
    const specs = layeredDag(1000 + k, 100 + Math.floor(rnd() * 900), 4 + Math.floor(rnd() * 20));
    const g = toGraph(specs);
    // The baselines model no per-container start cost, so Gantry is planned without it too.
    const p = plan(g, qualityCap, PURE);
    const cp = listSchedule(g, qualityCap, 'critical-path');
    const fifo = listSchedule(g, qualityCap, 'first-come');
    ratios.gantry.push(p.makespan / p.lowerBound);
    ratios.cp.push(cp / p.lowerBound);
    ratios.fifo.push(fifo / p.lowerBound);
    if (p.makespan > cp) {
      worseThanCp++;
      worstVsCp = Math.max(worstVsCp, p.makespan / cp);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const max = (xs: number[]) => Math.max(...xs);
  console.log('| scheduler | mean | worst |');
  console.log('| --- | ---: | ---: |');
  console.log(`| Gantry (critical path + reservation) | ${mean(ratios.gantry).toFixed(3)} | ${max(ratios.gantry).toFixed(3)} |`);
  console.log(`| critical-path list scheduling | ${mean(ratios.cp).toFixed(3)} | ${max(ratios.cp).toFixed(3)} |`);
  console.log(`| first-come order | ${mean(ratios.fifo).toFixed(3)} | ${max(ratios.fifo).toFixed(3)} |`);
  console.log(`\n${dags} DAGs of 100–1,000 tasks; Gantry longer than critical-path list scheduling on ${worseThanCp}${worseThanCp ? ` (at most ${((worstVsCp - 1) * 100).toFixed(1)}% longer)` : ''}.`);

  console.log('\n## Long chain plus independent filler (2 cpus)\n');
  const chain: Unit[] = [];
  for (let i = 0; i < 20; i++) chain.push(unit(`c${i}`, { estimate: 10_000, needs: i ? [`c${i - 1}`] : [] }));
  for (let i = 0; i < 20; i++) chain.unshift(unit(`f${i}`, { estimate: 10_000 }));
  const cg = graph(chain);
  const cap2 = capacity(2, 8 * 1024 * MiB);
  const cplan = plan(cg, cap2, PURE);
  const lb = cplan.lowerBound;
  console.log('| scheduler | makespan | ÷ lower bound |');
  console.log('| --- | ---: | ---: |');
  console.log(`| Gantry | ${cplan.makespan / 1000} s | ${(cplan.makespan / lb).toFixed(2)} |`);
  for (const [name, order] of [
    ['critical-path list scheduling', 'critical-path'],
    ['first-come order', 'first-come'],
  ] as const) {
    const m = listSchedule(cg, cap2, order);
    console.log(`| ${name} | ${m / 1000} s | ${(m / lb).toFixed(2)} |`);
  }
  console.log(`\nLower bound ${lb / 1000} s (20 × 10 s chain; 400 cpu·s on 2 cpus).`);
  rmSync(work, { recursive: true, force: true });
}

main();
