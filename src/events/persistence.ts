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
export class QueueMirror {
  private readonly key: string;
  private readonly maxEvents: number;
  private timer: unknown;
  private scheduled = false;
  private failing = false;
  /** Events a beacon took: no answer confirms them, so they stay stored until a later page load resends them. */
  private unconfirmed: SplitkitEvent[] = [];

  constructor(
    private readonly options: PersistenceOptions,
    /** The unsent events, oldest first. */
    private readonly snapshot: () => SplitkitEvent[],
    private readonly scheduler: Scheduler,
    private readonly report: (error: SplitkitError) => void,
  ) {
    this.key = options.key ?? DEFAULT_PERSISTENCE_KEY;
    this.maxEvents = options.maxEvents ?? DEFAULT_PERSISTED_EVENTS;
  }

  /** The events a previous page left behind, oldest first; malformed entries and repeated ids are skipped. */
  load(): SplitkitEvent[] {
    let parsed: unknown;
    try {
      // Storages promise not to throw; a custom one might, and a read must not break the pipeline.
      const raw = this.options.storage.get(this.key);
      if (raw === null) return [];
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
    const list = (parsed as { events?: unknown } | null)?.events;
    if (!Array.isArray(list)) return [];
    const seen = new Set<string>();
    const events: SplitkitEvent[] = [];
    for (const item of list) {
      if (!isEventLike(item) || seen.has(item.id)) continue;
      seen.add(item.id);
      events.push(item);
    }
    return events;
  }

  /** Keeps `events` (handed to a beacon, so gone from the queue) in storage too; the newest `maxEvents` are kept. */
  keepUnconfirmed(events: readonly SplitkitEvent[]): void {
    this.unconfirmed = this.unconfirmed.concat(events).slice(Math.max(0, this.unconfirmed.length + events.length - this.maxEvents));
  }

  /** The queue changed: write within {@link PERSIST_DELAY_MS}. */
  markDirty(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.timer = this.scheduler.setTimeout(() => {
      this.scheduled = false;
      this.writeNow();
    }, PERSIST_DELAY_MS);
  }

  /** Writes the current unsent events now (page hide, shutdown). */
  writeNow(): void {
    this.cancel();
    const events = this.unconfirmed.concat(this.snapshot());
    let keep = Math.min(events.length, this.maxEvents);
    if (keep === 0) {
      this.remove();
      this.failing = false;
      return;
    }
    // A full storage may still take fewer events: halve until it fits, keeping the newest.
    while (keep > 0) {
      const body = JSON.stringify({ v: FORMAT_VERSION, events: events.slice(events.length - keep) });
      if (this.set(body)) {
        if (keep < Math.min(events.length, this.maxEvents)) this.fail(`kept only the newest ${keep} of ${events.length} unsent events`);
        else this.failing = false;
        return;
      }
      keep = Math.floor(keep / 2);
    }
    this.remove();
    this.fail(`could not store ${events.length} unsent events`);
  }

  /** Cancels a pending throttled write. */
  cancel(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    this.scheduler.clearTimeout(this.timer);
  }

  private set(body: string): boolean {
    try {
      return this.options.storage.set(this.key, body);
    } catch {
      return false;
    }
  }

  private remove(): void {
    try {
      this.options.storage.remove(this.key);
    } catch {
      // Nothing more to do: the next load skips what it cannot parse or send twice.
    }
  }

  // Reported once per run of failures, not on every write while storage stays full.
  private fail(message: string): void {
    if (this.failing) return;
    this.failing = true;
    this.report(new SplitkitError('STORAGE_FAILED', `Event persistence: ${message} (storage full or blocked)`));
  }
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
