/**
 * The `gantry/summary` request: what a status bar says about one document — its problems and,
 * when it has none, the predicted makespan (the same `plan()` as the preview and the code lenses,
 * computed once per version and shared with them).
 *
 * `earlier`: a planned analysis of an earlier version, whose makespan stands in while this
 * version's plan is being made (the service decides; see `summaryOf` in service.ts). The answer
 * then says so (`planOf`); nothing is planned here.
 */
import type { Analysis } from '../analysis';
import type { SummaryData } from '../../protocol';

export function summary(analysis: Analysis, earlier?: Analysis): SummaryData {
  const { diagnostics } = analysis.result;
  const errors = analysis.errorCount;
  const graph = analysis.graph;
  const from = earlier?.planReady && earlier.version < analysis.version ? earlier : analysis;
  const makespan = errors === 0 ? from.schedule?.makespan : undefined;
  return {
    uri: analysis.uri,
    version: analysis.version,
    errors,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    tasks: graph ? graph.units.filter((u) => u.kind === 'task').length : 0,
    services: graph ? graph.units.filter((u) => u.kind === 'service').length : 0,
    ...(makespan !== undefined ? { makespan } : {}),
    ...(makespan !== undefined && from !== analysis ? { planOf: { version: from.version } } : {}),
  };
}
