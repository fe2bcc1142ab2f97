/**
 * The swarm's nodes as the preview shows them (issues 14, 16): a name and a colour per node, for
 * the Gantt's rows, their tooltips and the legend. Only when the plan has several nodes; with one
 * or none the page is as it always was. Pure: no DOM.
 */
import type { PreviewData, PreviewUnit } from '../../protocol';

/** Colours the stylesheet has for nodes (`.node-0` … `.node-5`): past six, they repeat (the name tells them apart). */
export const NODE_COLOURS = 6;

export interface NodeLabels {
  /** The node's name (the engine's, as the server sent it); the id for an unknown one. */
  name(id: string): string;
  /** `node-0` … `node-5`: the class of the node's colour. */
  colour(id: string): string;
  /** `node: worker-1`, `node: manager (pinned: shares volume cache with test)`; undefined without a node. */
  describe(unit: PreviewUnit): string | undefined;
}

export function nodeLabels(data: PreviewData): NodeLabels | undefined {
  const nodes = data.nodes;
  if (!nodes || nodes.length < 2) return undefined;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  return {
    name,
    colour: (id) => `node-${(index.get(id) ?? 0) % NODE_COLOURS}`,
    describe: (unit) => (unit.node === undefined ? undefined : `node: ${name(unit.node)}${unit.pinned !== undefined ? ` (pinned: ${unit.pinned})` : ''}`),
  };
}

/** The one node all `units` run on, or how many they spread over (a matrix group's row). */
export function nodesOf(units: readonly PreviewUnit[]): { node: string } | { count: number } | undefined {
  const seen = new Set<string>();
  for (const unit of units) if (unit.node !== undefined) seen.add(unit.node);
  if (seen.size === 0) return undefined;
  return seen.size === 1 ? { node: [...seen][0] } : { count: seen.size };
}
