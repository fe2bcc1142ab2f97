/**
 * `gantry validate FILE...`: prints every problem of each file as `FILE:LINE:COL: error|warning:
 * message [code]` on stderr; exit 0 when no file has an error, 2 otherwise.
 */
import { parseArgs } from 'node:util';
import type { CliIo, Command } from './io';
import { EXIT } from './io';
import { engineFromFlag, loadBatchFile, policyFromFlag } from './load';
import { isEngineName } from '../core/model';
import { isPolicy } from '../core/policy';

const USAGE = `Usage: gantry validate FILE... [options]

Check batch files without running anything: YAML syntax, keys, types, quantities, durations,
names, needs, cycles, expressions, and that every task fits the capacity (the file's, else this
machine's). Problems go to stderr as FILE:LINE:COL: error|warning: message [code].

Options:
  --policy P        trusted (default) or strict: refuse privileged, host network, cap-add and
                    host binds outside the file's folder, as untrusted files (from forks) must be.
  --pass-env NAME   Under --policy strict, allow \${{ env.NAME }} for this variable, as the
                    action's pass-env input does; repeat for several.
  --engine E        docker or swarm: the engine the run will be given (gantry run --engine, the
                    action's engine: input). Under --policy strict the file alone may not choose
                    swarm; with this, its capacity.engine is not refused. Default: none.

Exit codes: 0 no errors (warnings allowed), 2 an error in some file or a usage error.
`;

export const validateCommand: Command = {
  summary: 'Check batch files and print every problem with its place',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    let values: { policy?: string; 'pass-env'?: string[]; engine?: string };
    let files: string[];
    try {
      ({ values, positionals: files } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { policy: { type: 'string' }, 'pass-env': { type: 'string', multiple: true }, engine: { type: 'string' } } }));
    } catch (error) {
      io.stderr.write(`gantry validate: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    const policy = policyFromFlag(values.policy);
    if (files.length === 0 || !isPolicy(policy)) {
      io.stderr.write(`gantry validate: ${files.length === 0 ? 'missing the batch FILE' : policy}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    const engine = engineFromFlag(values.engine);
    if (engine !== undefined && !isEngineName(engine)) {
      io.stderr.write(`gantry validate: ${engine}\n\n${USAGE}`);
      return EXIT.invalid;
    }
    const passEnv = (values['pass-env'] ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
    let code: number = EXIT.ok;
    for (const file of files) {
      const loaded = loadBatchFile(file, io, { policy, passEnv, ...(engine ? { engine } : {}) });
      if (!loaded.ok) {
        code = loaded.code;
        continue;
      }
      const units = loaded.validation.graph.units;
      const tasks = units.filter((u) => u.kind === 'task').length;
      const services = units.length - tasks;
      io.stdout.write(`${file}: ok (${tasks} ${tasks === 1 ? 'task' : 'tasks'}, ${services} ${services === 1 ? 'service' : 'services'})\n`);
    }
    return code;
  },
};
