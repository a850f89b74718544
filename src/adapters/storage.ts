/**
 * KeyValueStorage implementations: the page's localStorage, a first-party
 * cookie (cookie-storage.ts), or memory. None throws: browsers throw from
 * storage when it is disabled, full or blocked by privacy settings, and a
 * storage failure must never break the app.
 */
import type { KeyValueStorage } from '../io/storage.js';
import { quietly } from '../io/quietly.js';

export { createCookieStorage } from './cookie-storage.js';
export type { CookieStorageOptions } from './cookie-storage.js';

const PROBE_KEY = 'splitkit.probe';

/**
 * localStorage (or any Web Storage passed in), or undefined when it cannot
 * be used: missing (Node, some webviews), throwing on access (SecurityError
 * in sandboxed frames and blocked third-party contexts), or refusing writes
 * while empty (quota 0 in some private modes). A full one is used: it still
 * holds what earlier visits stored (a device id), and its writes return false.
 */
export function createLocalStorage(storage?: Storage): KeyValueStorage | undefined {
  const web = quietly(() => {
    const target = storage ?? (globalThis as { localStorage?: Storage }).localStorage;
    try {
      target?.setItem(PROBE_KEY, '1');
      target?.removeItem(PROBE_KEY);
    } catch (error) {
      if (!(target!.length > 0)) throw error;
    }
    return target;
  });
  if (!web) return undefined;
  const kv: KeyValueStorage = {
    get: (key) => quietly(() => web.getItem(key), null),
    // False on QuotaExceededError, or when storage was revoked since the probe.
    set: (key, value) =>
      quietly(() => {
        web.setItem(key, value);
        return true;
      }, false),
    // When removing fails the value stays, and get() still answers.
    remove: (key) => quietly(() => web.removeItem(key)),
  };
  // A Storage that cannot list its keys (a stand-in without `key`) keeps the event queues of all tabs under one key.
  if (typeof web.key === 'function')
    kv.keys = () => quietly(() => Array.from({ length: web.length }, (_, i) => web.key(i) as string), []);
  return kv;
}

/** A storage that lives as long as the page or process: for tests, servers, or when nothing else is allowed. */
export function createMemoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set(key, value) {
      values.set(key, value);
      return true;
    },
    remove(key) {
      values.delete(key);
    },
    keys: () => [...values.keys()],
  };
}
