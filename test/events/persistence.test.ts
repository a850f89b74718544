import { describe, expect, it } from 'vitest';
import type { SplitkitError } from '../../src/errors/index.js';
import type { KeyValueStorage } from '../../src/io/storage.js';
import {
  createQueueMirror,
  DEFAULT_PERSISTED_EVENTS,
  DEFAULT_PERSISTENCE_KEY,
  PERSIST_DELAY_MS,
} from '../../src/events/persistence.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { customEvent, events, ManualScheduler, quotaStorage } from './helpers.js';

function mirror(storage: KeyValueStorage, queue: SplitkitEvent[], maxEvents?: number) {
  const scheduler = new ManualScheduler();
  const errors: SplitkitError[] = [];
  const m = createQueueMirror(
    { storage, key: DEFAULT_PERSISTENCE_KEY, maxEvents: maxEvents ?? DEFAULT_PERSISTED_EVENTS },
    () => queue.slice(),
    scheduler,
    (e) => errors.push(e),
  );
  return { m, scheduler, errors };
}

describe('QueueMirror', () => {
  it('throttles writes: many changes, one write after the delay', async () => {
    const storage = quotaStorage();
    const queue: SplitkitEvent[] = [];
    const { m, scheduler } = mirror(storage, queue);
    for (const event of events(0, 50)) {
      queue.push(event);
      m._markDirty();
    }
    expect(storage.writes).toBe(0);
    await scheduler.advance(PERSIST_DELAY_MS - 1);
    expect(storage.writes).toBe(0);
    await scheduler.advance(1);
    expect(storage.writes).toBe(1);
    expect(m._readStored().map((e) => e.id)).toEqual(queue.map((e) => e.id));
  });

  it('writeNow writes at once and cancels the pending write', async () => {
    const storage = quotaStorage();
    const queue = events(0, 3);
    const { m, scheduler } = mirror(storage, queue);
    m._markDirty();
    m._writeNow();
    expect(storage.writes).toBe(1);
    await scheduler.advance(PERSIST_DELAY_MS);
    expect(storage.writes).toBe(1);
    expect(scheduler.pending).toBe(0);
  });

  it('keeps the newest maxEvents', () => {
    const storage = quotaStorage();
    const { m } = mirror(storage, events(0, 30), 10);
    m._writeNow();
    expect(m._readStored().map((e) => e.id)).toEqual(events(20, 30).map((e) => e.id));
  });

  it('removes the key when nothing is left', () => {
    const storage = quotaStorage();
    const queue = events(0, 3);
    const { m } = mirror(storage, queue);
    m._writeNow();
    queue.length = 0;
    m._writeNow();
    expect(storage.values.size).toBe(0);
  });

  it('halves what it keeps when storage is full, and reports that once', () => {
    const storage = quotaStorage(2_000);
    const { m, errors } = mirror(storage, events(0, 100));
    m._writeNow();
    m._writeNow();
    const kept = m._readStored();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(100);
    expect(kept.map((e) => e.id)).toEqual(events(100 - kept.length, 100).map((e) => e.id));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('STORE_FAILED');
  });

  it('reports when nothing can be stored at all', () => {
    const storage = quotaStorage(5);
    const { m, errors } = mirror(storage, events(0, 4));
    m._writeNow();
    expect(storage.values.size).toBe(0);
    expect(errors.map((e) => e.code)).toEqual(['STORE_FAILED']);
  });

  it('loads nothing from garbage, and skips malformed entries and repeated ids', () => {
    const storage = quotaStorage();
    const { m } = mirror(storage, []);
    storage.values.set('splitkit.events', '{not json');
    expect(m._readStored()).toEqual([]);
    storage.values.set('splitkit.events', JSON.stringify({ v: 1, events: 'nope' }));
    expect(m._readStored()).toEqual([]);
    const good = customEvent(1);
    storage.values.set(
      'splitkit.events',
      JSON.stringify({ v: 1, events: [good, { id: 'x' }, null, good, { ...customEvent(2), time: 'soon' }] }),
    );
    expect(m._readStored()).toEqual([good]);
  });

  it('survives a storage that throws', () => {
    const throwing: KeyValueStorage = {
      get() {
        throw new Error('blocked');
      },
      set() {
        throw new Error('blocked');
      },
      remove() {
        throw new Error('blocked');
      },
    };
    const { m, errors } = mirror(throwing, events(0, 2));
    expect(m._readStored()).toEqual([]);
    expect(() => m._writeNow()).not.toThrow();
    expect(errors.map((e) => e.code)).toEqual(['STORE_FAILED']);
  });
});
