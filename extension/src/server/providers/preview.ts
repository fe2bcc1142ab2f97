/**
 * The `gantry/preview` request: the DAG and the predicted schedule of one document, the same
 * `plan()` that `gantry plan` prints, shaped as extension/src/protocol.ts says.
 */
import type { Analysis } from '../analysis';
import type { PreviewData, PreviewUnit } from '../../protocol';

export function preview(analysis: Analysis): PreviewData {
  const base = { uri: analysis.uri, version: analysis.version, errors: analysis.errorCount };
  const { graph } = analysis;
  const { capacity } = analysis.result;
  const schedule = analysis.schedule;
  if (!schedule || !graph || !capacity) {
    // Say what is wrong, not only that something is: the first error and its line (clients show
    // the count themselves).
    const first = analysis.result.diagnostics.find((d) => d.severity === 'error');
    const message = first
      ? `Line ${first.range.start.line + 1}: ${first.message}`
      : 'The file has no tasks to schedule.';
    return { ...base, message, units: [], profile: [] };
  }
  const units: PreviewUnit[] = schedule.units.map((planned) => {
    const unit = graph.byId.get(planned.id);
    // A build points at the `build:` of the first unit that uses it.
    const at = (unit?.kind === 'build' ? unit.spec.fields.build?.key.start : undefined) ?? unit?.spec.nameRange.start ?? { line: 0, character: 0 };
    return {
      id: planned.id,
      kind: planned.kind,
      name: unit?.kind === 'build' ? unit.id : (unit?.spec.name ?? planned.id),
      needs: unit?.needs ?? [],
      start: planned.start,
      end: planned.end,
      cpus: planned.cpus,
      memory: planned.memory,
      critical: planned.critical,
      slack: planned.slack,
      line: at.line,
      character: at.character,
    };
  });
  return {
    ...base,
    capacity: { cpus: capacity.cpus, memory: capacity.memory, parallel: capacity.parallel },
    makespan: schedule.makespan,
    lowerBound: schedule.lowerBound,
    criticalPath: schedule.criticalPath,
    units,
    profile: schedule.profile.map((p) => ({ t: p.t, cpus: p.cpus, memory: p.memory, containers: p.containers })),
  };
}
