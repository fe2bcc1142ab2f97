/** The action's post step: wires the process to runPost and sets the exit code. Nothing else. */
import { runPost } from './post-action';

runPost(process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stdout.write(`::warning::Gantry post step: ${String(error instanceof Error ? error.message : error)}\n`);
    process.exitCode = 0;
  },
);
