/**
 * Mirrors the unsent events to a KeyValueStorage (localStorage in the
 * browser) so a reload, a crash or a closed tab does not lose them: the next
 * page load reads them back and sends them. Writes are throttled (one per
 * second at most) because serializing the queue on every event would cost
 * more than the events themselves; page hide and shutdown write at once.
 * Tabs share the key, so a write keeps the stored events of other tabs.
 */
import { SplitkitError } from '../errors/index.js';
import type { Scheduler } from '../io/scheduler.js';
import type { KeyValueStorage } from '../io/storage.js';
import { quietly } from '../io/quietly.js';
import { createTimer } from './timer.js';
import type { SplitkitEvent } from './types.js';

/** Storage key used when none is given. */
export const DEFAULT_PERSISTENCE_KEY = 'splitkit.events';
/** Events kept in storage when `maxEvents` is not given. */
export const DEFAULT_PERSISTED_EVENTS = 1_000;
/** Minimum time between two throttled writes. */
export const PERSIST_DELAY_MS = 1_000;

const FORMAT_VERSION = 1;
const EVENT_TYPES = ['exposure', 'event', 'identify'];

/** Where and how much to persist (the pipeline fills the defaults). */
export interface PersistenceOptions {
  storage: KeyValueStorage;
  key: string;
  /** The newest this many unsent events are kept. */
  maxEvents: number;
}

/** Keeps a copy of the unsent events in storage. */
export interface QueueMirror {
  /** The events a previous page left behind, oldest first; malformed entries and repeated ids are skipped. */
  _readStored(): SplitkitEvent[];
  /** Keeps `events` (handed to a beacon, so gone from the queue) in storage too; the newest `maxEvents` are kept. */
  _keepUnconfirmed(events: readonly SplitkitEvent[]): void;
  /** The queue changed: write within {@link PERSIST_DELAY_MS}. */
  _markDirty(): void;
  /** Writes the current unsent events now (page hide, shutdown), instead of a pending throttled write. */
  _writeNow(): void;
}

/** Creates a mirror of the events `snapshot` returns (the unsent events, oldest first). */
export function createQueueMirror(
  { storage, key, maxEvents }: PersistenceOptions,
  snapshot: () => SplitkitEvent[],
  scheduler: Scheduler,
  report: (error: SplitkitError) => void,
): QueueMirror {
  let failing = false;
  /** Events a beacon took: no answer confirms them, so they stay stored until a later page load resends them. */
  let unconfirmed: SplitkitEvent[] = [];
  /** Ids of the events this mirror read or last wrote as its own: the others stored under the key are another tab's. */
  let mine = new Set<string>();

  const timer = createTimer(scheduler, writeNow);
  // Storages promise not to throw; a custom one might, and a write must not break the pipeline.
  const set = (body: string): boolean | undefined => quietly(() => storage.set(key, body));
  function writeNow(): void {
    timer._cancel();
    const own = unconfirmed.concat(snapshot());
    // Another tab (or client) on the same key wrote the others, e.g. a tab closed while the collector was down:
    // they stay for the next page load to send. Those this mirror wrote and no longer holds were delivered.
    const events = readStored()
      .filter((event) => !mine.has(event.id))
      .concat(own);
    mine = new Set(own.map((event) => event.id));
    const wanted = Math.min(events.length, maxEvents);
    // A full storage may still take fewer events: halve until it fits, keeping the newest.
    let keep = wanted;
    while (keep > 0 && !set(JSON.stringify({ v: FORMAT_VERSION, events: events.slice(-keep) })))
      keep = Math.floor(keep / 2);
    // Nothing stored: what is left there is stale (the next load skips what it cannot parse or send twice).
    if (keep === 0) quietly(() => storage.remove(key));
    if (keep === wanted) failing = false;
    else if (!failing) {
      // Reported once per run of failures, not on every write while storage stays full.
      failing = true;
      report(
        new SplitkitError(
          'STORE_FAILED',
          `Event persistence: stored ${keep} of ${events.length} unsent events (storage full or blocked)`,
        ),
      );
    }
  }

  function readStored(): SplitkitEvent[] {
    // Unreadable storage or text: nothing to resend.
    const list = quietly(() => (JSON.parse(storage.get(key) ?? '{}') as { events?: unknown } | null)?.events);
    const seen = new Set<string>();
    const events: SplitkitEvent[] = [];
    for (const item of Array.isArray(list) ? list : []) {
      if (!isEventLike(item) || seen.has(item.id)) continue;
      seen.add(item.id);
      events.push(item);
    }
    return events;
  }

  return {
    _readStored() {
      const events = readStored();
      // The pipeline takes these over: from now on they are this mirror's own.
      mine = new Set(events.map((event) => event.id));
      return events;
    },
    _keepUnconfirmed(events) {
      const all = unconfirmed.concat(events);
      unconfirmed = all.slice(Math.max(0, all.length - maxEvents));
    },
    _markDirty() {
      if (!timer._pending) timer._schedule(PERSIST_DELAY_MS);
    },
    _writeNow: writeNow,
  };
}

function isEventLike(value: unknown): value is SplitkitEvent {
  const event = value as { [field: string]: unknown } | null;
  return (
    typeof event?.id === 'string' &&
    event.id !== '' &&
    EVENT_TYPES.includes(event.type as string) &&
    typeof event.name === 'string' &&
    Number.isFinite(event.time) &&
    typeof event.units === 'object' &&
    event.units !== null
  );
}
