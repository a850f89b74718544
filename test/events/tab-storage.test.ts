/**
 * Tabs of one origin share localStorage, but not at the same instant: a browser caches it in each renderer
 * process and tells the others of a write a little later, and a write replaces the whole value of its key.
 * `tabViews` models that: each tab reads its own copy, refreshed only by `sync`. Two tabs writing one key
 * from stale copies would overwrite each other's events, so each tab writes a key of its own, and a page load
 * takes over every key of the queue.
 */
import { describe, expect, it } from 'vitest';
import { createEventPipeline, type EventPipelineOptions } from '../../src/events/pipeline.js';
import { DEFAULT_PERSISTENCE_KEY } from '../../src/events/persistence.js';
import type { KeyValueStorage } from '../../src/io/storage.js';
import { events, ManualScheduler, SDK } from './helpers.js';

/** One origin's localStorage as the tabs see it: `view()` is a tab's copy, `sync` refreshes one. */
function tabViews() {
  const backend = new Map<string, string>();
  const views: { cache: Map<string, string> }[] = [];
  return {
    backend,
    view(): KeyValueStorage & { sync(): void } {
      const state = { cache: new Map(backend) };
      views.push(state);
      return {
        get: (key) => state.cache.get(key) ?? null,
        set(key, value) {
          state.cache.set(key, value);
          backend.set(key, value);
          return true;
        },
        remove(key) {
          state.cache.delete(key);
          backend.delete(key);
        },
        keys: () => [...state.cache.keys()],
        sync() {
          state.cache = new Map(backend);
        },
      };
    },
  };
}

/** A tab's pipeline: the collector is down (no answer ever), the beacon takes everything (and it is lost). */
function tab(storage: KeyValueStorage, options: Partial<EventPipelineOptions> = {}) {
  const scheduler = new ManualScheduler();
  const pipeline = createEventPipeline({
    transport: () => new Promise(() => {}),
    sdk: SDK,
    scheduler,
    flushIntervalMs: 60_000,
    persistence: { storage },
    unloadTransport: () => true,
    ...options,
  });
  return { pipeline, scheduler };
}

const ids = (list: { id: string }[]) => list.map((event) => event.id);

/** The ids a new page load restores from `storage` (and the pipeline it started, which took them over). */
function nextLoad(storage: KeyValueStorage) {
  const sent: string[] = [];
  const next = tab(storage, {
    transport: async (batch) => {
      sent.push(...ids(batch.events));
      return { status: 200 };
    },
  });
  return { ...next, sent };
}

describe('event persistence with tabs whose copies of localStorage lag', () => {
  it('two tabs closing at once, each unaware of the other’s last write, lose none of their events', async () => {
    const shared = tabViews();
    const a = tab(shared.view());
    const b = tab(shared.view());
    for (const event of events(0, 5)) a.pipeline.enqueue(event);
    for (const event of events(100, 103)) b.pipeline.enqueue(event);
    // Both pages hide in the same moment: each writes from a copy that lacks the other's write.
    a.pipeline.flushOnUnload();
    b.pipeline.flushOnUnload();

    const next = nextLoad(shared.view());
    await next.scheduler.advance(0);
    expect(new Set(next.sent)).toEqual(new Set(ids([...events(0, 5), ...events(100, 103)])));
  });

  it('a tab writes only its own key; a page load takes over every key of the queue and removes them once it stored their events', async () => {
    const shared = tabViews();
    const a = tab(shared.view());
    for (const event of events(0, 3)) a.pipeline.enqueue(event);
    a.pipeline.flushOnUnload();
    // What an earlier build left under the shared key is taken over too.
    shared.backend.set(DEFAULT_PERSISTENCE_KEY, JSON.stringify({ v: 1, events: events(50, 52) }));
    const [aKey] = [...shared.backend.keys()].filter((key) => key !== DEFAULT_PERSISTENCE_KEY);
    expect(aKey).toMatch(new RegExp(`^${DEFAULT_PERSISTENCE_KEY}#[0-9a-f-]{36}$`));

    const storage = shared.view();
    const next = tab(storage);
    // Stored under the new tab's key: the keys taken over go.
    await next.scheduler.advance(1_000);
    const keys = [...shared.backend.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(aKey);
    expect(ids(JSON.parse(shared.backend.get(keys[0]!)!).events)).toEqual(ids([...events(50, 52), ...events(0, 3)]));
  });

  it('a key rewritten after the page load read it (its tab is still open) is not removed', async () => {
    const shared = tabViews();
    const open = tab(shared.view());
    for (const event of events(0, 2)) open.pipeline.enqueue(event);
    open.pipeline.flushOnUnload();

    const storage = shared.view();
    const next = tab(storage);
    // The open tab records another event and writes its key again before the new page's first write.
    open.pipeline.enqueue(events(2, 3)[0]!);
    open.pipeline.flushOnUnload();
    storage.sync();
    await next.scheduler.advance(1_000);
    const keys = [...shared.backend.keys()];
    expect(keys).toHaveLength(2);
    const stored = keys.map((key) => ids(JSON.parse(shared.backend.get(key)!).events));
    expect(stored).toContainEqual(ids(events(0, 3)));
  });
});
