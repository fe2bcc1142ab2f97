import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBatchFile } from '../core/parse';
import { plain } from './support/plain';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseBatchFile: the format of issue 2', () => {
  const result = parseBatchFile(fixture('full.gantry.yml'));
  const file = result.file!;

  it('reads the full example with no diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.file).toBeDefined();
  });

  it('reads the top level and capacity', () => {
    expect(file.version).toBe(1);
    expect(file.name).toBe('checks');
    expect(file.capacity).toEqual({ cpus: 2, memory: 4 * 2 ** 30, parallel: 8 });
    expect(file.volumes.map((v) => v.name)).toEqual(['work']);
    expect(file.services.map((s) => s.name)).toEqual(['web']);
    expect(file.tasks.map((t) => t.name)).toEqual(['build', 'test', 'integration', 'report']);
  });

  it('applies defaults to every task and service', () => {
    const [build, test, integration, report] = file.tasks;
    expect(test.image).toBe('busybox');
    expect(integration.image).toBe('docker:cli');
    expect(report.cpus).toBe(1);
    expect(report.memory).toBe(256 * 2 ** 20);
    expect(build.memory).toBe(128 * 2 ** 20);
    expect(report.timeout).toBe(600_000);
    expect(test.timeout).toBe(30_000);
    expect(report.retries).toEqual({ count: 0, backoff: 1000, memoryFactor: 1 });
    expect(test.env).toEqual({ CI: 'true', SHARD: '${{ matrix.shard }}' });
    expect(file.services[0].env).toEqual({ CI: 'true' });
    // timeout and retries are about tasks; a service runs until its dependents are done.
    expect(file.services[0].timeout).toBeUndefined();
  });

  it('reads a service with its health check', () => {
    const web = file.services[0];
    expect(web).toMatchObject({ kind: 'service', cpus: 0.5, memory: 64 * 2 ** 20, run: 'httpd -f -p 8080' });
    expect(web.health).toMatchObject({ run: 'wget -q -O- http://localhost:8080/', interval: 1000, timeout: 2000, retries: 30, startPeriod: 0 });
    expect(web.health!.range.start).toEqual({ line: 21, character: 12 });
  });

  it('reads tasks with needs, matrix, retries, outputs, mounts and conditions', () => {
    const [build, test, integration, report] = file.tasks;
    // Needs, outputs and mounts compute their ranges when read: compare what they say.
    expect(plain(build.outputs)).toEqual([{ name: 'version', range: { start: { line: 31, character: 14 }, end: { line: 31, character: 21 } } }]);
    expect(build.estimate).toBe(20_000);
    expect(plain(build.volumes)).toEqual([
      {
        kind: 'volume',
        source: 'work',
        target: '/work',
        readOnly: false,
        range: { start: { line: 26, character: 14 }, end: { line: 26, character: 26 } },
        sourceRange: { start: { line: 26, character: 15 }, end: { line: 26, character: 19 } },
      },
      {
        kind: 'bind',
        source: '.',
        target: '/src',
        readOnly: true,
        range: { start: { line: 26, character: 28 }, end: { line: 26, character: 39 } },
        sourceRange: { start: { line: 26, character: 29 }, end: { line: 26, character: 30 } },
      },
    ]);
    expect(test.needs.map((n) => n.name)).toEqual(['build', 'web']);
    expect(test.needs[1].range).toEqual({ start: { line: 33, character: 19 }, end: { line: 33, character: 22 } });
    expect(test.matrix).toEqual([
      {
        key: 'shard',
        keyRange: { start: { line: 34, character: 14 }, end: { line: 34, character: 19 } },
        values: ['1', '2', '3'],
        range: { start: { line: 34, character: 21 }, end: { line: 34, character: 30 } },
      },
    ]);
    expect(test.retries).toEqual({ count: 2, backoff: 1000, memoryFactor: 2 });
    expect(test.workdir).toBe('/work');
    expect(test.allowFailure).toBe(false);
    expect(integration).toMatchObject({ user: '1000:1000', privileged: false, network: 'host', capAdd: ['NET_ADMIN'] });
    expect(integration.volumes[0]).toMatchObject({ kind: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' });
    expect(report.if).toBe('always');
    expect(test.if).toBe('success');
  });

  it('finds every expression with its segments', () => {
    const test = file.tasks[1];
    expect(test.expressions.map((e) => [e.field, e.path.join('.')])).toEqual([
      ['run', 'matrix.shard'],
      ['run', 'needs.build.outputs.version'],
      ['env.SHARD', 'matrix.shard'],
    ]);
    const [, output] = test.expressions;
    expect(output.text).toBe('${{ needs.build.outputs.version }}');
    expect(output.range).toEqual({ start: { line: 35, character: 44 }, end: { line: 35, character: 78 } });
    expect(output.segmentRanges[3]).toEqual({ start: { line: 35, character: 68 }, end: { line: 35, character: 75 } });
  });

  it('records where every key of a unit is written', () => {
    const test = file.tasks[1];
    expect(test.nameRange).toEqual({ start: { line: 32, character: 2 }, end: { line: 32, character: 6 } });
    // Key and value together, without the line break that ends the block.
    expect(test.range).toEqual({ start: { line: 32, character: 2 }, end: { line: 40, character: 24 } });
    const { key, value } = test.fields.timeout;
    expect({ key, value }).toEqual({
      key: { start: { line: 38, character: 4 }, end: { line: 38, character: 11 } },
      value: { start: { line: 38, character: 13 }, end: { line: 38, character: 16 } },
    });
    expect(Object.keys(test.fields)).toContain('retries.memory-factor');
    expect(JSON.parse(JSON.stringify(test.fields.timeout))).toEqual({ key, value });
  });
});
