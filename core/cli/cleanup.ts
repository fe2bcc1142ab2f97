/**
 * `gantry cleanup [--run ID] [--instance ID]`: removes the containers, networks and volumes that
 * Gantry runs left behind (a crash, `kill -9`, a lost CI runner), found by their labels.
 */
import { parseArgs } from 'node:util';
import { GantryError } from '../diagnostics';
import type { CliIo, Command } from './io';
import { EXIT } from './io';

const USAGE = `Usage: gantry cleanup [--run ID] [--instance ID]

Remove the containers, networks and volumes Gantry runs left behind, found by their labels
(dev.gantry.run, dev.gantry.instance). A normal or cancelled run removes its own; this is for
runs that were killed or crashed.

Options:
  --run ID        Only what run ID created (the folder name under .gantry/runs/).
  --instance ID   Only what runs of this instance created.
                  Default (neither): everything any Gantry run created on this engine —
                  including runs still going.

Exit codes: 0 removed (or nothing to remove), 1 something could not be removed,
2 usage error, 3 Docker engine problem.
`;

export const cleanup: Command = {
  summary: 'Remove what crashed runs left on the Docker engine',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    let values: { run?: string; instance?: string };
    try {
      const parsed = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { run: { type: 'string' }, instance: { type: 'string' } } });
      values = parsed.values;
    } catch (error) {
      io.stderr.write(`gantry cleanup: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    try {
      // Loaded here, not at the top: the Docker client costs the other commands start-up time.
      const { connectEngine } = await import('../executors/docker-engine');
      const { cleanupRun } = await import('../executors/docker-cleanup');
      const docker = await connectEngine(io.env);
      const result = await cleanupRun(docker, {
        ...(values.run !== undefined ? { runId: values.run } : {}),
        ...(values.instance !== undefined ? { instance: values.instance } : {}),
      });
      const scope = values.run ? `run ${values.run}` : values.instance ? `instance ${values.instance}` : 'all Gantry runs';
      const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
      io.stdout.write(
        `${scope}: removed ${count(result.containers, 'container')}, ${count(result.networks, 'network')}, ${count(result.volumes, 'volume')}\n`,
      );
      for (const e of result.errors) io.stderr.write(`gantry cleanup: could not remove ${e}\n`);
      return result.errors.length ? EXIT.failed : EXIT.ok;
    } catch (error) {
      if (!(error instanceof GantryError)) {
        io.stderr.write(`gantry cleanup: error: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT.engine;
      }
      io.stderr.write(`gantry: error: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}\n`);
      return EXIT.engine;
    }
  },
};
