/**
 * Dispatches `gantry <command> …` to one module per command.
 */
import type { CliIo, Command } from './io';
import { EXIT } from './io';
import { commands } from './commands';

const VERSION = '0.1.0';

function help(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    'Usage: gantry <command> [options]',
    '',
    'Run a batch of containers (gantry.yml): a DAG of tasks packed against this machine\'s capacity.',
    '',
    'Commands:',
    ...rows,
    '',
    'Run `gantry <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name === undefined ? EXIT.invalid : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command: Command | undefined = (commands as Record<string, Command>)[name];
  if (!command) {
    io.stderr.write(`gantry: unknown command "${name}"\n\n${help()}`);
    return EXIT.invalid;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return EXIT.ok;
  }
  return command.run(rest, io);
}
