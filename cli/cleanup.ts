/**
 * `gantry cleanup [--run ID] [--instance ID] [--force] [--engine E]`: removes the containers,
 * networks, volumes and temporary state folders that Gantry runs left behind (a crash, `kill -9`, a
 * lost CI runner), found by their labels — of runs whose gantry process is gone; `--force` takes
 * live runs too. On the Docker engine, or with `--engine swarm` on the swarm (core/surface/engines.ts).
 */
import { parseArgs } from 'node:util';
import { GantryError } from '../core/diagnostics';
import { isEngineName } from '../core/model';
import { engineChoice, loadBackend } from '../core/surface/engines';
import type { CliIo, Command } from './io';
import { EXIT, engineErrorLine } from './io';
import { engineFromFlag } from './load';

const USAGE = `Usage: gantry cleanup [--run ID] [--instance ID] [--force] [--engine E]

Remove the containers, networks, volumes and temporary state folders that Gantry runs left
behind, found by their labels (dev.gantry.run, dev.gantry.instance, dev.gantry.owner). A normal
or cancelled run removes its own; this is for runs that were killed or crashed. Runs whose gantry
process is still going (or that belong to another machine) are left alone and listed, and so
are runs that kept their failures with \`gantry run --keep-failed\` until --run ID names them.
The volumes a failed run kept for \`gantry run --resume\` are removed (that run has ended).

Options:
  --run ID        Only what run ID created (the folder name under .gantry/runs/); also a run
                  kept by --keep-failed.
  --instance ID   Only what runs of this instance created.
                  Default (neither): every Gantry run on this engine whose process is gone.
  --force         Also remove runs that are still going (their containers are killed).
  --engine E      Where to look: docker (the Docker engine the client points at) or swarm (the
                  Docker Swarm whose manager it points at): the engine the runs ran on.
                  Default: docker.

Exit codes: 0 removed (or nothing to remove), 1 something could not be removed,
2 usage error, 3 engine problem.
`;

export const cleanup: Command = {
  summary: 'Remove what crashed runs left on the Docker engine (or a Docker Swarm)',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    let values: { run?: string; instance?: string; force?: boolean; engine?: string };
    try {
      const parsed = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: { run: { type: 'string' }, instance: { type: 'string' }, force: { type: 'boolean' }, engine: { type: 'string' } },
      });
      values = parsed.values;
    } catch (error) {
      io.stderr.write(`gantry cleanup: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    const engine = engineFromFlag(values.engine);
    if (engine !== undefined && !isEngineName(engine)) {
      io.stderr.write(`gantry cleanup: ${engine}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    try {
      // Loaded here, not at the top: the Docker client costs the other commands start-up time.
      // No batch file here: --engine, else docker.
      const backend = await loadBackend(engineChoice(engine, undefined).name);
      // Every call aborts on SIGINT/SIGTERM, and gives up on an engine that does not answer.
      const connection = await backend.connect({ env: io.env, signal: io.signal });
      const force = values.force === true;
      if (force) io.stderr.write('gantry cleanup: --force: runs still going are removed too; their containers are killed.\n');
      const result = await connection
        .sweep(
          {
            ...(values.run !== undefined ? { runId: values.run } : {}),
            ...(values.instance !== undefined ? { instance: values.instance } : {}),
          },
          { force },
        )
        .finally(() => connection.close());
      const scope = values.run ? `run ${values.run}` : values.instance ? `instance ${values.instance}` : 'Gantry runs';
      if (result.removed.length === 0) io.stdout.write(`${scope}: nothing to remove\n`);
      const errors: string[] = [];
      for (const run of result.removed) {
        io.stdout.write(`run ${run.runId}: removed ${run.removed} (${run.why})\n`);
        errors.push(...run.errors);
      }
      for (const run of result.kept) {
        io.stdout.write(`run ${run.runId}: left alone, ${run.why}${run.keptFailed ? '' : ' (--force removes it)'}\n`);
      }
      for (const e of errors) io.stderr.write(`gantry cleanup: could not remove ${e}\n`);
      return errors.length ? EXIT.failed : EXIT.ok;
    } catch (error) {
      if (error instanceof GantryError && error.code === 'cancelled') {
        io.stderr.write('gantry cleanup: cancelled\n');
        return EXIT.cancelled;
      }
      if (!(error instanceof GantryError)) {
        io.stderr.write(`gantry cleanup: error: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim()}\n`);
        return EXIT.engine;
      }
      io.stderr.write(engineErrorLine(error));
      return EXIT.engine;
    }
  },
};
