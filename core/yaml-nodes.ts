/**
 * yaml's node type guards (`isMap`, `isScalar`, …), defined here on the same `Symbol.for` keys.
 * Why not import yaml's: bundled, every call to an import of the CommonJS `yaml` package goes
 * through esbuild's interop getter, which showed in profiles of reading a large file (the parser
 * calls these for every node). Same semantics: true for yaml's own nodes and core/yaml-fast.ts's.
 */
import type { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');
const ALIAS = Symbol.for('yaml.alias');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');

function typeOf(node: unknown): symbol | undefined {
  return node !== null && typeof node === 'object' ? (node as { [NODE_TYPE]?: symbol })[NODE_TYPE] : undefined;
}

export const isAlias = (node: unknown): node is Alias => typeOf(node) === ALIAS;
export const isMap = (node: unknown): node is YAMLMap => typeOf(node) === MAP;
export const isPair = (node: unknown): node is Pair => typeOf(node) === PAIR;
export const isScalar = (node: unknown): node is Scalar => typeOf(node) === SCALAR;
export const isSeq = (node: unknown): node is YAMLSeq => typeOf(node) === SEQ;
