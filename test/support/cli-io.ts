/** A `CliIo` over string buffers, for running CLI commands in-process. */
import { Writable } from 'node:stream';
import type { CliIo } from '../../cli/io';
import { main } from '../../cli/main';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

function buffer(extra: { isTTY?: boolean; columns?: number } = {}) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream: Object.assign(stream, extra), text: () => chunks.join('') };
}

/** Runs `gantry argv` in-process; `env` is the whole environment it sees (default: empty). */
export async function runCli(argv: string[], options: { cwd: string; columns?: number; env?: NodeJS.ProcessEnv }): Promise<Captured> {
  const out = buffer({ isTTY: options.columns !== undefined, columns: options.columns });
  const err = buffer();
  const io: CliIo = { stdout: out.stream, stderr: err.stream, cwd: options.cwd, env: options.env ?? {}, signal: new AbortController().signal };
  const code = await main(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** `runCli` as a CI job would run it: PATH and HOME of this process, `CI=true`, and `env` on top. */
export function runCliInCi(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Captured> {
  return runCli(argv, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...env } });
}
