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

/** The units that logged one exposure, each with its slot. */
interface Group {
  exposure: string;
  units: Map<string, number>;
}

const NONE = -1;
/** Slots allocated at first; they double as keys arrive, up to `maxEntries`. */
const INITIAL_SLOTS = 1024;

/** Creates a bounded exposure deduper. */
export function createExposureDeduper(options: ExposureDeduperOptions = {}): ExposureDeduper {
  const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_DEDUPE_ENTRIES));
  const ttlMs = options.ttlMs;
  const now = options.now ?? Date.now;
  const groups = new Map<string, Group>();
  // Each remembered key is a slot; recency is a doubly linked list threaded through typed arrays,
  // so every operation is O(1), a full deduper allocates nothing per new key, and the GC has no
  // per-key objects to trace. (A Map's own insertion order is no LRU: evicting from its front
  // leaves deleted slots there that every later eviction walks past until V8 rehashes.)
  let units: string[] = [];
  let groupOf: (Group | undefined)[] = [];
  let loggedAt = new Float64Array(0);
  let newer = new Int32Array(0);
  let older = new Int32Array(0);
  let used = 0;
  let newest = NONE;
  let oldest = NONE;

  const reset = (): void => {
    groups.clear();
    units = [];
    groupOf = [];
    loggedAt = new Float64Array(Math.min(maxEntries, INITIAL_SLOTS));
    newer = new Int32Array(loggedAt.length);
    older = new Int32Array(loggedAt.length);
    used = 0;
    newest = oldest = NONE;
  };
  const grow = (): void => {
    const size = Math.min(maxEntries, loggedAt.length * 2);
    const time = new Float64Array(size);
    const next = new Int32Array(size);
    const previous = new Int32Array(size);
    time.set(loggedAt);
    next.set(newer);
    previous.set(older);
    loggedAt = time;
    newer = next;
    older = previous;
  };
  const unlink = (slot: number): void => {
    const toNewer = newer[slot]!;
    const toOlder = older[slot]!;
    if (toNewer === NONE) newest = toOlder;
    else older[toNewer] = toOlder;
    if (toOlder === NONE) oldest = toNewer;
    else newer[toOlder] = toNewer;
  };
  const pushNewest = (slot: number): void => {
    newer[slot] = NONE;
    older[slot] = newest;
    if (newest === NONE) oldest = slot;
    else newer[newest] = slot;
    newest = slot;
  };
  // The slot of a new key: a fresh one while there is room, else the least recently seen key's.
  const takeSlot = (): number => {
    if (used < maxEntries) {
      if (used === loggedAt.length) grow();
      return used++;
    }
    const slot = oldest;
    unlink(slot);
    const group = groupOf[slot]!;
    group.units.delete(units[slot]!);
    if (group.units.size === 0) groups.delete(group.exposure);
    return slot;
  };

  const shouldLogFor = (unit: string, exposure: string): boolean => {
    const time = ttlMs === undefined ? 0 : now();
    let group = groups.get(exposure);
    const seen = group?.units.get(unit);
    if (seen !== undefined) {
      if (seen !== newest) {
        unlink(seen);
        pushNewest(seen);
      }
      if (ttlMs === undefined || time - loggedAt[seen]! < ttlMs) return false;
      loggedAt[seen] = time;
      return true;
    }
    const slot = takeSlot();
    // Taking the slot may have dropped this very group (its last unit was evicted).
    if (group === undefined || group.units.size === 0) {
      group = { exposure, units: new Map() };
      groups.set(exposure, group);
    }
    group.units.set(unit, slot);
    units[slot] = unit;
    groupOf[slot] = group;
    loggedAt[slot] = time;
    pushNewest(slot);
    return true;
  };

  reset();
  return {
    shouldLog: (key) => shouldLogFor(key, ''),
    shouldLogFor,
    clear: reset,
    // A slot once taken always holds a key: eviction hands it straight to the next one.
    size: () => used,
  };
}
