/**
 * A swarm service's log through the manager (core/backends/swarm/logs.ts): entries the follow
 * delivered are not repeated by the read after the task ended, also when several share one
 * timestamp; the outputs after the marker stay out of the log. Pure: a fake service gives frames.
 */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { ServiceLog, timestampNs } from '../core/backends/swarm/logs';
import { OutputCapture } from '../core/backends/docker/logs';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** A service whose follow gives `followed` then stays open, and whose whole log is `all`. */
function fakeService(followed: Buffer[], all: Buffer[]): { service: Dockerode.Service; follow: PassThrough } {
  const follow = new PassThrough();
  const service = {
    logs: async (options: { follow: boolean }) => {
      if (!options.follow) return Buffer.concat(all);
      setImmediate(() => {
        for (const chunk of followed) follow.write(chunk);
      });
      return follow;
    },
  } as unknown as Dockerode.Service;
  return { service, follow };
}

function capture(): { capture: OutputCapture; lines: string[] } {
  const lines: string[] = [];
  return { capture: new OutputCapture({ onLine: (stream, line) => lines.push(`${stream}:${line}`) }), lines };
}

const T = (ns: number) => `2026-12-06T05:00:00.${String(ns).padStart(9, '0')}Z`;

describe('swarm service log', () => {
  it('reads timestamps to the nanosecond', () => {
    expect(timestampNs('2026-12-06T05:00:00.000000001Z') - timestampNs('2026-12-06T05:00:00Z')).toBe(1n);
    expect(timestampNs('garbage')).toBe(0n);
  });

  it('adds after the task ended only what the follow had not delivered, lines sharing a timestamp included', async () => {
    const entries = [frame(1, `${T(1)} one\n`), frame(1, `${T(2)} two\n`), frame(2, `${T(2)} two-err\n`), frame(1, `${T(2)} two-again\n`), frame(1, `${T(3)} three\n`)];
    const { service } = fakeService(entries.slice(0, 3), entries);
    const { capture: c, lines } = capture();
    const log = new ServiceLog(service, { capture: c });
    await log.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await log.finish();
    c.end();
    expect(lines).toEqual(['stdout:one', 'stdout:two', 'stderr:two-err', 'stdout:two-again', 'stdout:three']);
  });

  it('keeps the outputs after the marker out of the log, and the newline the wrapper added', async () => {
    const marker = '::gantry-outputs-abc::';
    const entries = [frame(1, `${T(1)} working\n`), frame(1, `${T(2)} \n`), frame(1, `${T(3)} ${marker}\n`), frame(1, `${T(4)} answer=42\n`)];
    const { service } = fakeService([], entries);
    const { capture: c, lines } = capture();
    const log = new ServiceLog(service, { capture: c, marker });
    await log.start();
    const outputs = await log.finish();
    c.end();
    expect(lines).toEqual(['stdout:working']);
    expect(outputs).toBe('answer=42\n');
  });

  it('keeps an empty line of the task when no marker follows it (the command was killed)', async () => {
    const entries = [frame(1, `${T(1)} a\n`), frame(1, `${T(2)} \n`), frame(1, `${T(3)} b\n`), frame(1, `${T(4)} \n`)];
    const { service } = fakeService([], entries);
    const { capture: c, lines } = capture();
    const log = new ServiceLog(service, { capture: c, marker: '::m::' });
    await log.start();
    expect(await log.finish()).toBeUndefined();
    c.end();
    expect(lines).toEqual(['stdout:a', 'stdout:', 'stdout:b', 'stdout:']);
  });
});
