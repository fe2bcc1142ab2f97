/** The command table. Each command lives in its own file. */
import type { Command } from './io';

export const commands: Record<string, Command> = {};
