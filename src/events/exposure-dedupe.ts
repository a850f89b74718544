/**
 * Remembers which exposures were logged so the same user seeing the same
 * result again does not log it again. A bounded LRU: past `maxEntries` the
 * least recently seen key is forgotten, so memory stays flat on a server
 * that sees millions of users (a forgotten key logs once more, which the
 * analysis tolerates; unbounded memory it would not). With `ttlMs`, a key
 * logs again once its window has passed.
 *
 * Keys come in two parts, a unit id and what the unit was exposed to, so the
 * client never builds a combined string per read: it passes the unit id it
 * already holds (whose hash V8 caches on the string) and a short description
 * of the exposure that many units share.
 */

/** Decides whether an exposure key should be logged now. */
export interface ExposureDeduper {
  /** True the first time `key` is seen (or its window has passed); false for a repeat. */
  shouldLog(key: string): boolean;
  /**
   * {@link ExposureDeduper.shouldLog} for the key made of `unit` and `exposure`
   * (e.g. the entity, result and rule), without building that key.
   */
  shouldLogFor(unit: string, exposure: string): boolean;
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

/** Creates a bounded exposure deduper. */
export function createExposureDeduper(options: ExposureDeduperOptions = {}): ExposureDeduper {
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_DEDUPE_ENTRIES));
  const { ttlMs, now = Date.now } = options;
  /** The slot of every remembered unit, by exposure. */
  let groups: Map<string, Map<string, number>>;
  // Each remembered key is a slot (1, 2, …) in arrays of numbers and strings, and recency is a
  // doubly linked list through `newer` and `older`: every operation is O(1), a full deduper
  // allocates nothing per new key, and the GC has no per-key objects to trace. (A Map's own
  // insertion order is no LRU: evicting from its front leaves deleted slots there that every
  // later eviction walks past until V8 rehashes.) Slot 0 anchors the list as a ring, so it has
  // no ends to special-case: newer[0] is the least recently seen slot, older[0] the most recent.
  let units: string[];
  let exposures: string[];
  let loggedAt: number[];
  let newer: number[];
  let older: number[];
  let used: number;

  const reset = (): void => {
    groups = new Map();
    // Index 0 (the anchor) is filled too, so the arrays stay packed.
    units = [''];
    exposures = [''];
    loggedAt = [0];
    newer = [0];
    older = [0];
    used = 0;
  };
  const unlink = (slot: number): void => {
    newer[older[slot]!] = newer[slot]!;
    older[newer[slot]!] = older[slot]!;
  };
  const makeNewest = (slot: number): void => {
    older[slot] = older[0]!;
    newer[slot] = 0;
    newer[older[0]!] = slot;
    older[0] = slot;
  };

  const shouldLogFor = (unit: string, exposure: string): boolean => {
    const time = ttlMs === undefined ? 0 : now();
    let group = groups.get(exposure);
    let slot = group?.get(unit);
    if (slot !== undefined) {
      unlink(slot);
      makeNewest(slot);
      const age = time - loggedAt[slot]!;
      // A negative age: the clock went back since, and the window's end is unknown; logging once more restarts it.
      if (ttlMs === undefined || (age >= 0 && age < ttlMs)) return false;
    } else {
      if (used < maxEntries) slot = ++used;
      else {
        // Full: the least recently seen key gives up its slot.
        slot = newer[0]!;
        unlink(slot);
        const evicted = groups.get(exposures[slot]!)!;
        evicted.delete(units[slot]!);
        if (evicted.size === 0) groups.delete(exposures[slot]!);
      }
      // The eviction may have dropped this very group (its last unit was the one evicted).
      if (group === undefined || group.size === 0) groups.set(exposure, (group = new Map()));
      group.set(unit, slot);
      units[slot] = unit;
      exposures[slot] = exposure;
      makeNewest(slot);
    }
    loggedAt[slot] = time;
    return true;
  };

  reset();
  return {
    shouldLog: (key) => shouldLogFor(key, ''),
    shouldLogFor,
    clear: reset,
    size: () => used,
  };
}
