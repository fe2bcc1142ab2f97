/**
 * The `gantry` command: wires the process to the commands and sets the exit code. Nothing else.
 */
import { main } from './main';
import { failureLines } from './io';
import { classifyError } from '../core/surface/classify';

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
    // Commands report their own errors; what escapes them is classified as the action does (a bug: 70).
    const failure = classifyError(error);
    process.stderr.write(failureLines(failure));
    process.exitCode = failure.exitCode;
  },
);
