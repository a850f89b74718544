/**
 * Time and timers, injected so tests can use fake timers and so Node timers
 * can be `unref`'d (an idle client never keeps a process alive).
 */
export interface Scheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Longest delay host timers support (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Timers of the host runtime; in Node they are unref'd. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    // Capped here, for every caller: a longer delay (Infinity for "wait for the network", a poll interval of
    // years) would fire at once, and a poll loop would spin.
    const handle = setTimeout(callback, Math.min(ms, MAX_TIMER_MS)) as unknown as { unref?: () => void };
    // Node's timers keep the event loop alive unless unref'd; browsers return a number, which has no unref.
    handle.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  },
};
