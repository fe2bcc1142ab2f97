/**
 * Which process owns a run, and whether it is still alive.
 *
 * Two `gantry run`s in one folder share an instance; the start-of-run sweep and `gantry cleanup`
 * must remove only what belongs to runs whose owner is gone (a crash, `kill -9`, a lost runner),
 * never a live run's containers. Every resource of a run carries `dev.gantry.owner=<host>/<pid>/
 * <start>`: the host name, the process id and the process's start time (Linux: field 22 of
 * /proc/<pid>/stat, so a reused pid is not mistaken for the owner). A run's state folder holds the
 * same text in a file named `owner`.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** `alive`: the owner runs; `gone`: it does not; `unknown`: another host's (left alone). */
export type OwnerState = 'alive' | 'gone' | 'unknown';

/** This process as an owner: `<host>/<pid>/<start>`. */
export function currentOwner(): string {
  return `${hostname()}/${process.pid}/${processStart(process.pid) ?? ''}`;
}

/**
 * The state of an owner label. Resources without one (made by a Gantry before owners were
 * recorded) count as `gone`: that Gantry removed them at the start of every run too.
 */
export function ownerState(owner: string | undefined, host = hostname()): OwnerState {
  if (owner === undefined || owner === '') return 'gone';
  const match = /^(.*)\/(\d+)\/(\d*)$/.exec(owner);
  if (!match) return 'unknown';
  const [, ownerHost, pidText, start] = match;
  if (ownerHost !== host) return 'unknown';
  const pid = Number(pidText);
  if (!isRunning(pid)) return 'gone';
  if (start !== '') {
    const now = processStart(pid);
    if (now !== undefined && now !== start) return 'gone';
  }
  return 'alive';
}

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process's start time in clock ticks since boot (Linux), or undefined elsewhere. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses; fields restart after the last `)`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
