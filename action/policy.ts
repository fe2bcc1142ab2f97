/**
 * `policy: auto` chooses per event: a pull request whose head comes from a fork runs code nobody with
 * write access has reviewed, so its batch file must not reach the host (privileged, host network,
 * capabilities, the Docker socket, paths outside the workspace). `pull_request_target` counts too:
 * it runs with a write token, which makes an untrusted file more dangerous, not less.
 */
import type { Policy } from '../core/model';
import { PULL_REQUEST_EVENTS, type RunContext } from './event';
import type { PolicyInput } from './inputs';

export interface PolicyChoice {
  policy: Policy;
  /** For the log: why this policy. */
  why: string;
}

export function choosePolicy(input: PolicyInput, context: Pick<RunContext, 'eventName' | 'pullRequest'>): PolicyChoice {
  if (input !== 'auto') return { policy: input, why: `policy: ${input} (input)` };
  if (!PULL_REQUEST_EVENTS.has(context.eventName)) return { policy: 'trusted', why: `policy: trusted (auto: ${context.eventName || 'no'} event)` };
  // An unreadable payload is treated like a fork: fail safe.
  if (!context.pullRequest) return { policy: 'strict', why: 'policy: strict (auto: pull request payload unreadable)' };
  return context.pullRequest.fromFork
    ? { policy: 'strict', why: `policy: strict (auto: pull request #${context.pullRequest.number} comes from a fork)` }
    : { policy: 'trusted', why: `policy: trusted (auto: pull request #${context.pullRequest.number} from this repository)` };
}
