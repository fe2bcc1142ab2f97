/**
 * The CLI's live lines for services (cli/run-progress.ts), fed the scheduler's events: a failed
 * service is said once, a service without a health check is "up", never "healthy", and a task's
 * first line never comes before "▶ started".
 */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { RunProgress } from '../cli/run-progress';
import type { ScheduleEvent } from '../core/executor';
import { validate } from '../core/validate';

const FILE = `version: 1
defaults: { image: busybox:latest }
services:
  db: { run: sleep 60, health: { run: "false" } }
  cache: { run: sleep 60 }
tasks:
  test: { needs: [db, cache], run: echo hi }
`;

function lines(events: ScheduleEvent[]): string[] {
  const graph = validate(FILE).graph!;
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  const progress = new RunProgress(graph, { out, tty: false, color: false, columns: 80 });
  for (const e of events) progress.event(e);
  progress.finish();
  return text.split('\n').filter(Boolean);
}

describe('run progress: services', () => {
  it('a service that never became healthy is said once, as a service', () => {
    const reason = 'service db is unhealthy (health check failed 3 times in a row)';
    const out = lines([
      { type: 'service-start', at: 0, unit: 'db' },
      { type: 'service-stop', at: 900, unit: 'db', failed: reason },
      { type: 'unit-end', at: 900, unit: 'db', status: 'failed', reason },
      { type: 'unit-end', at: 900, unit: 'test', status: 'skipped', reason: 'service db never became healthy' },
    ]);
    expect(out.filter((l) => l.includes('unhealthy'))).toEqual([`db    ✖ service failed: ${reason}`]);
    expect(out).toContain('test  ○ skipped: service db never became healthy');
  });

  it('without a health check a service is "up", with one "healthy"', () => {
    const out = lines([
      { type: 'service-start', at: 0, unit: 'cache' },
      { type: 'service-healthy', at: 10, unit: 'cache' },
      { type: 'service-start', at: 0, unit: 'db' },
      { type: 'service-healthy', at: 500, unit: 'db' },
    ]);
    expect(out).toContain('cache ✔ service up (no health check)');
    expect(out).toContain('db    ✔ service healthy');
    expect(out.join('\n')).not.toContain('cache ✔ service healthy');
  });

  it('a line that arrives before the attempt-running event comes after "▶ started", which is said once', () => {
    const graph = validate(FILE).graph!;
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d) => (text += d));
    const progress = new RunProgress(graph, { out: stream, tty: false, color: false, columns: 80 });
    progress.event({ type: 'attempt-start', at: 0, unit: 'test', attempt: 1, memory: 1 });
    progress.line('test', 1, 'stdout', 'hi');
    progress.event({ type: 'attempt-running', at: 1, unit: 'test', attempt: 1 });
    progress.line('test', 1, 'stdout', 'again');
    progress.line('test', 2, 'stdout', 'second try');
    progress.event({ type: 'attempt-running', at: 2, unit: 'test', attempt: 2 });
    progress.finish();
    expect(text.split('\n').filter(Boolean)).toEqual(['test  ▶ started', 'test  │ hi', 'test  │ again', 'test  ▶ started (attempt 2)', 'test  │ second try']);
  });
});

describe('run progress: --resume', () => {
  it('a task or service taken over from the resumed run says "succeeded (from RUN)", as the reports do', () => {
    const graph = validate(FILE).graph!;
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d) => (text += d));
    const takenFrom = new Map([
      ['test', '20250101-120000-ab12'],
      ['cache', '20250101-110000-cd34'],
    ]);
    const progress = new RunProgress(graph, { out: stream, tty: false, color: false, columns: 80, takenFrom });
    progress.event({ type: 'unit-end', at: 0, unit: 'cache', status: 'succeeded', reason: 'succeeded in run 20250101-110000-cd34, not run again' });
    progress.event({ type: 'unit-end', at: 0, unit: 'test', status: 'succeeded', reason: 'succeeded in run 20250101-120000-ab12, not run again' });
    progress.finish();
    const out = text.split('\n').filter(Boolean);
    expect(out).toContain('test  ✔ succeeded (from 20250101-120000-ab12)');
    expect(out).toContain('cache ✔ service succeeded (from 20250101-110000-cd34)');
    expect(out.join('\n')).not.toContain('service stopped');
  });
});

describe('run progress: several nodes', () => {
  it('says the node a task or service starts on, by the name the engine gave, cleaned of escapes', () => {
    const graph = validate(FILE).graph!;
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    const progress = new RunProgress(graph, { out, tty: false, color: false, columns: 80 });
    const nodes = [
      { id: 'n1', name: 'manager', capacity: { cpus: 2, memory: 2 ** 30, parallel: Infinity }, home: true },
      { id: 'n2', name: 'worker\x1b[31m', capacity: { cpus: 2, memory: 2 ** 30, parallel: Infinity } },
    ];
    progress.prediction({ graph, capacity: { cpus: 4, memory: 2 ** 31, parallel: Infinity }, plan: { placement: { nodes, pinned: new Map(), why: new Map() } } });
    progress.event({ type: 'service-start', at: 0, unit: 'cache', node: 'n1' });
    progress.event({ type: 'attempt-start', at: 0, unit: 'test', attempt: 1, memory: 1, node: 'n2' });
    progress.event({ type: 'attempt-running', at: 1, unit: 'test', attempt: 1 });
    progress.finish();
    expect(text).toContain('cache ▶ service starting on manager');
    expect(text).toMatch(/test {2}▶ started on worker(?!\x1b)/);
    expect(text).not.toContain('\x1b[31m');
  });

  it('says no node on one engine', () => {
    const out = lines([
      { type: 'attempt-start', at: 0, unit: 'test', attempt: 1, memory: 1, node: 'n1' },
      { type: 'attempt-running', at: 1, unit: 'test', attempt: 1 },
    ]);
    expect(out).toContain('test  ▶ started');
  });
});
