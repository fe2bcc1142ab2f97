/**
 * The run reports from a scripted run: the real Scheduler drives a scripted executor on a virtual
 * clock (known durations, usage, an OOM then a retry, a failure, a skipped dependent), the recorder
 * turns its events into the report document, and the renderers turn that into report.md / HTML.
 */
import { describe, expect, it } from 'vitest';
import type { RunDocument } from '../core/report/run-document';
import { RunRecorder } from '../core/report/run-recorder';
import { renderMarkdown } from '../core/report/report-md';
import { renderHtml } from '../core/report/report-html';
import { actualCriticalPath } from '../core/report/critical-path';
import { MI, graphOf, scriptedRun, unit } from './fixtures/scripted-run';

describe('run recorder', () => {
  it('records every unit in a definite state with its attempts', () => {
    const { doc } = scriptedRun();
    expect(doc.complete).toBe(true);
    expect(doc.result).toBe('failure');
    const status = Object.fromEntries(doc.units.map((u) => [u.id, u.status]));
    expect(status).toEqual({
      db: 'succeeded',
      build: 'succeeded',
      'test[shard=1]': 'succeeded',
      'test[shard=2]': 'succeeded',
      'test[shard=3]': 'failed',
      report: 'succeeded',
      deploy: 'skipped',
    });
    const shard1 = doc.units.find((u) => u.id === 'test[shard=1]')!;
    expect(shard1.attempts.map((a) => [a.outcome?.status, a.memory])).toEqual([
      ['oom', 128 * MI],
      ['succeeded', 256 * MI],
    ]);
    expect(doc.units.find((u) => u.id === 'test[shard=3]')!.attempts[0].logTail).toHaveLength(4);
  });

  it('keeps a partial document readable while the run goes', () => {
    const graph = graphOf([unit('a', 'task', [], 1, MI, 1000), unit('b', 'task', ['a'], 1, MI, 1000)]);
    const recorder = new RunRecorder({ runId: 'r', instance: 'i', file: 'f.yml', startedAt: new Date(0), capacity: { cpus: 1, memory: MI, parallel: 1 }, graph });
    recorder.apply({ type: 'ready', at: 0, unit: 'a' });
    recorder.apply({ type: 'attempt-start', at: 5, unit: 'a', attempt: 1, memory: MI });
    const doc = JSON.parse(JSON.stringify(recorder.document)) as RunDocument;
    expect(doc.complete).toBe(false);
    expect(doc.result).toBe('running');
    expect(doc.units.map((u) => u.status)).toEqual(['running', 'pending']);
    expect(renderMarkdown(doc)).toContain('This report is partial');
  });
});

describe('runs on several nodes', () => {
  const nodes = [
    { id: 'n1', name: 'manager', cpus: 2, memory: 4 * 1024 * MI, home: true },
    { id: 'n2', name: 'worker <b>', cpus: 2, memory: 4 * 1024 * MI },
  ];
  const record = () => {
    const graph = graphOf([unit('db', 'service', [], 0.5, MI, 1000), unit('a', 'task', ['db'], 1, MI, 1000), unit('b', 'task', [], 1, MI, 1000)]);
    const recorder = new RunRecorder({ runId: 'r', instance: 'i', file: 'f.yml', startedAt: new Date(0), capacity: { cpus: 4, memory: 8 * 1024 * MI, parallel: Infinity }, graph, engine: 'swarm', nodes });
    recorder.apply({ type: 'service-start', at: 0, unit: 'db', node: 'n1' });
    recorder.apply({ type: 'attempt-start', at: 1, unit: 'a', attempt: 1, memory: MI, node: 'n1' });
    recorder.apply({ type: 'attempt-start', at: 1, unit: 'b', attempt: 1, memory: MI, node: 'n2' });
    return JSON.parse(JSON.stringify(recorder.document)) as RunDocument;
  };

  it('records the engine, the nodes and the node each unit ran on', () => {
    const doc = record();
    expect(doc.engine).toBe('swarm');
    expect(doc.nodes?.map((n) => n.name)).toEqual(['manager', 'worker <b>']);
    expect(Object.fromEntries(doc.units.map((u) => [u.id, u.node]))).toEqual({ db: 'n1', a: 'n1', b: 'n2' });
  });

  it('shows a node column and the nodes in report.md, and the node of each unit in report.html, escaped', () => {
    const doc = record();
    const md = renderMarkdown(doc);
    expect(md).toContain('| Task | Status | Node | Attempts |');
    expect(md).toMatch(/\| b \| .* \| worker &lt;b&gt; \| 1 \|/);
    expect(md).toContain('**Nodes** `manager` (2 cpus, 4Gi, home)');
    const html = renderHtml(doc);
    expect(html).toContain('on node <code>worker &lt;b&gt;</code>');
    expect(html).not.toContain('worker <b>');
  });

  it('keeps one-node reports as they were: no node column', () => {
    const graph = graphOf([unit('a', 'task', [], 1, MI, 1000)]);
    const recorder = new RunRecorder({ runId: 'r', instance: 'i', file: 'f.yml', startedAt: new Date(0), capacity: { cpus: 1, memory: MI, parallel: 1 }, graph, engine: 'docker' });
    recorder.apply({ type: 'attempt-start', at: 1, unit: 'a', attempt: 1, memory: MI });
    expect(renderMarkdown(recorder.document)).toContain('| Task | Status | Attempts |');
  });
});

describe('critical path of what happened', () => {
  it('walks back through the needs that released each step last', () => {
    const { doc } = scriptedRun();
    // shard 1 retried after an OOM, so it ended last of the shards and held up the report.
    // The db service started once build was done and its health then released the shard.
    expect(actualCriticalPath(doc.units)).toEqual(['build', 'db', 'test[shard=1]', 'report']);
  });
});

// The advice rules themselves: test/usage-advice.test.ts.

describe('report.md', () => {
  it('renders the status table, the Mermaid Gantt with the critical path, advice and failed log tails', async () => {
    const { doc } = scriptedRun();
    const md = renderMarkdown(doc);
    await expect(md).toMatchFileSnapshot('./__snapshots__/report.md');
    // Local wall-clock times from a fixed origin: the axis reads the same in every time zone (test/render-mermaid.test.ts).
    expect(md).toContain('```mermaid\ngantt\n  dateFormat YYYY-MM-DD HH:mm:ss.SSS');
    expect(md).toMatch(/build :active, b\d+, 2000-01-01 00:00:00\.000, 2000-01-01 00:00:04\.200/);
  });
  it('escapes task output so it cannot break the page', () => {
    const { doc } = scriptedRun();
    doc.units[1].reason = 'a | pipe <script>';
    const md = renderMarkdown(doc);
    expect(md).toContain('a \\| pipe &lt;script&gt;');
  });
});

describe('report.html', () => {
  it('is self-contained: no scripts and nothing loaded from elsewhere', () => {
    const { doc } = scriptedRun();
    doc.units[2].attempts[1].logTail = ['<img src=x onerror=alert(1)>'];
    const html = renderHtml(doc);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|https?:/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('asked 512Mi, peaked at 90Mi');
  });
});
