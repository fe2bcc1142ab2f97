/**
 * `npm run bench:run` — what Gantry costs on top of the engine, each figure against a baseline
 * measured in the same process, on the same engine, right before:
 *   P1  a chain of 30 trivial tasks            ÷ a sequential `docker run --rm` loop   (target ≤ 0.90)
 *   P2  100 trivial tasks at parallel 4        ÷ `xargs -P4 docker run --rm`           (target ≤ 0.90)
 *   P5  real makespan of a CPU-bound batch     ÷ `gantry plan`'s prediction            (target 0.9–1.1)
 *   P6  realistic batches after 3 runs of history: the 4th run's real makespan ÷ what
 *       `gantry plan` predicted from that history, services included         (target 0.9–1.1)
 *       (a) a service slow to become healthy, a migration, four uneven shards calling it, a report;
 *       (b) a matrix fan-out of uneven CPU-bound work on 2 cpus, then a fan-in;
 *       (c) a chain passing a volume and outputs along, with a side branch.
 *       Each in a fresh folder (its own history); the first run's ratio (no history) for contrast.
 *   SWARM  Docker Swarm scale-out (issue 14): 100 independent 2 s tasks (1 cpu each: a 2-cpu node
 *       takes 2 at once; GANTRY_BENCH_SWARM_CPUS=0.5 for 4) on two nodes ÷ on one node — the same machine, a second engine in a network
 *       namespace joined as a worker (test/support/swarm.ts), so this measures Gantry's placement
 *       and the swarm's overhead, not more hardware; and on two nodes the real makespan ÷ the plan's
 *       prediction (target 0.9–1.1), with the start overhead per task measured on one node (what
 *       SWARM_START_OVERHEAD_MS in core/backends/swarm/engine.ts should be). Only when asked for.
 *   `npm run bench:run -- P6` runs only the figures named (P1, P2, P5, P6; P6A, P6B, P6C one batch of P6;
 *   `--only swarm` or `SWARM` the swarm figure, which the default run leaves out).
 * Gantry's time is the whole `runBatch` call: engine connection, network and volumes, every
 * container, teardown and the reports. Needs the engine and the local `busybox:latest` image.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '../../core/validate';
import { runBatch, type RunReport } from '../../core/run/run-batch';
import { dockerBackend } from '../../core/backends/docker';
import { planCommand } from '../../cli/plan';
import { swarmBackend } from '../../core/backends/swarm';
import { addSecondNode, removeSecondNode, useSwarm } from '../../test/support/swarm';

const IMAGE = 'busybox:latest';
const work = mkdtempSync(join(tmpdir(), 'gantry-bench-'));

async function gantry(name: string, yaml: string, capacity?: { parallel?: number; cpus?: number }, dir = work, backend = dockerBackend()): Promise<{ ms: number; report: RunReport }> {
  const path = join(dir, `${name}.gantry.yml`);
  writeFileSync(path, yaml);
  const v = validate(yaml);
  if (!v.file || !v.graph) throw new Error(`${name}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  const t0 = performance.now();
  const report = await runBatch({ backend, path, validation: { file: v.file, graph: v.graph }, instance: `bench-${name}`, capacity });
  const ms = performance.now() - t0;
  if (report.result.result !== 'success') throw new Error(`${name}: run ended ${report.result.result}`);
  return { ms, report };
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function dockerLoop(n: number): number {
  return timed(() => {
    for (let i = 0; i < n; i++) execFileSync('docker', ['run', '--rm', IMAGE, 'true'], { stdio: 'ignore' });
  });
}

function xargsParallel(n: number, p: number): number {
  return timed(() => {
    const r = spawnSync('sh', ['-c', `seq ${n} | xargs -P${p} -I{} docker run --rm ${IMAGE} true`], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error('xargs baseline failed');
  });
}

const header = (name: string) => `version: 1\nname: ${name}\ndefaults: { image: "${IMAGE}", cpus: 0.1, memory: 16Mi }\ntasks:\n`;

function chain(n: number): string {
  let y = header('chain');
  for (let i = 0; i < n; i++) y += `  t${i}:\n    run: "true"\n    estimate: 100ms\n${i ? `    needs: [t${i - 1}]\n` : ''}`;
  return y;
}

function independent(n: number): string {
  let y = header('fan');
  for (let i = 0; i < n; i++) y += `  t${i}: { run: "true", estimate: 100ms }\n`;
  return y;
}

/** Two layers of busy tasks on 2 cpus: each spins for its estimate, so the plan is exact but for overhead. */
function cpuBound(): string {
  const spin = (s: number) => `timeout ${s} sh -c 'while :; do :; done' || true`;
  let y = `version: 1\nname: cpu\ndefaults: { image: "${IMAGE}", cpus: 1, memory: 16Mi }\ntasks:\n`;
  for (const [name, s, needs] of [
    ['a', 6, []],
    ['b', 4, []],
    ['c', 4, []],
    ['d', 6, ['a']],
    ['e', 4, ['b', 'c']],
    ['f', 3, ['d', 'e']],
  ] as const) {
    y += `  ${name}:\n    run: "${spin(s)}"\n    estimate: ${s}s\n${needs.length ? `    needs: [${needs.join(', ')}]\n` : ''}`;
  }
  return y;
}

