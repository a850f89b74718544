/**
 * Stored events carry the device id: withdrawing identity consent (`setIdentityConsent(false)`) erases the
 * event queues stored under the client's key (this page's, earlier page loads' and other tabs') and stops
 * storing the queue until consent is granted again, unless the app set `events.persist: true`. The events in
 * memory are still sent. Granting consent stores the queue at once, also on a page created without consent.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createClient, type ClientOptions, type SplitkitError } from '../../src/index.js';
import type { ShutdownReport } from '../../src/events/index.js';
import type { EventBatch } from '../../src/events/types.js';
import { ManualScheduler } from '../events/helpers.js';

/** A page's localStorage in memory that lists its keys (so each tab's queue has a key of its own). */
function listingStorage() {
  const values = new Map<string, string>();
  /** The keys written, in order. */
  const writes: string[] = [];
  const storage = {
    get length() {
      return values.size;
    },
    key: (index: number) => [...values.keys()][index] ?? null,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => {
      writes.push(key);
      values.set(key, value);
    },
    removeItem: (key: string) => void values.delete(key),
    clear: () => values.clear(),
  };
  return { values, writes, storage };
}

const QUEUE = 'splitkit.events';
/** What earlier page loads left (their queues), another collector's queue, and the app's own data. */
const LEFT = {
  [QUEUE]: '{"v":1,"events":[]}',
  [`${QUEUE}#earlier-tab`]: '{"v":1,"events":[]}',
  [`${QUEUE} https://other.example/e#tab`]: '{"v":1,"events":[]}',
  'app.settings': '{}',
};

let values: Map<string, string>;
let writes: string[];
let scheduler: ManualScheduler;
beforeEach(() => {
  scheduler = new ManualScheduler();
  const made = listingStorage();
  values = made.values;
  writes = made.writes;
  for (const [key, value] of Object.entries(LEFT)) values.set(key, value);
  vi.stubGlobal('localStorage', made.storage);
});
afterEach(() => vi.unstubAllGlobals());

/** A browser client whose collector is down until `up` is set; `sent` holds the ids each batch carried. */
function page(options: Partial<ClientOptions> = {}) {
  const sent: string[][] = [];
  const errors: SplitkitError[] = [];
  const state = { up: false };
  const client = createClient({
    ruleset: {},
    environment: 'browser',
    user: { userID: 'u' },
    onError: (error) => errors.push(error),
    scheduler,
    transport: async (batch: EventBatch) => {
      if (!state.up) return { status: 503 };
      sent.push(batch.events.map((event) => event.name));
      return { status: 200 };
    },
    ...options,
    events: { flushIntervalMs: 600_000, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, ...options.events },
  });
  return { client, sent, errors, state };
}

/** The event this page stored first. */
const storedEvent = () => JSON.parse(values.get(queues()[0]!)!).events[0];
/** The keys of the stored queues of the client's key (the default one: a custom transport). */
const queues = () => [...values.keys()].filter((key) => key === QUEUE || key.startsWith(`${QUEUE}#`));
/** The names of the events stored under the client's key. */
const storedNames = () =>
  queues().flatMap((key) => (JSON.parse(values.get(key)!).events as { name: string }[]).map((event) => event.name));

it('withdrawing erases every stored queue of the key at once and stores no more; granting stores again', async () => {
  const { client } = page();
  client.track('before');
  await scheduler.advance(1_000);
  // The queues of earlier page loads were taken over at creation (and their keys removed): another tab, still
  // open, stores its own.
  values.set(`${QUEUE}#live-tab`, JSON.stringify({ v: 1, events: [{ ...storedEvent(), id: 'x', name: 'tab' }] }));
  expect(storedNames().sort()).toEqual(['before', 'tab']);

  client.setIdentityConsent(false);
  // This page's queue, the queues of earlier page loads (and of any other tab) are gone; another collector's
  // queue and the app's own data stay.
  expect(queues()).toEqual([]);
  expect([...values.keys()].sort()).toEqual(['app.settings', `${QUEUE} https://other.example/e#tab`]);

  client.track('withdrawn');
  await scheduler.advance(5_000);
  expect(queues()).toEqual([]);
  // Withdrawn again: nothing to erase, nothing written.
  client.setIdentityConsent(false);
  expect(queues()).toEqual([]);

  // Granted again: the queue is stored at once, then on every change as before.
  client.setIdentityConsent(true);
  expect(storedNames()).toEqual(['before', 'withdrawn']);
  client.track('granted');
  await scheduler.advance(1_000);
  expect(storedNames()).toEqual(['before', 'withdrawn', 'granted']);
});

