/**
 * Run semantics users rely on (issue 12), end to end on the real engine through `runBatch`:
 * `if: always` work after a fail-fast and on cancel, what stopped units say, an unhealthy service
 * named as the failure with its log in the reports, and the documented `parallel` default.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '../core/validate';
import { runBatch, type RunBatchOptions } from '../core/run/run-batch';
import { run as runCommand } from '../cli/run';
import { dockerBackend } from '../core/backends/docker';
import { labelled } from './fixtures/engine';

const root = mkdtempSync(join(tmpdir(), 'gantry-run-semantics-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(text: string, extra: Partial<RunBatchOptions> = {}) {
  const dir = mkdtempSync(join(root, 'batch-'));
  const file = join(dir, 'gantry.yml');
  writeFileSync(file, text);
  const v = validate(text);
  expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines: string[] = [];
  const report = await runBatch({
    path: file,
    validation: { file: v.file!, graph: v.graph! },
    runsDir: join(root, 'runs'),
    instance: `test-semantics-${process.pid}`,
    backend: dockerBackend(),
    onLine: (unit, _a, _s, line) => lines.push(`${unit}: ${line}`),
    ...extra,
  });
  const unit = (id: string) => report.document.units.find((u) => u.id === id)!;
  const md = readFileSync(report.paths.markdown, 'utf8');
  const html = readFileSync(report.paths.html, 'utf8');
  expect(labelled(`dev.gantry.run=${report.runId}`)).toEqual([]);
  return { report, lines, unit, md, html };
}

describe('run semantics on the engine (issue 12)', () => {
  it('--fail-fast still runs if: always work; stopped units say they ran and are not failures', async () => {
    const { report, lines, unit, md } = await run(
      `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
services:
  web: { run: exec sleep 3600 }
tasks:
  bad: { run: "sleep 2; echo broken; exit 1" }
  slow: { needs: [web], run: exec sleep 60 }
  later: { needs: [slow], run: echo never }
  report: { needs: [bad, later], if: always, run: echo report ran }
`,
      { failFast: true },
    );
    expect(report.result.result).toBe('failure');
    expect(unit('bad').status).toBe('failed');
    expect(unit('report').status).toBe('succeeded');
    expect(lines).toContain('report: report ran');
    const slow = unit('slow');
    expect(slow.status).toBe('cancelled');
    expect(slow.reason).toMatch(/^ran \d+(\.\d)?s, then stopped by --fail-fast after bad failed$/);
    expect(slow.end! - slow.start!).toBeGreaterThan(1000);
    expect(unit('web')).toMatchObject({ status: 'cancelled' });
    expect(unit('web').reason).toMatch(/^ran \d+(\.\d)?s, then stopped by --fail-fast after bad failed$/);
    expect(unit('later')).toMatchObject({ status: 'skipped', reason: 'not run: --fail-fast after bad failed' });
    expect(md).toContain('**Failed:** bad\n');
    expect(md).toMatch(/\| slow \| ⏹️ cancelled \| 1 \|.*\| ran \d+(\.\d)?s, then stopped by --fail-fast after bad failed \|/);
    // The documented default: no parallel limit beyond cpus and memory.
    expect(report.capacity.parallel).toBe(Number.POSITIVE_INFINITY);
    expect(runCommand.usage).toContain('no limit');
    expect(runCommand.usage).not.toContain('per engine CPU');
  });

  it('names a service that never became healthy as the failure, with its last log lines', async () => {
    const { report, unit, md, html } = await run(`version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
services:
  postgres:
    run: 'echo "postgres: starting"; echo "FATAL: could not open <config> file" >&2; exec sleep 3600'
    health: { run: "false", interval: 200ms, retries: 2 }
tasks:
  migrate: { needs: [postgres], run: echo migrating }
  test: { needs: [migrate], run: echo testing }
  report: { needs: [test], if: always, run: echo report ran }
`);
    expect(report.result.result).toBe('failure');
    expect(unit('postgres').status).toBe('failed');
    expect(unit('migrate')).toMatchObject({ status: 'skipped', reason: 'service postgres never became healthy' });
    expect(unit('report').status).toBe('succeeded');
    expect(unit('postgres').logTail).toEqual(expect.arrayContaining(['postgres: starting', 'FATAL: could not open <config> file']));
    expect(md).toContain('**Failed:** postgres \\(service\\)\n');
    expect(md).toContain('| migrate | ⏭️ skipped |');
    // stdout and stderr are separate streams: their lines may interleave either way.
    expect(md).toMatch(/<summary>postgres: last 2 log lines \(service\)<\/summary>\n\n```text\n[^`]*FATAL: could not open <config> file\n[^`]*```/);
    expect(html).toContain('FATAL: could not open &lt;config&gt; file');
    expect(html).toMatch(/Failed: <a href="#u-postgres">postgres<\/a> \(service\)/);
  });

  it('on cancel, if: always work still runs within the grace', async () => {
    const controller = new AbortController();
    const { report, lines, unit } = await run(
      `version: 1
defaults: { image: busybox:latest, cpus: 0.25, memory: 32Mi }
tasks:
  long: { run: exec sleep 60 }
  next: { needs: [long], run: echo never }
  cleanup: { needs: [next], if: always, run: echo cleaned up }
`,
      {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'attempt-running' && e.unit === 'long') setTimeout(() => controller.abort(), 1000);
        },
      },
    );
    expect(report.result.result).toBe('cancelled');
    expect(unit('long').status).toBe('cancelled');
    expect(unit('long').reason).toMatch(/^ran \d+(\.\d)?s, then stopped because the run was cancelled$/);
    expect(unit('next')).toMatchObject({ status: 'skipped', reason: 'not run: the run was cancelled' });
    expect(unit('cleanup').status).toBe('succeeded');
    expect(lines).toContain('cleanup: cleaned up');
  });
});
