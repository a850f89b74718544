/**
 * Remembers which exposures were logged so the same user seeing the same
 * result again does not log it again. A bounded LRU: past `maxEntries` the
 * least recently seen key is forgotten, so memory stays flat on a server
 * that sees millions of users (a forgotten key logs once more, which the
 * analysis tolerates; unbounded memory it would not). With `ttlMs`, a key
 * logs again once its window has passed.
 */

/** Decides whether an exposure key should be logged now. */
export interface ExposureDeduper {
  /** True the first time `key` is seen (or its window has passed); false for a repeat. */
  shouldLog(key: string): boolean;
  /** Forgets every key. */
  clear(): void;
  /** Keys remembered. */
  size(): number;
}

/** Options of {@link createExposureDeduper}. */
export interface ExposureDeduperOptions {
  /** Keys remembered at most. Default 10,000. */
  maxEntries?: number;
  /** A key logs again this long after it last logged. Default: never. */
  ttlMs?: number;
  /** Clock for `ttlMs`. Default `Date.now`. */
  now?: () => number;
}

/** Default of `maxEntries`. */
export const DEFAULT_DEDUPE_ENTRIES = 10_000;

interface Entry {
  key: string;
  loggedAt: number;
  /** Towards the most recently seen. */
  newer: Entry | undefined;
  /** Towards the least recently seen. */
  older: Entry | undefined;
}

/** Creates a bounded exposure deduper. */
export function createExposureDeduper(options: ExposureDeduperOptions = {}): ExposureDeduper {
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_DEDUPE_ENTRIES));
  const ttlMs = options.ttlMs;
  const now = options.now ?? Date.now;
  // A Map for lookup plus a doubly linked list for recency: every operation is O(1). (Evicting
  // through Map iteration order is not: deleted slots pile up at its front until V8 rehashes.)
  const entries = new Map<string, Entry>();
  let newest: Entry | undefined;
  let oldest: Entry | undefined;

  const unlink = (entry: Entry): void => {
    if (entry.newer) entry.newer.older = entry.older;
    else newest = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else oldest = entry.newer;
    entry.newer = entry.older = undefined;
  };
  const pushNewest = (entry: Entry): void => {
    entry.older = newest;
    if (newest) newest.newer = entry;
    newest = entry;
    if (!oldest) oldest = entry;
  };

  return {
    shouldLog(key) {
      const time = ttlMs === undefined ? 0 : now();
      const entry = entries.get(key);
      if (entry) {
        unlink(entry);
        pushNewest(entry);
        if (ttlMs === undefined || time - entry.loggedAt < ttlMs) return false;
        entry.loggedAt = time;
        return true;
      }
      let fresh: Entry;
      if (entries.size >= maxEntries && oldest) {
        // Reuse the evicted entry: a full deduper allocates nothing per new key.
        fresh = oldest;
        unlink(fresh);
        entries.delete(fresh.key);
        fresh.key = key;
        fresh.loggedAt = time;
      } else {
        fresh = { key, loggedAt: time, newer: undefined, older: undefined };
      }
      entries.set(key, fresh);
      pushNewest(fresh);
      return true;
    },
    clear() {
      entries.clear();
      newest = oldest = undefined;
    },
    size() {
      return entries.size;
    },
  };
}
