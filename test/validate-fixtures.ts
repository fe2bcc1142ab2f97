/**
 * BatchFile objects built by hand, for testing checks and expansion without the parser. Ranges
 * are synthetic but distinct: each unit gets its own line (see `line`), each need its own columns.
 */
import type { Range } from '../core/diagnostics';
import type { BatchFile, MatrixAxis, Mount, NameRef, UnitSpec, VolumeSpec } from '../core/model';

export const range = (line: number, start: number, end: number): Range => ({
  start: { line, character: start },
  end: { line, character: end },
});

export interface UnitInput extends Partial<Omit<UnitSpec, 'needs' | 'matrix' | 'outputs' | 'volumes'>> {
  needs?: string[];
  matrix?: Record<string, Array<string | number>>;
  outputs?: string[];
  volumes?: Array<Partial<Mount> & Pick<Mount, 'kind' | 'source'>>;
}

/** Unit `i` lives on line 10*i; its needs are on that line at columns 20, 30, 40, … */
export function unit(kind: 'task' | 'service', name: string, i: number, input: UnitInput = {}): UnitSpec {
  const line = 10 * i;
  const { needs = [], matrix = {}, outputs = [], volumes = [], ...rest } = input;
  return {
    kind,
    name,
    nameRange: range(line, 2, 2 + name.length),
    range: range(line, 2, 50),
    image: 'busybox',
    run: 'true',
    env: {},
    privileged: false,
    capAdd: [],
    secrets: [],
    cpus: 1,
    memory: 64 * 2 ** 20,
    retries: { count: 0, backoff: 1000, memoryFactor: 1 },
    if: 'success',
    allowFailure: false,
    expressions: [],
    fields: {},
    ...rest,
    needs: needs.map((n, j): NameRef => ({ name: n, range: range(line + 1, 20 + 10 * j, 20 + 10 * j + n.length) })),
    matrix: Object.entries(matrix).map(([key, values], j): MatrixAxis => ({
      key,
      keyRange: range(line + 2, 4, 4 + key.length),
      values: values.map(String),
      range: range(line + 2 + j, 4, 40),
    })),
    outputs: outputs.map((o, j): NameRef => ({ name: o, range: range(line + 3, 20 + 10 * j, 20 + 10 * j + o.length) })),
    volumes: volumes.map((m, j): Mount => ({
      target: '/mnt',
      readOnly: false,
      range: range(line + 4, 20 + 30 * j, 40 + 30 * j),
      sourceRange: range(line + 4, 20 + 30 * j, 20 + 30 * j + m.source.length),
      ...m,
    })),
  };
}

export const task = (name: string, i: number, input?: UnitInput) => unit('task', name, i, input);
export const service = (name: string, i: number, input?: UnitInput) => unit('service', name, i, input);

export function batch(parts: { tasks?: UnitSpec[]; services?: UnitSpec[]; volumes?: string[]; capacity?: BatchFile['capacity'] }): BatchFile {
  return {
    version: 1,
    capacity: parts.capacity ?? {},
    envFiles: [],
    volumes: (parts.volumes ?? []).map((name, j): VolumeSpec => ({ name, nameRange: range(1000 + j, 2, 2 + name.length), range: range(1000 + j, 2, 20) })),
    services: parts.services ?? [],
    tasks: parts.tasks ?? [],
  };
}
