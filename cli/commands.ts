/** The command table. Each command lives in its own file. */
import type { Command } from './io';
import { run } from './run';
import { cleanup } from './cleanup';
import { validateCommand } from './validate';
import { planCommand } from './plan';
import { logs } from './logs';

export const commands: Record<string, Command> = {
  validate: validateCommand,
  plan: planCommand,
  run,
  cleanup,
  logs,
};
