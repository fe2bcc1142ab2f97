import { engineName } from '../../engine-names';

/**
 * The labels Gantry puts on everything it creates, so that a run (or every run of one instance:
 * a repository checkout, a CI job) can find and remove its leftovers — also after a crash.
 */

/** The run that created a container, network or volume. */
export const LABEL_RUN = 'dev.gantry.run';
/** The instance (checkout, CI job) the run belongs to; start-of-run cleanup uses it. */
export const LABEL_INSTANCE = 'dev.gantry.instance';
/** The unit (task expansion or service) a container runs. For people reading `docker ps`. */
export const LABEL_UNIT = 'dev.gantry.unit';
/** What a container or image that runs no unit is for (`netns-holder`: see docker-netns.ts). */
export const LABEL_ROLE = 'dev.gantry.role';
/** The process that owns the run (`<host>/<pid>/<start>`, see core/host/owner.ts): live runs are never swept. */
export const LABEL_OWNER = 'dev.gantry.owner';

/**
 * On the marker volume (`gantry-<run>-kept`) a `--keep-failed` run leaves beside what it kept: the
 * run has ended, and the sweep of dead runs leaves it alone (only `gantry cleanup --run ID` or
 * `--force` removes it).
 */
export const LABEL_KEPT = 'dev.gantry.kept';

/**
 * On the marker volume (`gantry-<run>-resume`) a run leaves beside the volumes it kept for
 * `gantry run --resume`: the run has ended, whatever its owner's state, so the leftover sweep (of
 * the next run, of `gantry cleanup`) removes what it kept. Not counted among removed volumes.
 */
export const LABEL_ENDED = 'dev.gantry.ended';

/** The engine's name of a run's `LABEL_ENDED` marker volume. */
export function endedMarker(runId: string): string {
  return engineName('gantry', runId, 'resume');
}

/**
 * On the marker volume (`gantry-<run>-borrowed-<resuming run>`) a `gantry run --resume` makes
 * while it mounts the volumes `<run>` kept: labelled with `<run>` (so it goes with them) and with
 * the resuming run's owner and id here. While that owner lives, the leftover sweep (another run of
 * the folder, `gantry cleanup`) leaves `<run>` alone, though it has ended.
 */
export const LABEL_BORROWED_BY = 'dev.gantry.borrowed-by';

/** The engine's name of the `LABEL_BORROWED_BY` marker of `runId`'s volumes while `by` resumes it. */
export function borrowedMarker(runId: string, by: string): string {
  return engineName('gantry', runId, 'borrowed', by);
}

/** The repository of the image Gantry makes for its network-slot holders (netns.ts). */
export const HOLDER_IMAGE_REPOSITORY = 'gantry-netns-holder';

/**
 * The reference of an image built in a run (build.ts's `buildTag`): `gantry-<run>-<name>:build`,
 * where a run id is `YYYYMMDD-HHMMSS-xxxx` (run-batch.ts's `newRunId`).
 */
const BUILT_IMAGE = /^gantry-\d{8}-\d{6}-[0-9a-f]{4}-[a-z0-9._-]+:build$/;

/**
 * True for an image Gantry made for itself, which no batch file should name (completion never
 * offers one): one labelled as Gantry's (the holder's role; a run's label on what a run built), or
 * one whose reference is of Gantry's making (`gantry-netns-holder:…`, `gantry-<run>-<name>:build`),
 * also when the engine's listing carries no labels.
 */
export function isGantryImage(reference: string, labels?: Record<string, string> | null): boolean {
  if (labels && (labels[LABEL_ROLE] !== undefined || labels[LABEL_RUN] !== undefined)) return true;
  // The repository is the reference up to its tag (a `:` after the last `/`: not a registry's port).
  const colon = reference.lastIndexOf(':');
  const repository = colon > reference.lastIndexOf('/') ? reference.slice(0, colon) : reference;
  return repository === HOLDER_IMAGE_REPOSITORY || BUILT_IMAGE.test(reference);
}

export function runLabels(runId: string, instance: string, owner?: string): Record<string, string> {
  return { [LABEL_RUN]: runId, [LABEL_INSTANCE]: instance, ...(owner !== undefined ? { [LABEL_OWNER]: owner } : {}) };
}

/** Engine list filter for what a run (or an instance) owns. */
export function labelFilter(selector: { runId?: string; instance?: string }): { label: string[] } {
  const label: string[] = [];
  if (selector.runId !== undefined) label.push(`${LABEL_RUN}=${selector.runId}`);
  if (selector.instance !== undefined) label.push(`${LABEL_INSTANCE}=${selector.instance}`);
  // Neither: everything Gantry ever created here (`gantry cleanup --all`).
  if (label.length === 0) label.push(LABEL_RUN);
  return { label };
}

export { engineName } from '../../engine-names';
