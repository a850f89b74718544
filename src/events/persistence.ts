/**
 * Mirrors the unsent events to a KeyValueStorage (localStorage in the
 * browser) so a reload, a crash or a closed tab does not lose them: the next
 * page load reads them back and sends them. Writes are throttled (one per
 * second at most) because serializing the queue on every event would cost
 * more than the events themselves; page hide and shutdown write at once.
 * Each tab writes a key of its own (`<key>#<random id>`) when the storage
 * can list its keys: localStorage has no transactions, and a tab may read
 * another's write late (browsers cache it per process), so tabs writing one
 * key could overwrite each other's events. A page load takes over the
 * events of every key of the queue. A storage that cannot list its keys has
 * one key for all, and a write keeps the stored events of other tabs. When
 * the visitor withdraws identity consent (stored events carry the device id),
 * the pipeline stops writing and the client erases every key of the queue;
 * when it is granted, the pipeline writes at once (a mirror made then when the
 * page was created without consent, which reads nothing stored).
 */
import { SplitkitError } from '../errors/index.js';
import type { Scheduler } from '../io/scheduler.js';
import type { KeyValueStorage } from '../io/storage.js';
import { quietly } from '../io/quietly.js';
import { randomUuid } from '../io/uuid.js';
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
  /**
   * The events previous pages (and other tabs) left behind, oldest first; malformed entries and repeated ids
   * are skipped. The next write that stores them all under this mirror's key removes the keys they came from.
   */
  _readStored(): SplitkitEvent[];
  /** Keeps `events` (handed to a beacon, so gone from the queue) in storage too; the newest `maxEvents` are kept. */
  _keepUnconfirmed(events: readonly SplitkitEvent[]): void;
  /** The queue changed: write within {@link PERSIST_DELAY_MS}. */
  _markDirty(): void;
  /**
   * Writes the current unsent events now (page hide, shutdown), instead of a pending throttled write;
   * `cancel`: writes nothing, only cancels that write (identity consent withdrawn).
   */
  _writeNow(cancel?: boolean): void;
}

/**
 * The keys of the queues stored under `key`: the one all tabs share (a storage that cannot list its keys, and
 * earlier builds) and each tab's own.
 */
export function queueKeys(storage: KeyValueStorage, key: string): string[] {
  return [key, ...(quietly(() => storage.keys!()) ?? []).filter((each) => each.startsWith(`${key}#`))];
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
  /** Ids of the events this mirror read or last wrote as its own: the others stored under its key are another tab's. */
  let mine = new Set<string>();
  /** Where this mirror writes: a key of its own when the storage can list its keys (so a page load finds it). */
  const at = quietly(() => storage.keys) ? `${key}#${randomUuid()}` : key;
  /** Keys whose events a page load took over, with the text it read: removed once this mirror's key holds them. */
  let takenOver: [string, string | null | undefined][] = [];

  const timer = createTimer(scheduler, writeNow);
  // Storages promise not to throw; a custom one might, and a write must not break the pipeline.
  const set = (body: string): boolean | undefined => quietly(() => storage.set(at, body));
  const read = (from: string): string | null | undefined => quietly(() => storage.get(from));
  function writeNow(cancel?: boolean): void {
    timer._cancel();
    if (cancel) return;
    const own = unconfirmed.concat(snapshot());
    // On a shared key, another tab (or client) wrote the others, e.g. a tab closed while the collector was down:
    // they stay for the next page load to send. Those this mirror wrote and no longer holds were delivered.
    const events = parse(read(at))
      .filter((event) => !mine.has(event.id))
      .concat(own);
    mine = new Set(own.map((event) => event.id));
    const wanted = Math.min(events.length, maxEvents);
    // A full storage may still take fewer events: halve until it fits, keeping the newest.
    let keep = wanted;
    while (keep > 0 && !set(JSON.stringify({ v: FORMAT_VERSION, events: events.slice(-keep) })))
      keep = Math.floor(keep / 2);
    // Nothing stored: what is left there is stale (the next load skips what it cannot parse or send twice).
    if (keep === 0) quietly(() => storage.remove(at));
    if (keep === wanted) {
      failing = false;
      // What this mirror took over is under its key now, up to the cap (or was delivered since): past the cap,
      // the oldest live in this page's memory only, as with a single tab. A key written since belongs to a tab
      // still open, with events this one does not have: it stays.
      for (const [from, text] of takenOver) if (from !== at && read(from) === text) quietly(() => storage.remove(from));
      takenOver = [];
    } else if (!failing) {
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

  return {
    _readStored() {
      takenOver = queueKeys(storage, key).map((from) => [from, read(from)]);
      const seen = new Set<string>();
      // The pipeline takes these over: from now on they are this mirror's own.
      mine = seen;
      return takenOver
        .flatMap(([, text]) => parse(text))
        .filter((event) => !seen.has(event.id) && !!seen.add(event.id));
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

/** The well-formed events in a stored `text`. Unreadable storage or text: none. */
function parse(text: string | null | undefined): SplitkitEvent[] {
  const stored = quietly(() => (JSON.parse(text ?? '{}') as { events?: unknown } | null)?.events);
  return Array.isArray(stored) ? stored.filter(isEventLike) : [];
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
