/**
 * The pipeline's own timers are unref'd so an idle pipeline never keeps Node
 * running. A shutdown the app awaits is different: while it waits out a
 * backoff, nothing else may be holding the event loop open, and Node would
 * exit with the shutdown unresolved and its events lost. This holds the
 * process open until the shutdown settles.
 */

/** Keeps the host from exiting for up to `ms`; call the returned function to release. */
export function holdProcessOpen(ms: number): () => void {
  // A referenced no-op timer (a plain host timer is referenced in Node; browsers ignore the notion).
  const handle = globalThis.setTimeout(() => {}, ms);
  return () => globalThis.clearTimeout(handle);
}
