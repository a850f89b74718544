/**
 * Browser storage, cookies and beacons throw in many ways a page must
 * survive (disabled, full, sandboxed, blocked by privacy settings), and the
 * event pipeline calls functions the app injects: such calls go through
 * {@link quietly}. It lives beside the I/O interfaces because both the
 * pipeline (src/events) and the adapters use it, and events must not depend
 * on adapters.
 */

/** `run()`, or `undefined` when it throws. */
export function quietly<T>(run: () => T): T | undefined;
/** `run()`, or `fallback` when it throws. */
export function quietly<T>(run: () => T, fallback: T): T;
export function quietly<T>(run: () => T, fallback?: T): T | undefined {
  try {
    return run();
  } catch {
    return fallback;
  }
}
