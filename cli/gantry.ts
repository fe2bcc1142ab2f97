/**
 * The `gantry` command: wires the process to the commands and sets the exit code. Nothing else.
 */
import { main } from './main';

const controller = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    signals += 1;
    // A second signal forces: the user asked twice.
    if (signals > 1) process.kill(process.pid, 'SIGKILL');
    controller.abort(sig);
  });
}

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gantry: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
