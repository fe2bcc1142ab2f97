/**
 * The `gantry/preview` request: the DAG and the predicted schedule of one document, the same
 * `plan()` that `gantry plan` prints, shaped as extension/src/protocol.ts says.
 *
 * While the file has errors: its problems (errors, then warnings; the first PREVIEW_PROBLEMS_MAX),
 * and the schedule of the last version without errors, marked stale, its units at the current
 * places of their names (see stale.ts), so the picture stays while one types.
 */
import type { Analysis } from '../analysis';
import { lastRunText, type LastRun } from '../last-run';
import { estimateOrigin, estimateSource } from '../../../../core/estimates';
import { formatDuration } from '../../../../core/format';
import type { Unit } from '../../../../core/model';
import { sanitize } from '../../../../core/sanitize';
import { PREVIEW_PROBLEMS_MAX, type PreviewData, type PreviewNode, type PreviewProblem, type PreviewUnit } from '../../protocol';
import { CurrentPlaces, follow } from '../stale';

/**
 * `good`: the document's last analysis without errors (DocumentCache.good), shown while `analysis`
 * has errors. `lastRun`: the file's newest finished run, whose times go beside the predictions.
 */
export function preview(analysis: Analysis, good?: Analysis, lastRun?: LastRun): PreviewData {
  const data = previewOf(analysis, good);
  if (!lastRun || data.units.length === 0) return data;
  for (const unit of data.units) {
    const text = lastRunText(lastRun, [unit.id], unit.end - unit.start, unit.kind);
    if (text) unit.lastRun = text;
    const ran = lastRun.units.get(unit.id);
    if (ran) unit.lastStatus = ran.status;
  }
  return { ...data, lastRun: { runId: lastRun.runId, result: lastRun.result } };
}

function previewOf(analysis: Analysis, good?: Analysis): PreviewData {
  const notice = analysis.engineNotice;
  const base = { uri: analysis.uri, version: analysis.version, errors: analysis.errorCount, ...(notice ? { engineNotice: notice } : {}) };
  if (analysis.errorCount > 0) {
    const { problems, moreProblems } = problemsOf(analysis);
    // Say what is wrong in a line too (for clients that show no list): the first error and its line.
    const first = analysis.result.diagnostics.find((d) => d.severity === 'error')!;
    const withProblems = { ...base, message: `Line ${first.range.start.line + 1}: ${first.message}`, problems, moreProblems };
    const schedule = good && good !== analysis ? scheduleOf(good, new CurrentPlaces(analysis)) : undefined;
    return schedule ? { ...withProblems, ...schedule, stale: { version: good!.version } } : { ...withProblems, units: [], profile: [] };
  }
  return { ...base, ...(scheduleOf(analysis) ?? { message: 'The file has no tasks to schedule.', units: [], profile: [] }) };
}

type Schedule = Pick<PreviewData, 'capacity' | 'makespan' | 'makespanWithoutCached' | 'lowerBound' | 'criticalPath' | 'units' | 'profile' | 'nodes'>;

/** Longest node name sent: names come from the engine (a host name), whatever it holds. */
const NODE_NAME_MAX = 64;

/** The schedule of an analysis without errors; with `places`, its units where their names are written now. */
function scheduleOf(analysis: Analysis, places?: CurrentPlaces): Schedule | undefined {
  const { graph } = analysis;
  const setting = analysis.planSetting;
  const schedule = analysis.schedule;
  if (!schedule || !graph || !setting) return undefined;
  const { capacity } = setting;
  const why = setting.placement?.why;
  const cache = analysis.cached;
  const units: PreviewUnit[] = schedule.units.map((planned) => {
    const unit = graph.byId.get(planned.id);
    // A build points at the `build:` of the first unit that uses it.
    let at = (unit?.kind === 'build' ? unit.spec.fields.build?.key.start : undefined) ?? unit?.spec.nameRange.start ?? { line: 0, character: 0 };
    const now = unit && places?.locate(unit.spec);
    if (unit && now) at = follow(at, unit.spec, now);
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
      ...(unit ? { estimate: estimateText(unit) } : {}),
      ...(cache.cached.has(planned.id) ? { cached: cache.cached.get(planned.id)!.run } : {}),
      ...(schedule.nodes && planned.node !== undefined ? { node: planned.node } : {}),
      ...(why?.has(planned.id) ? { pinned: why.get(planned.id)! } : {}),
    };
  });
  return {
    capacity: { cpus: capacity.cpus, memory: capacity.memory, parallel: capacity.parallel },
    ...(schedule.nodes ? { nodes: schedule.nodes.map(previewNode) } : {}),
    makespan: schedule.makespan,
    ...(cache.makespan !== undefined ? { makespanWithoutCached: cache.makespan } : {}),
    lowerBound: schedule.lowerBound,
    criticalPath: schedule.criticalPath,
    units,
    profile: schedule.profile.map((p) => ({ t: p.t, cpus: p.cpus, memory: p.memory, containers: p.containers })),
  };
}

/** A node as the preview shows it: its name (from the engine) on one line, cut short. */
function previewNode(node: { id: string; name: string; cpus: number; memory: number; home?: boolean }): PreviewNode {
  const name = sanitize(node.name || node.id);
  return {
    id: node.id,
    name: name.length > NODE_NAME_MAX ? `${name.slice(0, NODE_NAME_MAX - 1)}…` : name,
    cpus: node.cpus,
    memory: node.memory,
    ...(node.home ? { home: true } : {}),
  };
}

function problemsOf(analysis: Analysis): { problems: PreviewProblem[]; moreProblems: number } {
  const { diagnostics } = analysis.result;
  const all = [...diagnostics.filter((d) => d.severity === 'error'), ...diagnostics.filter((d) => d.severity === 'warning')];
  const problems = all.slice(0, PREVIEW_PROBLEMS_MAX).map(
    (d): PreviewProblem => ({ severity: d.severity as PreviewProblem['severity'], message: d.message, code: d.code, range: { start: { ...d.range.start }, end: { ...d.range.end } } }),
  );
  return { problems, moreProblems: all.length - problems.length };
}

/** `estimate 4.2s (median of 7 earlier runs)`, `healthy after 3s (from estimate:)`: as hover says it. */
function estimateText(unit: Unit): string {
  const source = estimateSource(unit);
  return `${unit.kind === 'service' ? 'healthy after' : 'estimate'} ${formatDuration(source.ms)} (${estimateOrigin(source)})`;
}
