/**
 * The action's masking is the core's (core/mask.ts): the github-token and the run's secrets are
 * registered with the runner and masked in everything the action writes.
 */
export { MIN_LINE, Masker, maskSecret, maskValues } from '../core/mask';
