/**
 * The behaviour every EventStore must have, written once and run against each
 * store (NDJSON, PostgreSQL) so they cannot drift apart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSplitkitError } from '../../../src/errors/index.js';
import type { SplitkitEvent } from '../../../src/events/types.js';
import type { EventStore } from '../../../src/events/store.js';
import { collect, custom, customEvents, exposure, identify } from './events.js';

/** Gives the suite fresh, empty storage for each test. */
export interface StoreHarness {
  /** Opens a store on this test's storage; a second call reopens the same storage. */
  open(): Promise<EventStore>;
  /** Deletes this test's storage. */
  cleanup(): Promise<void>;
}

function ids(events: readonly SplitkitEvent[]): string[] {
  return events.map((event) => event.id);
}

/** Registers the contract tests for the store that `setup` creates. */
export function describeStoreContract(name: string, setup: () => Promise<StoreHarness>): void {
  describe(`${name}: EventStore contract`, () => {
    let harness: StoreHarness;
    let opened: EventStore[];
    const open = async (): Promise<EventStore> => {
      const store = await harness.open();
      opened.push(store);
      return store;
    };

    beforeEach(async () => {
      harness = await setup();
      opened = [];
    });

    afterEach(async () => {
      for (const store of opened) await store.close();
      await harness.cleanup();
    });

    it('stores events and reads them back in the order stored', async () => {
      const store = await open();
      const first = [exposure(), custom('purchase', 1, { metadata: { sku: 'a-1', tags: ['x', 'y'] } }), identify()];
      const second = [custom('refund'), exposure('checkout', 2, { kind: 'gate', value: true, variant: undefined })];
      expect(await store.append(first)).toEqual({ stored: 3, duplicates: 0 });
      expect(await store.append(second)).toEqual({ stored: 2, duplicates: 0 });
      expect(await collect(store.read())).toEqual(JSON.parse(JSON.stringify([...first, ...second])));
    });

    it('round-trips every JSON value exactly', async () => {
      const store = await open();
      const event = custom('odd values', 0, {
        value: 0.1 + 0.2,
        attributes: { big: 2 ** 53 - 1, tiny: 1e-7, negative: -42.5, nested: [[1, [2]], { deep: null }], flag: false },
        metadata: { text: 'line\nbreak "quoted" \\ back\u2028sep', emoji: '🧪 é ß 中文', empty: '' },
      });
      await store.append([event]);
      expect(await collect(store.read())).toEqual([event]);
    });

    it('drops ids stored by an earlier append', async () => {
      const store = await open();
      const events = customEvents(5);
      await store.append(events);
      expect(await store.append([events[1]!, events[3]!])).toEqual({ stored: 0, duplicates: 2 });
      expect(ids(await collect(store.read()))).toEqual(ids(events));
    });

    it('stores an id repeated within one append once, keeping the first', async () => {
      const store = await open();
      const a = custom('purchase', 1, { value: 1 });
      const b = custom('purchase', 2);
      const aAgain = { ...a, value: 2 };
      expect(await store.append([a, b, aAgain])).toEqual({ stored: 2, duplicates: 1 });
      expect(await collect(store.read())).toEqual([a, b]);
    });

    it('stores nothing for an empty append', async () => {
      const store = await open();
      expect(await store.append([])).toEqual({ stored: 0, duplicates: 0 });
      expect(await collect(store.read())).toEqual([]);
    });

    it('filters by type, name and an inclusive time range', async () => {
      const store = await open();
      const events = [exposure('exp', 100), custom('buy', 200), custom('view', 300), identify(400), custom('buy', 500)];
      await store.append(events);
      const read = async (query: Parameters<EventStore['read']>[0]): Promise<string[]> =>
        ids(await collect(store.read(query)));
      expect(await read({ types: ['event'] })).toEqual(ids([events[1]!, events[2]!, events[4]!]));
      expect(await read({ names: ['buy', 'exp'] })).toEqual(ids([events[0]!, events[1]!, events[4]!]));
      expect(await read({ from: 200, to: 400 })).toEqual(ids(events.slice(1, 4)));
      expect(await read({ from: 200.5, to: 499.9 })).toEqual(ids(events.slice(2, 4)));
      expect(await read({ types: ['event'], names: ['buy'], from: 300 })).toEqual(ids([events[4]!]));
      expect(await read({ to: Number.POSITIVE_INFINITY, from: Number.NEGATIVE_INFINITY })).toEqual(ids(events));
      expect(await read({ types: [] })).toEqual([]);
      expect(await read({ names: [] })).toEqual([]);
    });

    it('stores every id exactly once under concurrent appends, each batch in its own order', async () => {
      const store = await open();
      const shared = customEvents(10, 'shared');
      const own = Array.from({ length: 20 }, () => customEvents(40));
      // 20 batches sent at once: 40 ids of their own each, plus the same 10 shared ids: 810 distinct, 1,000 sent.
      const results = await Promise.all(own.map((events) => store.append([...events, ...shared])));
      expect(results.reduce((sum, r) => sum + r.stored, 0)).toBe(810);
      expect(results.reduce((sum, r) => sum + r.stored + r.duplicates, 0)).toBe(1000);
      const stored = ids(await collect(store.read()));
      expect(stored).toHaveLength(810);
      expect(new Set(stored).size).toBe(810);
      for (const events of own) {
        const mine = new Set(ids(events));
        expect(stored.filter((id) => mine.has(id))).toEqual(ids(events));
      }
    });

    it('keeps events and their ids across closing and reopening', async () => {
      const events = customEvents(10);
      const first = await open();
      await first.append(events);
      await first.close();
      const second = await open();
      expect(ids(await collect(second.read()))).toEqual(ids(events));
      expect(await second.append(events)).toEqual({ stored: 0, duplicates: 10 });
      const more = customEvents(2);
      expect(await second.append(more)).toEqual({ stored: 2, duplicates: 0 });
      expect(ids(await collect(second.read()))).toEqual(ids([...events, ...more]));
    });

    it('reads more events than fit in one round trip, filtered or not', async () => {
      const store = await open();
      const events = Array.from({ length: 2500 }, (_, i) => custom(i % 2 === 0 ? 'even' : 'odd', i));
      expect(await store.append(events)).toEqual({ stored: 2500, duplicates: 0 });
      expect(ids(await collect(store.read()))).toEqual(ids(events));
      expect(ids(await collect(store.read({ names: ['odd'] })))).toEqual(ids(events.filter((_, i) => i % 2 === 1)));
    });

    it('stays usable after a read is stopped early', async () => {
      const store = await open();
      await store.append(customEvents(3));
      for await (const event of store.read()) {
        expect(event.type).toBe('event');
        break;
      }
      expect((await store.append(customEvents(1))).stored).toBe(1);
      expect(await collect(store.read())).toHaveLength(4);
    });

    it('rejects events without an id and stores none of the append', async () => {
      const store = await open();
      const bad = { ...custom(), id: '' };
      const error = await store.append([custom(), bad]).catch((e: unknown) => e);
      expect(isSplitkitError(error) && error.code).toBe('INVALID_EVENT_BATCH');
      expect(await collect(store.read())).toEqual([]);
    });

    it('rejects appends after close', async () => {
      const store = await open();
      await store.close();
      const error = await store.append(customEvents(1)).catch((e: unknown) => e);
      expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
    });
  });
}
