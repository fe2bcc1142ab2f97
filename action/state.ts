/**
 * Names of the values the main step saves for the post step (`core.saveState` → `STATE_<name>`).
 * Saved before the run starts, so a main step killed with SIGKILL still leaves the post step what it
 * needs to find the run's containers, networks and volumes by label.
 */
export const STATE = {
  /** The run id: the `dev.gantry.run` label on everything the run created. */
  runId: 'run-id',
  /**
   * The engine the run went to (`docker`, `swarm`): the post step sweeps the same one. Unset (a main
   * step that stopped before choosing): docker.
   */
  engine: 'engine',
  /** The instance label (`dev.gantry.instance`). */
  instance: 'instance',
  /** report.json of the run (absolute). */
  report: 'report',
  /** The batch file as shown in annotations and the comment marker. */
  file: 'file',
  /** `true` once main has written its outputs and summary. */
  finished: 'finished',
  /** What the post step saves to the Actions cache (./run-cache.ts `cacheState`); unset: nothing. */
  cache: 'cache',
} as const;
