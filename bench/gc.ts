/**
 * A full garbage collection between timed passes, so garbage one SDK left
 * behind is not collected on another SDK's clock. `npm run bench` runs without
 * `--expose-gc`, so the flag is switched on at run time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Returns a function that runs a full GC. */
export function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  // A fresh context picks up the flag and gets its own `gc`, which collects the whole isolate.
  return runInNewContext('gc') as () => void;
}
