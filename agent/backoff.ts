import { errorBackoffMsMax, errorBackoffMsMin, tickMsWaiting } from "./constants.ts";

/**
 * Poll interval while waiting for something outside: grows ×2 from 200 ms up to this. At 1 s,
 * six waiting agents make ~6 SSM reads per second (the default quota is 40) and a cluster forms
 * within about a second of its last replica registering.
 */
const waitPollMsMax = 1_000;

/**
 * Exponential backoff with "equal jitter": half fixed, half random, so many agents polling the
 * same SSM path spread out instead of retrying in step. `random` is uniform in [0, 1).
 */
export function jitteredBackoffMs(attempt: number, minMs: number, maxMs: number,
  random: number): number {
  const exponent = Math.min(Math.max(attempt, 0), 16);
  const ceilingMs = Math.min(maxMs, minMs * 2 ** exponent);
  return Math.round(ceilingMs / 2 + (ceilingMs / 2) * random);
}

export function waitPollMs(waitTicks: number, random: number): number {
  return jitteredBackoffMs(waitTicks, tickMsWaiting, waitPollMsMax, random);
}

export function errorBackoffMs(errorCount: number, random: number): number {
  return jitteredBackoffMs(errorCount - 1, errorBackoffMsMin, errorBackoffMsMax, random);
}
