/**
 * `npm run bench:parse` — how long reading a batch file takes, with core/yaml-fast.ts and with the
 * `yaml` package alone (`parseBatchFile(text, { slowYaml: true })`), in the same process, on the
 * same texts:
 *
 * - parseBatchFile (text → BatchFile + diagnostics) and validate() (parse, checks, expansion);
 * - on the language server benchmark's files (bench/lsp/generate.ts: block mappings, flow lists,
 *   quoted strings, expressions) of 2,000 and 20,000 tasks, and on `gantry plan`'s compact shape
 *   (one flow mapping per task, as bench/plan writes) of 10,000 and 100,000 tasks — the 100,000
 *   file in the first shape would pass the 5 MiB limit.
 *
 * Each figure is the median of several runs after a warm-up. Prints a table and fast ÷ yaml ratios;
 * no assertion fails the run.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseBatchFile } from '../../core/parse';
import { validate } from '../../core/validate';
import { generateBatchFile } from '../lsp/generate';

/** bench/plan's shape: a layered DAG, one flow mapping per task, mostly defaults. */
function compactFile(tasks: number): string {
  let state = 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const width = Math.max(1, Math.round(tasks / 200));
  const lines = ['version: 1', 'capacity: { cpus: 16, memory: 64Gi }', 'defaults: { image: busybox, cpus: 1, memory: 256Mi }', 'tasks:'];
  for (let i = 0; i < tasks; i++) {
    const layer = Math.floor(i / width);
    const parts = ['run: x'];
    if (layer > 0) {
      const needs = new Set<string>();
      const count = random() < 0.2 ? 2 : 1;
      for (let k = 0; k < count; k++) needs.add(`t${((layer - 1) * width + Math.floor(random() * width)).toString(36)}`);
      parts.push(`needs: [${[...needs].join(', ')}]`);
    }
    if (random() < 0.1) parts.push(`cpus: ${random() < 0.5 ? 0.5 : 2}`);
    parts.push(`estimate: ${1 + Math.floor(random() * 59)}s`);
    lines.push(`  t${i.toString(36)}: {${parts.join(', ')}}`);
  }
  return `${lines.join('\n')}\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, f: () => unknown): number {
  f(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);

function main(): void {
  console.log(`# bench:parse (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores, Node ${process.version})\n`);
  console.log('| file | tasks | size | parse: yaml | parse: fast | ratio | validate(): yaml | validate(): fast | ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const cases: Array<[string, number, string]> = [
    ['lsp shape', 2_000, generateBatchFile(2_000)],
    ['lsp shape', 20_000, generateBatchFile(20_000)],
    ['plan shape', 10_000, compactFile(10_000)],
    ['plan shape', 100_000, compactFile(100_000)],
  ];
  for (const [shape, tasks, text] of cases) {
    const runs = tasks >= 100_000 ? 1 : tasks >= 20_000 ? 3 : 7;
    // Same result both ways, or the comparison means nothing.
    const a = parseBatchFile(text);
    const b = parseBatchFile(text, { slowYaml: true });
    if (JSON.stringify(a.diagnostics) !== JSON.stringify(b.diagnostics) || a.file?.tasks.length !== tasks || b.file?.tasks.length !== tasks) {
      throw new Error(`${shape} ${tasks}: the two paths disagree or lost tasks`);
    }
    if (a.diagnostics.some((d) => d.severity === 'error')) throw new Error(`${shape} ${tasks}: ${a.diagnostics[0].message}`);
    const parseSlow = time(runs, () => parseBatchFile(text, { slowYaml: true }));
    const parseFast = time(runs, () => parseBatchFile(text));
    const validateSlow = time(runs, () => validate(text, { slowYaml: true }));
    const validateFast = time(runs, () => validate(text));
    const size = `${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `| ${shape} | ${tasks.toLocaleString('en')} | ${size} | ${ms(parseSlow)} | ${ms(parseFast)} | ${(parseFast / parseSlow).toFixed(2)} | ${ms(validateSlow)} | ${ms(validateFast)} | ${(validateFast / validateSlow).toFixed(2)} |`,
    );
  }
  console.log('\nratio = fast ÷ yaml (lower is better).');
}

main();
