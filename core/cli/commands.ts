/** The command table. Each command lives in its own file. */
import type { Command } from './io';
import { run } from './run';
import { cleanup } from './cleanup';

export const commands: Record<string, Command> = {
  run,
  cleanup,
};