it('withdrawing while a write is pending cancels it: nothing with the device id is written after withdrawal', async () => {
  const { client } = page();
  client.track('first');
  await scheduler.advance(1_000);
  expect(storedNames()).toEqual(['first']);
  // The queue changed: its write waits for the throttle.
  client.track('pending');
  writes.length = 0;
  client.setIdentityConsent(false);
  await scheduler.advance(5_000);
  expect(writes.filter((key) => key === QUEUE || key.startsWith(`${QUEUE}#`))).toEqual([]);
  expect(queues()).toEqual([]);
});

it('the events in memory are still sent after withdrawal', async () => {
  const { client, sent, state } = page();
  client.track('before');
  client.setIdentityConsent(false);
  client.track('after');
  state.up = true;
  await client.flush();
  expect(sent.flat()).toEqual(['before', 'after']);
  expect(queues()).toEqual([]);
});

it('at shutdown, what could not be sent after withdrawal is dropped and reported, not stored', async () => {
  const { client, errors } = page();
  client.track('clicked');
  client.setIdentityConsent(false);
  let report: ShutdownReport | undefined;
  void client.shutdown({ timeoutMs: 50 }).then((done) => (report = done));
  // The shutdown's module loads first, then its deadline runs on the scheduler.
  for (let turn = 0; turn < 100 && !report; turn++) await scheduler.advance(50);
  expect(report).toMatchObject({ delivered: false, undelivered: 1, dropped: 1 });
  expect(errors.map((error) => error.message)).toContain('Shutdown deadline passed: 1 event(s) not delivered');
  expect(queues()).toEqual([]);
});

it('a page created without consent erases the queues earlier page loads stored, when consent is withdrawn', () => {
  const { client } = page({ identity: { persist: false } });
  client.track('clicked');
  expect(queues()).toEqual([QUEUE, `${QUEUE}#earlier-tab`]);
  client.setIdentityConsent(false);
  expect(queues()).toEqual([]);
});

it('with events.persist: true (the app decides on the queue) withdrawing leaves the queue stored', async () => {
  const { client } = page({ events: { persist: true } });
  client.track('clicked');
  client.setIdentityConsent(false);
  await scheduler.advance(1_000);
  expect(storedNames()).toEqual(['clicked']);
});

it('a page created without consent stores its queue at once when consent is granted; the next page sends it once', async () => {
  for (const key of queues()) values.delete(key);
  const first = page({ identity: { persist: false } });
  first.client.track('before');
  first.client.track('queued');
  await scheduler.advance(1_000);
  expect(queues()).toEqual([]);

  // What is in memory is stored at once, without waiting for the throttle: a tab closed right after the grant
  // (no pagehide, as in a crash) loses nothing.
  first.client.setIdentityConsent(true);
  expect(storedNames()).toEqual(['before', 'queued']);
  first.client.track('granted');
  await scheduler.advance(1_000);
  expect(storedNames()).toEqual(['before', 'queued', 'granted']);

  // The next page load of the same storage (the first tab gone) sends each event once.
  const next = page();
  next.state.up = true;
  await next.client.flush();
  expect(next.sent.flat()).toEqual(['before', 'queued', 'granted']);
  expect(first.sent).toEqual([]);
  await scheduler.advance(1_000);
  expect(queues()).toEqual([]);
});
