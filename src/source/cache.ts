/**
 * The last good ruleset, kept between page loads (localStorage) or process
 * starts (a file): a client whose network is slow or down starts from it
 * instead of from defaults. Only rulesets the client accepted are written
 * (signature checked when keys are given), with the time they were saved.
 */
import type { KeyValueStorage } from '../io/storage.js';
import { quietly } from '../io/quietly.js';
import type { SourceOptions } from './options.js';

/** One cached ruleset. */
export interface CachedRuleset {
  /** The ruleset text as received. */
  body: string;
  etag?: string;
  /** When it was saved (ms since the epoch). */
  savedAt: number;
}

/** Reads and writes the cached ruleset; never throws. A KeyValueStorage's answers at once, a file's later. */
export interface RulesetCache<Loaded = CachedRuleset | undefined> {
  load(): Loaded;
  save(entry: CachedRuleset): void;
}

/** Reads a cache entry back; undefined for anything else (another app's key, a corrupt write). */
export function readEntry(text: string | null | undefined): CachedRuleset | undefined {
  const entry = quietly(() => JSON.parse(text ?? 'null') as CachedRuleset | null);
  return entry && typeof entry.body === 'string' && typeof entry.savedAt === 'number' ? entry : undefined;
}

/**
 * A cache in a KeyValueStorage (localStorage in browsers), under one key per source URL and public keys: a
 * client that checks signatures never starts from what a client without them (or with other keys) saved, since
 * the cache is put in use at start without checking again.
 */
export function storageCache(storage: KeyValueStorage, { url, publicKeys }: SourceOptions): RulesetCache {
  const key = `splitkit.ruleset:${url}${publicKeys ? ` ${publicKeys}` : ''}`;
  return {
    // A custom storage that throws is no cache (createClient reads it and must not throw), and one whose
    // writes throw (a full localStorage) costs the cache only: the ruleset saved is in use all the same.
    load: () => readEntry(quietly(() => storage.get(key))),
    save: (entry) => quietly(() => storage.set(key, JSON.stringify(entry))),
  };
}

const WEEK = 7 * 86_400_000;

/** `entry`, unless it is older than `maxAgeMs` (default 7 days) at `now`, or saved as far ahead: not used at start. */
export function freshEntry(
  entry: CachedRuleset | undefined,
  maxAgeMs: number | undefined,
  now: number,
): CachedRuleset | undefined {
  // An entry saved by a clock that ran ahead (then corrected) would otherwise stay fresh until that future.
  return entry && Math.abs(now - entry.savedAt) <= (maxAgeMs ?? WEEK) ? entry : undefined;
}
