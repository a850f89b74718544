/** Delays of the source's schedule: jittered polls, and retries after errors with full jitter. */

/** `intervalMs` ± 10%, so that many clients started together do not poll in lockstep. */
export function jittered(intervalMs: number, random: () => number): number {
  return intervalMs * (0.9 + 0.2 * random());
}

/**
 * Full jitter (a uniform delay up to an exponentially growing cap): after an outage, clients come back
 * spread out instead of all at once. `failures` counts consecutive failures, from 1.
 */
export function fullJitter(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  return random() * Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}
