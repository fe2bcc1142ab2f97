/** The action's post step: wires the process to runPost and sets the exit code. Nothing else. */
import { runPost } from './post-action';
import { loadBackend } from '../core/surface/engines';
import { escapeCommandData } from './logs';
import { sanitize } from '../core/sanitize';

runPost(process.env, loadBackend).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = sanitize(String(error instanceof Error ? error.message : error), { multiline: true, sgr: 'strip' });
    process.stdout.write(`::warning::${escapeCommandData(`Gantry post step: ${message}`)}\n`);
    process.exitCode = 0;
  },
);
