/**
 * Connects a pipeline to the page's lifecycle. `pagehide` and the page
 * turning hidden are the last moments a page can reliably send anything
 * (`unload` and `beforeunload` do not fire on mobile and break the
 * back/forward cache), so both hand the queue to the beacon. Coming back
 * `online` flushes at once instead of waiting out a backoff.
 */
import type { EventPipeline } from '../events/pipeline-api.js';

/** Listens on `target` (default: the global `window`); returns a function that removes the listeners. */
export function attachPageLifecycle(
  pipeline: Pick<EventPipeline, 'flush' | 'flushOnUnload'>,
  target?: Window,
): () => void {
  const win = target ?? (globalThis as { window?: Window }).window;
  if (typeof win?.addEventListener !== 'function') return () => {};
  const doc = win.document as Document | undefined;

  const onOnline = (): void => {
    pipeline.flush().catch(() => {
      // flush never rejects; this only guards a custom pipeline.
    });
  };
  const listeners: [EventTarget | undefined, string, () => void][] = [
    [win, 'pagehide', () => pipeline.flushOnUnload()],
    [win, 'online', onOnline],
    [doc, 'visibilitychange', () => doc?.visibilityState === 'hidden' && pipeline.flushOnUnload()],
  ];
  const each = (method: 'addEventListener' | 'removeEventListener'): void => {
    for (const [on, type, listener] of listeners) on?.[method](type, listener);
  };
  each('addEventListener');
  return () => each('removeEventListener');
}
