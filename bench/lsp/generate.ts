/**
 * Generated batch files for the language server benchmark: a layered DAG of `tasks` tasks with
 * needs on the layer before, a few outputs read through `${{ needs.… }}`, a matrix now and then,
 * a service and a volume — the shape of a big generated CI file. Deterministic (seeded).
 */

export function generateBatchFile(tasks: number, seed = 1): string {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const width = Math.max(1, Math.round(Math.sqrt(tasks) * 2));
  const out = [
    'version: 1',
    'name: generated',
    'capacity: { cpus: 16, memory: 64Gi, parallel: 32 }',
    'defaults:',
    '  image: busybox',
    '  memory: 128Mi',
    'volumes:',
    '  work: {}',
    'services:',
    '  cache:',
    '    run: httpd -f -p 8080',
    '    cpus: 0.5',
    '    health: { run: "wget -q -O- http://localhost:8080/", interval: 1s }',
    'tasks:',
  ];
  const withOutput = new Set<number>();
  for (let i = 0; i < tasks; i++) {
    const layer = Math.floor(i / width);
    out.push(`  t${i}:`);
    const needs: number[] = [];
    if (layer > 0) {
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) {
        const n = (layer - 1) * width + Math.floor(random() * width);
        if (!needs.includes(n)) needs.push(n);
      }
    }
    const names = needs.map((n) => `t${n}`);
    if (i === 0) names.push('cache');
    if (names.length) out.push(`    needs: [${names.join(', ')}]`);
    const reads = needs.find((n) => withOutput.has(n));
    const run = reads !== undefined ? `echo "\${{ needs.t${reads}.outputs.version }}" > /work/t${i}` : `echo t${i} && echo "version=${i}" >> "$GANTRY_OUTPUT"`;
    out.push(`    run: ${run}`);
    if (i % 50 === 7) out.push('    matrix: { shard: [1, 2] }');
    out.push(`    cpus: ${random() < 0.5 ? 1 : 0.5}`);
    out.push(`    estimate: ${5 + Math.floor(random() * 55)}s`);
    out.push('    volumes: ["work:/work"]');
    if (reads === undefined && i % 5 === 0) {
      out.push('    outputs: [version]');
      withOutput.add(i);
    }
  }
  return `${out.join('\n')}\n`;
}
