/**
 * Bind mounts judged by what they are on the host, not by their text.
 *
 * `core/checks/policy.ts` judges a bind's text (the editor has no file system to ask); a checkout can
 * still hold `engine -> /var/run/docker.sock` or `etc -> /etc`, so wherever the host is at hand
 * (`gantry validate|plan|run`, the action, and again when each container is created, since a
 * running task can make new links) the source is resolved through every link and judged by its
 * real path:
 *
 * - under `strict`, the real path must stay inside the batch file's folder (`policy-bind-outside`)
 *   and must not be a socket (`policy-docker-socket` for the engine's, `policy-bind-socket` for any
 *   other) or a device (`policy-bind-device`);
 * - under `strict`, any bind into a folder Gantry keeps for itself (`.gantry`: runs, history, task
 *   cache), read-only too (`policy-bind-gantry`);
 * - under any policy, a read-write bind into a folder Gantry keeps for itself (the run folders
 *   under `.gantry/`, the run's state folder) is refused (`bind-run-folder`): the run folder is
 *   never writable from a container;
 * - the engine is handed the real path, so a link swapped in later is not followed by the engine;
 * - every folder Gantry keeps for itself that lies inside a bound folder is covered by an empty
 *   read-only tmpfs at its place in the container (`covers`).
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import type { BatchFile, Mount, Policy } from '../model';
import { allUnits } from '../checks/context';
import { DescribeUnit } from '../checks/ranges';
import { coveredTargets, isWithin } from './files';

export interface HostBindRules {
  /** The batch file's folder: relative sources resolve against it; under strict, binds stay in it. */
  baseDir: string;
  policy: Policy;
  /** Host folders (real paths) containers must never write: `.gantry/`, the state folder. */
  hidden: readonly string[];
}

export type ResolvedBind =
  | { ok: true; /** The real path handed to the engine. */ source: string; /** Container paths to cover. */ covers: string[] }
  | { ok: false; code: string; message: string };

/** Resolves one bind and judges it (see the module's comment). `who` names the unit in messages. */
export function resolveBind(mount: Mount, rules: HostBindRules, who = 'A unit'): ResolvedBind {
  const path = resolve(rules.baseDir, mount.source);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    // Missing: the engine refuses a bind of a missing path ("bind source path does not exist"),
    // so nothing is mounted; the message the user sees is the engine's.
    return { ok: true, source: path, covers: [] };
  }
  const via = real === path ? '' : `, which is ${real} on this machine,`;
  const strict = rules.policy === 'strict';
  const refuse = (code: string, what: string): ResolvedBind => ({
    ok: false,
    code,
    message: `${who} binds "${mount.source}"${via} ${what}`,
  });
  if (strict) {
    let kind: 'socket' | 'device' | 'other' = 'other';
    try {
      const stat = statSync(real);
      kind = stat.isSocket() ? 'socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'device' : 'other';
    } catch {
      // Gone between the two calls: the engine will say so.
    }
    const strictly = ' The strict policy refuses it (the file is not trusted).';
    if (kind === 'socket' && basename(real).endsWith('docker.sock')) {
      return refuse('policy-docker-socket', `a Docker engine socket, which gives control of the engine and the host.${strictly}`);
    }
    if (kind === 'socket') return refuse('policy-bind-socket', `a socket of a host process.${strictly}`);
    if (kind === 'device') return refuse('policy-bind-device', `a host device.${strictly}`);
    let workspace: string;
    try {
      workspace = realpathSync(rules.baseDir);
    } catch {
      workspace = rules.baseDir;
    }
    if (!isWithin(real, workspace)) {
      return refuse('policy-bind-outside', `outside the batch file's folder.${strictly} Bind a folder inside it or use a named volume.`);
    }
    // Read-only too: the runs, history and task cache are not a fork's to read (or to learn the
    // cache's keys from).
    if (rules.hidden.some((folder) => isWithin(real, folder))) {
      return refuse('policy-bind-gantry', `into Gantry's own folder (.gantry: runs, history, task cache).${strictly}`);
    }
  }
  if (!mount.readOnly && rules.hidden.some((folder) => isWithin(real, folder))) {
    return refuse('bind-run-folder', 'read-write into Gantry\'s run folders, which containers may not write. Bind it read-only (`:ro`) or bind another folder.');
  }
  return { ok: true, source: real, covers: coveredTargets(real, mount.target, rules.hidden) };
}

/** Diagnostics for every bind of `file` that `resolveBind` refuses, each at the bind's source. */
export function checkHostBinds(file: BatchFile, rules: HostBindRules): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const spec of allUnits(file)) {
    for (const mount of spec.volumes) {
      if (mount.kind !== 'bind') continue;
      const resolved = resolveBind(mount, rules, DescribeUnit(spec));
      if (!resolved.ok) diagnostics.push({ code: resolved.code, message: resolved.message, severity: 'error', range: mount.sourceRange });
    }
  }
  return diagnostics;
}

/** The real paths of the folders containers must never write, for those of `paths` that exist. */
export function realFolders(paths: readonly string[]): string[] {
  const real: string[] = [];
  for (const path of paths) {
    try {
      real.push(realpathSync(path));
    } catch {
      // Not made yet: nothing to hide (it will be made before any container starts).
    }
  }
  return real;
}