/**
 * P6's batches, written as a user would write them before any run: rough `estimate:`s or none,
 * nothing shaped to the estimator. Capacity in the file so that the run and `gantry plan` pack
 * against the same figures.
 */
function serviceShards(): string {
  // The service sleeps before it serves, as a database replays its log; the shards call it and
  // wait on it (their `secs`), as SQL shards wait on the database more than they compute.
  return `version: 1
name: service-shards
capacity: { cpus: 2, memory: 2Gi }
defaults: { image: "${IMAGE}", cpus: 0.5, memory: 32Mi }
services:
  db:
    run: "sleep 4; mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 8080 -h /www"
    health: { run: "wget -q -O- http://localhost:8080/", interval: 1s, timeout: 2s, retries: 30 }
tasks:
  migrate:
    needs: [db]
    cpus: 1
    run: "for i in 1 2 3 4 5; do wget -q -O /dev/null http://db:8080/; done; dd if=/dev/zero bs=1M count=120 2>/dev/null | md5sum"
    estimate: 2s
  shard:
    needs: [migrate, db]
    matrix: { secs: [1, 2, 4, 7] }
    run: "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O /dev/null http://db:8080/; done; sleep \${{ matrix.secs }}"
    estimate: 3s
  report:
    needs: [shard]
    run: "echo all shards done"
`;
}

function cpuFanOut(): string {
  // Six uneven pieces of the same CPU-bound work (md5sum over N MiB), one cpu each on 2 cpus:
  // two at a time, sharing the machine with the engine, Gantry and whatever else runs.
  return `version: 1
name: cpu-fan-out
capacity: { cpus: 2, memory: 2Gi }
defaults: { image: "${IMAGE}", cpus: 1, memory: 32Mi }
tasks:
  prepare:
    run: "dd if=/dev/zero bs=1M count=60 2>/dev/null | md5sum"
  work:
    needs: [prepare]
    matrix: { mib: [150, 450, 250, 700, 300, 550] }
    run: "dd if=/dev/zero bs=1M count=\${{ matrix.mib }} 2>/dev/null | md5sum > /dev/null; echo sum=\${{ matrix.mib }} >> \\"$GANTRY_OUTPUT\\""
    outputs: [sum]
    estimate: 4s
  merge:
    needs: [work]
    cpus: 0.5
    run: "echo merged"
`;
}

