/**
 * What a batch file may ask of the host, checked like every other rule. `trusted` (the CLI's
 * default) allows everything; `strict` is for files nobody reviewed, e.g. from a fork's pull
 * request, and refuses what would let a container reach beyond its sandbox:
 *
 * - `privileged: true`                       → `policy-privileged`
 * - `network: host`                          → `policy-network-host`
 * - `cap-add` (any capability)               → `policy-cap-add`
 * - a bind of the Docker socket (a source path ending in `docker.sock`, such as
 *   /var/run/docker.sock or /run/docker.sock; control of the engine is control of the host)
 *                                            → `policy-docker-socket`
 * - a bind of a host path outside the batch file's folder → `policy-bind-outside`
 * - a `build:` context outside the batch file's folder → `policy-build-outside` (host/build-context.ts
 *   judges it again by its real path, and never follows a link out of it when it sends the context)
 * - an `env-file:` outside the batch file's folder → `policy-env-file-outside` (surface/env-file.ts
 *   judges it again by its real path, and refuses a link, a FIFO or a device, when it reads it)
 * - `capacity.engine: swarm` when the caller chose no engine → `policy-engine-swarm`: running on
 *   the swarm spreads the file's containers over every node of the organisation's swarm, beside
 *   whatever else runs there; a file nobody reviewed may not widen the runner's own engine to
 *   that. The workflow may (the action's `engine: swarm`, `gantry run --engine swarm`): then the
 *   file's value changes nothing. `docker` is the default anyway, so it is never refused.
 *
 * Paths are judged here by their text alone (`..` resolved, no file system access), so this check
 * is the same in the editor, the CLI and the action. Where the host is at hand (the CLI, the
 * action, and each container's creation) binds are judged again by their real paths, after every
 * symbolic link: core/host/binds.ts. docs/security.md says what strict promises. The policy names
 * themselves (`POLICIES`, `isPolicy`) are in core/policy.ts.
 */
import path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import type { Mount } from '../model';
import type { CheckContext } from './context';
import { DescribeUnit, fieldValueRange } from './ranges';

type Refuse = (code: string, message: string, range: Diagnostic['range']) => void;

/**
 * Diagnostics for everything `ctx.policy` refuses (none under `trusted`, the default), each at the
 * value that asks for it. `ctx.baseDir` is the batch file's folder (absolute); without it,
 * relative binds are judged against the folder itself (fine unless `..` leaves it) and every
 * absolute bind counts as outside.
 */
export function checkPolicy(ctx: CheckContext): Diagnostic[] {
  if (ctx.policy !== 'strict') return [];
  const diagnostics: Diagnostic[] = [];
  const refuse: Refuse = (code, message, range) => {
    diagnostics.push({ code, message: `${message} The strict policy refuses it (the file is not trusted).`, severity: 'error', range });
  };
  const engine = ctx.file.engine;
  if (engine?.name === 'swarm' && ctx.engine === undefined) {
    refuse(
      'policy-engine-swarm',
      'capacity.engine asks to run on the Docker Swarm, which only the workflow may choose: the action\'s `engine: swarm` input, or `gantry run --engine swarm`.',
      engine.range,
    );
  }
  for (const envFile of ctx.file.envFiles) {
    if (isInside(envFile.path, ctx.baseDir)) continue;
    refuse(
      'policy-env-file-outside',
      `env-file "${envFile.path}" is outside the batch file's folder. Put the dotenv file beside the batch file, or pass the variables in the workflow step's env:.`,
      envFile.range,
    );
  }
  for (const spec of ctx.all) {
    const who = DescribeUnit(spec);
    if (spec.privileged) refuse('policy-privileged', `${who} asks to run privileged.`, fieldValueRange(spec, 'privileged'));
    if (spec.network === 'host') refuse('policy-network-host', `${who} asks for the host's network.`, fieldValueRange(spec, 'network'));
    if (spec.capAdd.length > 0) {
      refuse('policy-cap-add', `${who} asks for extra capabilities (${spec.capAdd.join(', ')}).`, fieldValueRange(spec, 'cap-add'));
    }
    for (const mount of spec.volumes) checkMount(who, mount, ctx.baseDir, refuse);
    if (spec.build && !isInside(spec.build.context, ctx.baseDir)) {
      refuse(
        'policy-build-outside',
        `${who} builds from "${spec.build.context}", which is outside the batch file's folder. Build from a folder inside it.`,
        spec.fields['build.context']?.value ?? fieldValueRange(spec, 'build'),
      );
    }
  }
  return diagnostics;
}

function checkMount(who: string, mount: Mount, baseDir: string | undefined, refuse: Refuse): void {
  if (mount.kind !== 'bind') return;
  const source = path.posix.normalize(mount.source);
  if (source.replace(/\/+$/, '').endsWith('docker.sock')) {
    refuse('policy-docker-socket', `${who} binds the Docker socket "${mount.source}", which gives control of the engine and the host.`, mount.sourceRange);
    return;
  }
  if (!isInside(mount.source, baseDir)) {
    refuse(
      'policy-bind-outside',
      `${who} binds "${mount.source}", which is outside the batch file's folder. Bind a path inside it (such as ./) or use a named volume.`,
      mount.sourceRange,
    );
  }
}

/** Whether `source` (relative to `baseDir`, or absolute) stays within `baseDir`, by text alone. */
export function isInside(source: string, baseDir?: string): boolean {
  // A Windows folder (from the editor) compared with posix binds: normalise the separators.
  const base = baseDir === undefined ? undefined : path.posix.normalize(baseDir.replace(/\\/g, '/'));
  if (source.startsWith('/')) {
    if (base === undefined || !base.startsWith('/')) return false;
    const relative = path.posix.relative(base, path.posix.normalize(source));
    return relative !== '..' && !relative.startsWith('../') && !path.posix.isAbsolute(relative);
  }
  const normal = path.posix.normalize(source);
  return normal !== '..' && !normal.startsWith('../');
}
