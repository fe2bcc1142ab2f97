/**
 * Hand-made run documents for the action's rendering tests: a run with a service, a matrix with a
 * retried and a failed shard, an OOM that was allowed to fail, a skipped dependent — and a builder
 * for very large runs.
 */
import type { RunDocument, UnitDocument } from '../../core/report/run-document';

const MI = 1024 * 1024;

function unit(partial: Partial<UnitDocument> & Pick<UnitDocument, 'id'>): UnitDocument {
  return {
    kind: 'task',
    name: partial.id.replace(/\[.*$/, ''),
    status: 'succeeded',
    needs: [],
    cpus: 1,
    memory: 128 * MI,
    estimate: 10_000,
    allowFailure: false,
    attempts: [],
    ...partial,
  };
}

export function failedRun(): RunDocument {
  const testLog = Array.from({ length: 45 }, (_, i) => `ok ${i + 1} - case ${i + 1}`);
  testLog.push('not ok 46 - parses <html> & `code` | pipes', 'AssertionError: expected 2 to equal 3', '```', 'FAIL');
  return {
    gantry: 1,
    complete: true,
    runId: '20260101T120000Z-ab12',
    instance: 'gha-0f3c',
    file: 'ci/gantry.yml',
    name: 'checks',
    startedAt: '2026-01-01T12:00:00.000Z',
    updatedAt: '2026-01-01T12:01:05.000Z',
    capacity: { cpus: 2, memory: 4 * 1024 * MI, parallel: 8 },
    prediction: { makespan: 60_000, lowerBound: 50_000, criticalPath: ['build', 'test[shard=2]', 'report'] },
    result: 'failure',
    makespan: 65_400,
    criticalPath: ['build', 'test[shard=2]'],
    units: [
      unit({ id: 'db', kind: 'service', cpus: 0.5, memory: 64 * MI, start: 0, healthy: 2_100, end: 58_000, attempts: [] }),
      unit({
        id: 'build', start: 200, end: 12_400,
        attempts: [{ number: 1, start: 200, end: 12_400, memory: 128 * MI, outcome: { status: 'succeeded', exitCode: 0, usage: { peakMemory: 90 * MI, cpuSeconds: 11 } } }],
      }),
      unit({
        id: 'test[shard=1]', needs: ['build', 'db'], start: 12_500, end: 30_100,
        attempts: [{ number: 1, start: 12_500, end: 30_100, memory: 128 * MI, outcome: { status: 'succeeded', exitCode: 0 } }],
      }),
      unit({
        id: 'test[shard=2]', needs: ['build', 'db'], status: 'failed', start: 12_500, end: 58_000,
        attempts: [
          { number: 1, start: 12_500, end: 31_000, memory: 128 * MI, outcome: { status: 'failed', exitCode: 1, message: 'exit code 1' }, logTail: ['first try failed'] },
          { number: 2, start: 33_000, end: 58_000, memory: 128 * MI, outcome: { status: 'failed', exitCode: 1, message: 'exit code 1' }, logTail: testLog },
        ],
      }),
      unit({
        id: 'lint', allowFailure: true, status: 'oom', memory: 64 * MI, start: 300, end: 4_000,
        attempts: [{ number: 1, start: 300, end: 4_000, memory: 64 * MI, outcome: { status: 'oom', exitCode: 137, message: 'out of memory (limit 64Mi)' }, logTail: ['allocating…', 'Killed'] }],
      }),
      unit({ id: 'report', needs: ['test[shard=1]', 'test[shard=2]'], status: 'skipped', reason: 'needs test[shard=2], which failed', attempts: [] }),
    ],
  };
}

export function successRun(): RunDocument {
  const doc = failedRun();
  doc.result = 'success';
  doc.units = doc.units.filter((u) => u.id !== 'report' && u.id !== 'lint').map((u) =>
    u.id === 'test[shard=2]'
      ? { ...u, status: 'succeeded', attempts: [{ number: 1, start: 12_500, end: 58_000, memory: 128 * MI, outcome: { status: 'succeeded', exitCode: 0 } }] }
      : u,
  );
  return doc;
}

/** `n` failed tasks, each with a long log tail: far past every size limit. */
export function hugeRun(n: number): RunDocument {
  const doc = failedRun();
  const line = 'x'.repeat(400);
  doc.units = Array.from({ length: n }, (_, i) =>
    unit({
      id: `shard[n=${i}]`, status: 'failed', start: i * 10, end: i * 10 + 5_000,
      attempts: [{ number: 1, start: i * 10, end: i * 10 + 5_000, memory: 128 * MI, outcome: { status: 'failed', exitCode: 2, message: 'exit code 2' }, logTail: Array.from({ length: 30 }, () => line) }],
    }),
  );
  doc.criticalPath = ['shard[n=0]'];
  return doc;
}
