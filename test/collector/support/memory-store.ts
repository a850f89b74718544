/** An in-memory EventStore whose appends a test can hold back or fail. */
import type { SplitkitEvent } from '../../../src/events/types.js';
import type { EventStore } from '../../../src/events/store.js';

/** A memory store plus the controls a test needs. */
export interface TestStore extends EventStore {
  events: SplitkitEvent[];
  /** When set, each append awaits it before storing. */
  gate?: Promise<void>;
  /** When set, each append rejects with it. */
  failure?: unknown;
  /** Resolves on the next call to append. */
  nextAppend(): Promise<void>;
}

/** Creates an empty {@link TestStore}. */
export function memoryStore(): TestStore {
  const waiting: (() => void)[] = [];
  const store: TestStore = {
    events: [],
    nextAppend: () => new Promise((resolve) => waiting.push(resolve)),
    async append(events) {
      for (const resolve of waiting.splice(0)) resolve();
      if (store.gate) await store.gate;
      if (store.failure !== undefined) throw store.failure;
      const known = new Set(store.events.map((event) => event.id));
      let stored = 0;
      for (const event of events) {
        if (known.has(event.id)) continue;
        known.add(event.id);
        store.events.push(event);
        stored++;
      }
      return { stored, duplicates: events.length - stored };
    },
    async *read() {
      yield* store.events;
    },
    async close() {},
  };
  return store;
}
