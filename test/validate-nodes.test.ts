/** validate() with several nodes (a swarm): `exceeds-node` at the request that fits no node, or not the home node. */
import { describe, expect, it } from 'vitest';
import type { NodeCapacity } from '../core/backend';
import type { Range } from '../core/diagnostics';
import { validate } from '../core/validate';

const GiB = 2 ** 30;

function at(text: string, needle: string, after = ''): Range {
  const from = after ? text.indexOf(after) : 0;
  const offset = text.indexOf(needle, from);
  if (from < 0 || offset < 0) throw new Error(`no "${needle}"`);
  const pos = (o: number) => {
    const before = text.slice(0, o);
    return { line: before.split('\n').length - 1, character: o - (before.lastIndexOf('\n') + 1) };
  };
  return { start: pos(offset), end: pos(offset + needle.length) };
}

const node = (id: string, cpus: number, memory: number, home = false): NodeCapacity => ({ id, name: id, capacity: { cpus, memory, parallel: Infinity }, ...(home ? { home: true } : {}) });
const nodes = [node('manager', 2, 2 * GiB, true), node('worker', 4, 8 * GiB)];
const machine = { cpus: 6, memory: 10 * GiB };

const text = `version: 1
defaults: { image: busybox }
volumes:
  cache: {}
tasks:
  wide:
    run: x
    cpus: 5
  heavy:
    run: x
    memory: 9Gi
  fill:
    run: x
    cpus: 3
    volumes: [cache:/cache]
  use:
    run: x
    volumes: [cache:/cache]
  free:
    run: x
    cpus: 4
    memory: 6Gi
`;

describe('validate: several nodes', () => {
  it('reports a unit that fits no single node, and a volume user too big for the home node, at the request', () => {
    const ds = validate(text, { machine, nodes }).diagnostics;
    expect(ds.map((d) => [d.code, d.range])).toEqual([
      ['exceeds-node', at(text, '5', 'wide:')],
      ['exceeds-node', at(text, '9Gi')],
      ['exceeds-node', at(text, '3', 'fill:')],
    ]);
    expect(ds[0].message).toBe('Task "wide" requests 5 cpus, but no single node has that much (the largest: worker (4 cpus, 8Gi)); a task runs on one node. Lower its cpus, or add a bigger node.');
    expect(ds[2].message).toBe(
      'Task "fill" requests 3 cpus, but it must run on the home node manager (2 cpus, 2Gi): it mounts volume cache, and the run\'s volumes live on the node Gantry talks to. Lower its cpus, make a bigger node the manager Gantry talks to, or drop the shared volume (or the build) from it.',
    );
    expect(ds.every((d) => d.severity === 'error')).toBe(true);
    expect(validate(text, { machine, nodes }).graph).toBeUndefined();
  });

  it('says nothing more than exceeds-capacity for a request beyond all nodes together', () => {
    const big = `version: 1\ndefaults: { image: busybox }\ntasks:\n  huge:\n    run: x\n    cpus: 7\n`;
    expect(validate(big, { machine, nodes }).diagnostics.map((d) => d.code)).toEqual(['exceeds-capacity']);
  });

  it('points at the volume mount when a pinned unit inherits its request', () => {
    const inherited = `version: 1\ndefaults:\n  image: busybox\n  cpus: 3\nvolumes:\n  cache: {}\ntasks:\n  a:\n    run: x\n    volumes: [cache:/c]\n  b:\n    run: x\n`;
    const ds = validate(inherited, { machine, nodes }).diagnostics;
    expect(ds.map((d) => [d.code, d.range])).toEqual([['exceeds-node', at(inherited, 'cache:/c')]]);
  });

  it('reports a volume user whose services share the volume and cannot be up with it on the home node, at its needs', () => {
    const file = `version: 1\ndefaults: { image: busybox }\nvolumes:\n  data: {}\nservices:\n  db: { run: db, cpus: 1.5, volumes: [data:/d] }\n  cache: { run: c, cpus: 1 }\ntasks:\n  load:\n    run: x\n    needs: [db, cache]\n    volumes: [data:/d]\n`;
    const ds = validate(file, { machine, nodes }).diagnostics;
    expect(ds.map((d) => [d.code, d.range])).toEqual([['exceeds-node', at(file, '[db, cache]')]]);
    expect(ds[0].message).toBe(
      'Task "load" and service db, which stays up while it runs, must all run on the home node manager (2 cpus, 2Gi), where their volumes (or images built in the run) are: together they request 2.5 cpus and 512Mi of memory. Lower the requests, or make a bigger node the manager Gantry talks to.',
    );
  });

  it('checks nothing per node with one node, or without nodes', () => {
    expect(validate(text, { machine }).diagnostics.map((d) => d.code)).toEqual([]);
    expect(validate(text, { machine: { cpus: 6, memory: 10 * GiB }, nodes: [node('local', 6, 10 * GiB, true)] }).diagnostics).toEqual([]);
  });

  it('pins nothing without a home node: only the fit on some node counts', () => {
    const ds = validate(text, { machine, nodes: nodes.map((n) => ({ ...n, home: false })) }).diagnostics;
    expect(ds.map((d) => d.range)).toEqual([at(text, '5', 'wide:'), at(text, '9Gi')]);
  });
});
