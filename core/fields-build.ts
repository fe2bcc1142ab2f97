/**
 * `build:` of a task or service, as docker compose writes it: a context folder (`build: ./app`),
 * or `{ context, dockerfile, args, target }`. The context is relative to the batch file's folder,
 * the Dockerfile relative to the context (and inside it: the engine reads it from the context's
 * archive). The unit runs the image built from it, tagged for this run only
 * (core/build-units.ts makes the build a unit of the schedule; the Docker backend builds it).
 *
 * A build is chosen before anything runs and is shared by every expansion of a matrix task, so
 * it takes no `${{ }}` (`build-expression`). `image:` beside it is refused (`build-with-image`):
 * compose would tag the built image with that name, but Gantry tags it per run, so that parallel
 * runs never see each other's image; the name would be a promise the run does not keep.
 */
import type { FieldRule } from './fields-read';
import { envMapping } from './fields-read';
import type { BuildSpec, Expression } from './model';
import { isMap } from './yaml-nodes';

/** Why a `dockerfile:` path is refused, by its text alone; undefined when it stays in the context. */
export function dockerfileProblem(dockerfile: string): string | undefined {
  if (dockerfile.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dockerfile)) return 'it must be a path inside the context, not an absolute path';
  const parts = dockerfile.split(/[\\/]+/);
  let depth = 0;
  for (const part of parts) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return 'it leaves the context ("..")';
  }
  if (depth === 0) return 'it names the context itself, not a file in it';
  return undefined;
}

export const readBuild: FieldRule = (r, f, what, ctx) => {
  const node = r.deref(f.value);
  const refuseExpressions = (text: string | undefined, range: BuildSpec['range']) => {
    if (text !== undefined && text.includes('${{')) {
      r.report('build-expression', `${what} cannot use \${{ }}: the image is built once, before any task runs, for every expansion.`, range);
      return true;
    }
    return false;
  };
  if (!node || !isMap(node)) {
    const context = r.string(f, what, node);
    if (context === undefined) return;
    if (context.trim() === '') return r.report('wrong-type', `${what} must name a context folder, e.g. ./app.`, f.valueRange);
    if (refuseExpressions(context, f.valueRange)) return;
    ctx.out.build = { context, args: {}, range: f.valueRange, contextRange: f.valueRange };
    return;
  }
  const e = r.entries(node, `"${what}"`, f.valueRange, 'build');
  if (!e) return;
  // Where each key is written, kept current when the unit is reused across edits (core/parse.ts).
  if (ctx.fields) for (const entry of e.values()) ctx.fields[`build.${entry.key}`] = entry.field();
  const contextEntry = e.get('context');
  if (!contextEntry) {
    r.report('wrong-type', `${what} needs a "context": the folder to build, e.g. { context: ./app }.`, f.valueRange);
    return;
  }
  const context = r.string(contextEntry, `${what}.context`);
  if (context === undefined || refuseExpressions(context, contextEntry.valueRange)) return;
  if (context.trim() === '') return r.report('wrong-type', `${what}.context must name a folder, e.g. ./app.`, contextEntry.valueRange);
  const spec: BuildSpec = { context, args: {}, range: f.valueRange, contextRange: contextEntry.valueRange };
  let ok = true;
  const dockerfileEntry = e.get('dockerfile');
  if (dockerfileEntry) {
    const dockerfile = r.string(dockerfileEntry, `${what}.dockerfile`);
    if (dockerfile === undefined || refuseExpressions(dockerfile, dockerfileEntry.valueRange)) ok = false;
    else {
      const problem = dockerfileProblem(dockerfile);
      if (problem) {
        r.report('build-dockerfile-outside', `${what}.dockerfile "${dockerfile}" is refused: ${problem}. The engine reads the Dockerfile from the context.`, dockerfileEntry.valueRange);
        ok = false;
      } else {
        spec.dockerfile = dockerfile;
        spec.dockerfileRange = dockerfileEntry.valueRange;
      }
    }
  }
  const targetEntry = e.get('target');
  if (targetEntry) {
    const target = r.string(targetEntry, `${what}.target`);
    if (target === undefined || refuseExpressions(target, targetEntry.valueRange)) ok = false;
    else spec.target = target;
  }
  const argsEntry = e.get('args');
  if (argsEntry) {
    const expressions: Expression[] = [];
    spec.args = envMapping(r, argsEntry, `${what}.args`, expressions);
    if (expressions.length > 0) {
      r.report('build-expression', `${what}.args cannot use \${{ }}: the image is built once, before any task runs, for every expansion.`, expressions[0].range);
      ok = false;
    }
  }
  if (ok) ctx.out.build = spec;
};
