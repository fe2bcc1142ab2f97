/**
 * `npm run bench:run` — what Gantry costs on top of the engine, each figure against a baseline
 * measured in the same process, on the same engine, right before:
 *   P1  a chain of 30 trivial tasks            ÷ a sequential `docker run --rm` loop   (target ≤ 0.90)
 *   P2  100 trivial tasks at parallel 4        ÷ `xargs -P4 docker run --rm`           (target ≤ 0.90)
 *   P5  real makespan of a CPU-bound batch     ÷ `gantry plan`'s prediction            (target 0.9–1.1)
 * Gantry's time is the whole `runBatch` call: engine connection, network and volumes, every
 * container, teardown and the reports. Needs the engine and the local `busybox:latest` image.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validate } from '../../core/validate';
import { runBatch, type RunReport } from '../../core/run/run-batch';
import { dockerBackend } from '../../core/backends/docker';

const IMAGE = 'busybox:latest';
const work = mkdtempSync(join(tmpdir(), 'gantry-bench-'));

async function gantry(name: string, yaml: string, capacity?: { parallel?: number; cpus?: number }): Promise<{ ms: number; report: RunReport }> {
  const path = join(work, `${name}.gantry.yml`);
  writeFileSync(path, yaml);
  const v = validate(yaml);
  if (!v.file || !v.graph) throw new Error(`${name}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  const t0 = performance.now();
  const report = await runBatch({ backend: dockerBackend(), path, validation: { file: v.file, graph: v.graph }, instance: `bench-${name}`, capacity });
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

const rows: string[] = [];
const line = (s: string) => {
  rows.push(s);
  console.log(s);
};

try {
  // Warm the engine and the image cache once so neither side pays first-use costs.
  execFileSync('docker', ['run', '--rm', IMAGE, 'true'], { stdio: 'ignore' });
  line(`load average at start: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const loop = dockerLoop(30);
  const p1 = await gantry('chain', chain(30));
  line(`P1 chain of 30:        gantry ${(p1.ms / 1000).toFixed(2)} s ÷ docker run loop ${(loop / 1000).toFixed(2)} s = ${(p1.ms / loop).toFixed(2)}  (target ≤ 0.90)`);

  const xargs = xargsParallel(100, 4);
  const p2 = await gantry('fan', independent(100), { parallel: 4, cpus: 4 });
  line(`P2 100 at parallel 4:  gantry ${(p2.ms / 1000).toFixed(2)} s ÷ xargs -P4 ${(xargs / 1000).toFixed(2)} s = ${(p2.ms / xargs).toFixed(2)}  (target ≤ 0.90)`);

  const p5 = await gantry('cpu', cpuBound(), { cpus: 2 });
  const real = p5.report.result.makespan;
  const predicted = p5.report.prediction.makespan;
  line(`P5 CPU-bound batch:    real makespan ${(real / 1000).toFixed(2)} s ÷ plan ${(predicted / 1000).toFixed(2)} s = ${(real / predicted).toFixed(2)}  (target 0.9–1.1)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
