/**
 * Mirrors the unsent events to a KeyValueStorage (localStorage in the
 * browser) so a reload, a crash or a closed tab does not lose them: the next
 * page load reads them back and sends them. Writes are throttled (one per
 * second at most) because serializing the queue on every event would cost
 * more than the events themselves; page hide and shutdown write at once.
 */
import { SplitkitError } from '../errors/index.js';
import type { Scheduler } from '../io/scheduler.js';
import type { KeyValueStorage } from '../io/storage.js';
import type { SplitkitEvent } from './types.js';

/** Storage key used when none is given. */
export const DEFAULT_PERSISTENCE_KEY = 'splitkit.events';
/** Events kept in storage when `maxEvents` is not given. */
export const DEFAULT_PERSISTED_EVENTS = 1_000;
/** Minimum time between two throttled writes. */
export const PERSIST_DELAY_MS = 1_000;

const FORMAT_VERSION = 1;
const EVENT_TYPES = new Set(['exposure', 'event', 'identify']);

/** Where and how much to persist. */
export interface PersistenceOptions {
  storage: KeyValueStorage;
  /** Default `splitkit.events`. */
  key?: string;
  /** The newest this many unsent events are kept. Default 1,000. */
  maxEvents?: number;
}

/** Keeps a copy of the unsent events in storage. */
export interface QueueMirror {
  /** The events a previous page left behind, oldest first; malformed entries and repeated ids are skipped. */
  load(): SplitkitEvent[];
  /** Keeps `events` (handed to a beacon, so gone from the queue) in storage too; the newest `maxEvents` are kept. */
  keepUnconfirmed(events: readonly SplitkitEvent[]): void;
  /** The queue changed: write within {@link PERSIST_DELAY_MS}. */
  markDirty(): void;
  /** Writes the current unsent events now (page hide, shutdown). */
  writeNow(): void;
  /** Cancels a pending throttled write. */
  cancel(): void;
}

/** Creates a mirror of the events `snapshot` returns (the unsent events, oldest first). */
export function createQueueMirror(
  options: PersistenceOptions,
  snapshot: () => SplitkitEvent[],
  scheduler: Scheduler,
  report: (error: SplitkitError) => void,
): QueueMirror {
  const storage = options.storage;
  const key = options.key ?? DEFAULT_PERSISTENCE_KEY;
  const maxEvents = options.maxEvents ?? DEFAULT_PERSISTED_EVENTS;
  let timer: unknown;
  let scheduled = false;
  let failing = false;
  /** Events a beacon took: no answer confirms them, so they stay stored until a later page load resends them. */
  let unconfirmed: SplitkitEvent[] = [];

  // Storages promise not to throw; a custom one might, and a write must not break the pipeline.
  const set = (body: string): boolean => {
    try {
      return storage.set(key, body);
    } catch {
      return false;
    }
  };
  const remove = (): void => {
    try {
      storage.remove(key);
    } catch {
      // Nothing more to do: the next load skips what it cannot parse or send twice.
    }
  };
  // Reported once per run of failures, not on every write while storage stays full.
  const fail = (message: string): void => {
    if (failing) return;
    failing = true;
    report(new SplitkitError('STORAGE_FAILED', `Event persistence: ${message} (storage full or blocked)`));
  };
  const cancel = (): void => {
    if (scheduled) scheduler.clearTimeout(timer);
    scheduled = false;
  };
  const writeNow = (): void => {
    cancel();
    const events = unconfirmed.concat(snapshot());
    const wanted = Math.min(events.length, maxEvents);
    // A full storage may still take fewer events: halve until it fits, keeping the newest.
    let keep = wanted;
    while (keep > 0 && !set(JSON.stringify({ v: FORMAT_VERSION, events: events.slice(events.length - keep) }))) keep = Math.floor(keep / 2);
    if (keep === 0) remove();
    if (keep < wanted) fail(keep > 0 ? `kept only the newest ${keep} of ${events.length} unsent events` : `could not store ${events.length} unsent events`);
    else failing = false;
  };

  return {
    load() {
      let list: unknown;
      try {
        const raw = storage.get(key);
        list = raw === null ? [] : (JSON.parse(raw) as { events?: unknown } | null)?.events;
      } catch {
        return [];
      }
      const seen = new Set<string>();
      const events: SplitkitEvent[] = [];
      if (!Array.isArray(list)) return events;
      for (const item of list) {
        if (!isEventLike(item) || seen.has(item.id)) continue;
        seen.add(item.id);
        events.push(item);
      }
      return events;
    },
    keepUnconfirmed(events) {
      unconfirmed = unconfirmed.concat(events).slice(Math.max(0, unconfirmed.length + events.length - maxEvents));
    },
    markDirty() {
      if (scheduled) return;
      scheduled = true;
      timer = scheduler.setTimeout(() => {
        scheduled = false;
        writeNow();
      }, PERSIST_DELAY_MS);
    },
    writeNow,
    cancel,
  };
}


function isEventLike(value: unknown): value is SplitkitEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return typeof event.id === 'string' && event.id !== ''
    && typeof event.type === 'string' && EVENT_TYPES.has(event.type)
    && typeof event.name === 'string'
    && typeof event.time === 'number' && Number.isFinite(event.time)
    && typeof event.units === 'object' && event.units !== null;
}
