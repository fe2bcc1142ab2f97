/**
 * The action's main step: wires the process to runAction (or, for `mode: publish`, runPublishAction)
 * and sets the exit code. Nothing else.
 *
 * The runner cancels a job with SIGINT, then SIGTERM some seconds later, then kills it. Both
 * signals abort the run, which stops its containers and removes what it created; a second signal
 * does not force an exit — cleanup is what the remaining seconds are for, and the post step removes
 * anything left even if this process is killed.
 */
import * as core from '@actions/core';
import { runAction } from './run-action';
import { runPublishAction } from './publish';
import { escapeCommandData } from './logs';
import { sanitize } from '../core/sanitize';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort(signal));

// `mode: publish` writes the comment from uploaded reports (./publish.ts); anything else, an invalid
// value included (refused with the input named), goes to the run.
const step = core.getInput('mode').trim() === 'publish' ? runPublishAction : runAction;
step({ env: process.env, cwd: process.cwd(), signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runAction reports its own errors; this is for one in the reporting itself.
    const message = sanitize(String(error instanceof Error ? (error.stack ?? error.message) : error), { multiline: true, sgr: 'strip' });
    process.stdout.write(`::error::${escapeCommandData(`Gantry: internal error: ${message}`)}\n`);
    process.exitCode = 70;
  },
);
