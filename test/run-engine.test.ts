/**
 * `runBatch` on the real engine: the examples end to end (outputs, volumes, a service by name),
 * a failure with a skipped dependent, and nothing labelled left behind. Run folders go to a
 * temporary directory; each run has its own instance so parallel test files cannot collide.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { runBatch, type RunBatchOptions } from '../core/run/run-batch';
import { dockerBackend } from '../core/backends/docker';
import type { RunDocument } from '../core/report/run-document';
import { labelled } from './fixtures/engine';

const root = mkdtempSync(join(tmpdir(), 'gantry-run-engine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(file: string, extra: Partial<RunBatchOptions> = {}) {
  const v = validate(readFileSync(file, 'utf8'));
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines: string[] = [];
  const report = await runBatch({
    backend: dockerBackend(),
    path: file,
    validation: { file: v.file!, graph: v.graph! },
    runsDir: join(root, 'runs'),
    instance: `test-engine-${process.pid}`,
    onLine: (unit, _a, _s, line) => lines.push(`${unit}: ${line}`),
    ...extra,
  });
  return { report, lines };
}

function example(name: string): string {
  const dir = mkdtempSync(join(root, 'ex-'));
  cpSync(join(__dirname, '..', 'examples', name), join(dir, name));
  return join(dir, name);
}

describe('runBatch on the engine', () => {
  it('runs examples/build-and-test: volume shared, outputs substituted, reports written', async () => {
    const { report, lines } = await run(example('build-and-test.gantry.yml'));
    expect(report.result.result).toBe('success');
    expect(report.result.units.map((u) => [u.id, u.status])).toEqual([
      ['build', 'succeeded'],
      ['lint', 'succeeded'],
      ['test[shard=1]', 'succeeded'],
      ['test[shard=2]', 'succeeded'],
      ['test[shard=3]', 'succeeded'],
      ['report', 'succeeded'],
    ]);
    expect(lines).toContain('report: shard 3: 14 passed, 0 failed');
    expect(lines.some((l) => /^test\[shard=2\]: shard 2\/3 testing version 1\.4\.0-\d{8}$/.test(l))).toBe(true);
    const doc = JSON.parse(readFileSync(report.paths.json, 'utf8')) as RunDocument;
    expect(doc.complete).toBe(true);
    expect(doc.units.find((u) => u.id === 'report')!.attempts[0].logTail).toContain('shard 1: 14 passed, 0 failed');
    expect(readFileSync(report.paths.markdown, 'utf8')).toContain('```mermaid');
    expect(readFileSync(report.paths.html, 'utf8')).toContain('<svg class="timeline"');
    expect(readFileSync(report.paths.logs.build[0], 'utf8')).toContain('compiling runtime');
    expect(labelled(`dev.gantry.run=${report.runId}`)).toEqual([]);
  });

  it('runs examples/integration-with-service: tasks reach the healthy service by name', async () => {
    const { report, lines } = await run(example('integration-with-service.gantry.yml'));
    expect(report.result.result).toBe('success');
    expect(lines).toContain('suite[name=orders]: orders: 5 requests, all answered');
    expect(lines).toContain('suite[name=users]: suite users against schema v42');
    const db = report.document.units.find((u) => u.id === 'db')!;
    expect(db.healthy).toBeDefined();
    expect(labelled(`dev.gantry.run=${report.runId}`)).toEqual([]);
  });

  it('runs examples/fan-out-data: partitions in parallel within parallel 4, merged through outputs', async () => {
    const { report, lines } = await run(example('fan-out-data.gantry.yml'));
    expect(report.result.result).toBe('success');
    expect(report.capacity.parallel).toBe(4);
    expect(lines).toContain('merge: input: 2400 lines; total: 24000 words');
    const merge = report.result.units.find((u) => u.id === 'merge')!;
    expect(merge.attempts[0].outcome.outputs).toEqual({ total: '24000' });
  });

  it('reports a failed task, skips its dependents, keeps independent work, and honours --only', async () => {
    const dir = mkdtempSync(join(root, 'fail-'));
    const file = join(dir, 'gantry.yml');
    writeFileSync(
      file,
      `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
tasks:
  broken: { run: "echo about to fail; exit 3" }
  after: { needs: [broken], run: "echo never" }
  other: { run: "echo fine" }
  unrelated: { run: "echo not selected" }
`,
    );
    const { report } = await run(file, { only: ['after', 'other'] });
    expect(report.result.result).toBe('failure');
    expect(Object.fromEntries(report.result.units.map((u) => [u.id, u.status]))).toEqual({ broken: 'failed', after: 'skipped', other: 'succeeded' });
    const broken = report.result.units.find((u) => u.id === 'broken')!;
    expect(broken.attempts[0].outcome.exitCode).toBe(3);
    expect(report.document.units.find((u) => u.id === 'broken')!.attempts[0].logTail).toEqual(['about to fail']);
    expect(readFileSync(report.paths.markdown, 'utf8')).toContain('| broken | ❌ failed | 1 |');
    expect(existsSync(report.paths.html)).toBe(true);
  });
});
