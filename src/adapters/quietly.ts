/**
 * Browser storage, cookies and beacons throw in many ways a page must
 * survive (disabled, full, sandboxed, blocked by privacy settings): the
 * adapters run such calls through {@link quietly}.
 */

/** `run()`, or `fallback` when it throws. */
export function quietly<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