function volumeChain(): string {
  // fetch → unpack → transform → publish, handing a volume and outputs along; lint beside it.
  return `version: 1
name: volume-chain
capacity: { cpus: 2, memory: 2Gi }
defaults: { image: "${IMAGE}", cpus: 1, memory: 64Mi }
volumes:
  data: {}
tasks:
  fetch:
    run: "dd if=/dev/urandom of=/data/raw bs=1M count=24 2>/dev/null; echo bytes=$(wc -c < /data/raw) >> \\"$GANTRY_OUTPUT\\""
    volumes: ["data:/data"]
    outputs: [bytes]
    estimate: 3s
  lint:
    needs: [fetch]
    cpus: 0.5
    run: "sleep 3; echo lint ok"
  unpack:
    needs: [fetch]
    run: "gzip -c /data/raw > /data/raw.gz; echo packed=$(wc -c < /data/raw.gz) >> \\"$GANTRY_OUTPUT\\""
    volumes: ["data:/data"]
    outputs: [packed]
  transform:
    needs: [unpack]
    run: "test \${{ needs.unpack.outputs.packed }} -gt 0; for i in 1 2 3 4 5 6; do cat /data/raw.gz; done | md5sum > /data/sum; echo sum=$(cut -c1-8 /data/sum) >> \\"$GANTRY_OUTPUT\\""
    volumes: ["data:/data"]
    outputs: [sum]
    estimate: 5s
  publish:
    needs: [transform, lint, fetch]
    cpus: 0.5
    run: "echo published \${{ needs.transform.outputs.sum }} of \${{ needs.fetch.outputs.bytes }} bytes"
`;
}

/** `gantry plan FILE --json` in-process: the makespan (ms) it predicts from the history beside FILE. */
async function planned(path: string): Promise<number> {
  const chunks: string[] = [];
  const sink = () => new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
  const err: string[] = [];
  const stderr = new Writable({ write: (c, _e, done) => (err.push(String(c)), done()) });
  const code = await planCommand.run([path, '--json'], { stdout: sink(), stderr, cwd: work, env: {}, signal: new AbortController().signal });
  if (code !== 0) throw new Error(`gantry plan ${path}: exit ${code}: ${err.join('')}`);
  const json = JSON.parse(chunks.join('')) as { makespan: number; tasks: { source: string }[] };
  if (!json.tasks.every((t) => t.source === 'history')) throw new Error(`gantry plan ${path}: not every estimate from history`);
  return json.makespan * 1000;
}

/** Three runs recorded in a fresh folder, `gantry plan`, a fourth run: {first, fourth} real ÷ predicted. */
async function learned(name: string, yaml: string): Promise<{ first: number; fourth: number; real: number; predicted: number; walls: number[] }> {
  const dir = join(work, name);
  mkdirSync(dir);
  const walls: number[] = [];
  let first = 0;
  for (let i = 1; i <= 3; i++) {
    const r = await gantry(name, yaml, undefined, dir);
    walls.push(r.ms);
    if (i === 1) first = r.report.result.makespan / r.report.prediction.makespan;
  }
  const predicted = await planned(join(dir, `${name}.gantry.yml`));
  const r = await gantry(name, yaml, undefined, dir);
  walls.push(r.ms);
  if (Math.abs(r.report.prediction.makespan - predicted) > 1) throw new Error(`${name}: the run predicted ${r.report.prediction.makespan} ms, gantry plan ${predicted} ms`);
  const real = r.report.result.makespan;
  return { first, fourth: real / predicted, real, predicted, walls };
}

/** SWARM: 100 × 2 s on one node, then on two; prediction against the real makespan on two. */
async function swarmScaleOut(): Promise<void> {
  const TASKS = 100;
  const SECONDS = 2;
  const CPUS = Number(process.env.GANTRY_BENCH_SWARM_CPUS ?? 1);
  let y = `version: 1\nname: scale-out\ndefaults: { image: "${IMAGE}", cpus: ${CPUS}, memory: 16Mi }\ntasks:\n`;
  for (let i = 0; i < TASKS; i++) y += `  t${i}: { run: "sleep ${SECONDS}", estimate: ${SECONDS}s }\n`;
  const swarm = useSwarm();
  try {
    removeSecondNode();
    const one = await gantry('scale-one', y, undefined, work, swarmBackend());
    const perNode = Math.floor(one.report.capacity.cpus / CPUS);
    const waves = Math.ceil(TASKS / perNode);
    const overhead = one.report.result.makespan / waves - SECONDS * 1000;
    line(
      `SWARM one node:        ${TASKS} × ${SECONDS} s, ${perNode} at once: makespan ${(one.report.result.makespan / 1000).toFixed(2)} s (${waves} waves: ${(overhead / 1000).toFixed(2)} s per task beyond its ${SECONDS} s; plan ${(one.report.prediction.makespan / 1000).toFixed(2)} s = ${(one.report.result.makespan / one.report.prediction.makespan).toFixed(2)})`,
    );
    await addSecondNode();
    const two = await gantry('scale-two', y, undefined, work, swarmBackend());
    const nodes = new Set(two.report.result.units.map((u) => u.node));
    const ratio = two.report.result.makespan / two.report.prediction.makespan;
    line(
      `SWARM two nodes:       makespan ${(two.report.result.makespan / 1000).toFixed(2)} s on ${nodes.size} nodes; scale-out one ÷ two = ${(one.report.result.makespan / two.report.result.makespan).toFixed(2)} (ideal 2.00)`,
    );
    line(
      `SWARM prediction:      two nodes real ${(two.report.result.makespan / 1000).toFixed(2)} s ÷ plan ${(two.report.prediction.makespan / 1000).toFixed(2)} s = ${ratio.toFixed(2)} ${ratio >= 0.9 && ratio <= 1.1 ? 'met' : 'MISSED'}  (target 0.9–1.1; runBatch walls ${(one.ms / 1000).toFixed(1)}, ${(two.ms / 1000).toFixed(1)} s)`,
    );
  } finally {
    removeSecondNode();
    swarm.release();
  }
}

