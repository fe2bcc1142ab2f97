/**
 * The `gantry` command: wires the process to the commands and sets the exit code. Nothing else.
 */
import { main } from './main';
import { failureLines } from './io';
import { classifyError } from '../core/surface/classify';

// The first signal cancels (cleanly, with a grace); the second stops at once, still removing
// what the run made; the third quits without waiting for that (`gantry cleanup` removes it).
const controller = new AbortController();
const force = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    signals += 1;
    if (signals === 1) controller.abort(sig);
    else if (signals === 2) force.abort(sig);
    else process.kill(process.pid, 'SIGKILL');
  });
}

// A reader that went away (`gantry plan | head -1`) is not an error of ours: output stops, the
// command goes on (a run still stops and removes its containers) and ends with its own code.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
  force: force.signal,
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