const rows: string[] = [];
const line = (s: string) => {
  rows.push(s);
  console.log(s);
};

try {
  // Warm the engine and the image cache once so neither side pays first-use costs.
  execFileSync('docker', ['run', '--rm', IMAGE, 'true'], { stdio: 'ignore' });
  line(`load average at start: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const only = new Set(process.argv.slice(2).filter((a) => a !== '--only').map((a) => a.toUpperCase()));
  const want = (figure: string) => (only.size === 0 && figure !== 'SWARM') || only.has(figure);

  if (want('P1')) {
    const loop = dockerLoop(30);
    const p1 = await gantry('chain', chain(30));
    line(`P1 chain of 30:        gantry ${(p1.ms / 1000).toFixed(2)} s ÷ docker run loop ${(loop / 1000).toFixed(2)} s = ${(p1.ms / loop).toFixed(2)}  (target ≤ 0.90)`);
  }

  if (want('P2')) {
    const xargs = xargsParallel(100, 4);
    const p2 = await gantry('fan', independent(100), { parallel: 4, cpus: 4 });
    line(`P2 100 at parallel 4:  gantry ${(p2.ms / 1000).toFixed(2)} s ÷ xargs -P4 ${(xargs / 1000).toFixed(2)} s = ${(p2.ms / xargs).toFixed(2)}  (target ≤ 0.90)`);
  }

  if (want('P5')) {
    const p5 = await gantry('cpu', cpuBound(), { cpus: 2 });
    const real = p5.report.result.makespan;
    const predicted = p5.report.prediction.makespan;
    line(`P5 CPU-bound batch:    real makespan ${(real / 1000).toFixed(2)} s ÷ plan ${(predicted / 1000).toFixed(2)} s = ${(real / predicted).toFixed(2)}  (target 0.9–1.1)`);
  }

  for (const [label, name, yaml] of [
    ['(a) service + shards', 'service-shards', serviceShards()],
    ['(b) CPU fan-out', 'cpu-fan-out', cpuFanOut()],
    ['(c) volume chain', 'volume-chain', volumeChain()],
  ] as const) {
    if (want('P6') || want(`P6${label[1].toUpperCase()}`)) {
      const p6 = await learned(name, yaml);
      const met = p6.fourth >= 0.9 && p6.fourth <= 1.1 ? 'met' : 'MISSED';
      line(
        `P6 ${label.padEnd(21)} 4th run ${(p6.real / 1000).toFixed(2)} s ÷ plan ${(p6.predicted / 1000).toFixed(2)} s = ${p6.fourth.toFixed(2)} ${met}  (target 0.9–1.1; 1st run, no history: ${p6.first.toFixed(2)}; runBatch walls ${p6.walls.map((w) => (w / 1000).toFixed(1)).join(', ')} s)`,
      );
    }
  }
  if (want('SWARM')) await swarmScaleOut();
  line(`load average at end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
