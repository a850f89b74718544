/**
 * Batches built to hurt: deep nesting, floods of tiny items, oversized ids,
 * many invalid events, times far from the collector's clock. Each is refused
 * with a small answer naming the events, and nothing of the batch is stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import type { CollectorOptions } from '../../src/collector/collector-options.js';
import { EventBatchError } from '../../src/errors/index.js';
import { RECENT, batch, custom, customEvents } from './support/events.js';
import { memoryStore } from './support/memory-store.js';
import type { TestStore } from './support/memory-store.js';
import { serve } from './support/server.js';
import type { TestServer } from './support/server.js';

interface IssuesAnswer {
  error: string;
  issues: { index?: number; id?: string; path: string; message: string }[];
  issueCount: number;
}

let store: TestStore;
let server: TestServer;
let errors: Error[];

async function start(options: Partial<CollectorOptions> = {}): Promise<void> {
  server = await serve(createCollector({ store, onError: (error) => errors.push(error), ...options }));
}

async function post(body: string | object): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

beforeEach(() => {
  store = memoryStore();
  errors = [];
});

afterEach(async () => {
  await server?.close();
});

describe('collector: deeply nested events', () => {
  it.each([1000, 1500, 2000])(
    'answers 400 naming the event (index and id) for metadata %i levels deep, never 500',
    async (depth) => {
      await start();
      const events = customEvents(4);
      events[2] = { ...events[2]!, metadata: { deep: nested(depth) as never } };
      const answer = await post(batch(events));
      expect(answer.status).toBe(400);
      const body = JSON.parse(answer.text) as IssuesAnswer;
      expect(body.error).toBe('invalid event batch');
      expect(body.issues).toEqual([expect.objectContaining({ index: 2, id: events[2]!.id, path: 'events[2]' })]);
      expect(body.issues[0]!.message).toMatch(/nested deeper than/);
      expect(store.events).toEqual([]);
      expect(errors).toEqual([]);
    },
  );

  it('answers 400 without an event index when the nesting is outside the events', async () => {
    await start();
    const answer = await post({ ...batch(customEvents(1)), sdk: nested(3000) });
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.text) as IssuesAnswer).issues[0]).not.toHaveProperty('index');
  });

  it('still accepts metadata nested within the limit', async () => {
    await start();
    const events = [custom('deep-enough', RECENT, { metadata: { deep: nested(20) as never } })];
    expect((await post(batch(events))).status).toBe(200);
  });
});

describe('collector: bounded work and answers', () => {
  it('answers a 200 KB body of 100,000 empty objects 413 with a small body', async () => {
    await start();
    const body = JSON.stringify({ ...batch([]), events: Array.from({ length: 100_000 }, () => ({})) });
    expect(body.length).toBeGreaterThan(200_000);
    const answer = await post(body);
    expect(answer.status).toBe(413);
    // The old collector answered 5.6-7.7 MB listing every event; the count is checked before parsing.
    expect(answer.text.length).toBeLessThan(200);
  });

  it('answers 500,000 items 413, not 500', async () => {
    await start({ maxBodyBytes: 4 * 1024 * 1024 });
    const answer = await post(JSON.stringify({ ...batch([]), events: Array.from({ length: 500_000 }, () => 0) }));
    expect(answer.status).toBe(413);
    expect(errors).toEqual([]);
  });

  it('answers a body with too many JSON values 413 before parsing it', async () => {
    await start({ maxJsonValues: 1000 });
    const event = custom('many', RECENT, { metadata: { list: Array.from({ length: 2000 }, () => 1) as never } });
    expect((await post(batch([event]))).status).toBe(413);
  });

  it('lists at most 100 issues for 1,000 invalid events, with a count, in a small answer', async () => {
    await start();
    const events = customEvents(1000).map((event) => ({ ...event, time: 'yesterday' }));
    const answer = await post({ ...batch([]), events });
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.text) as IssuesAnswer;
    expect(body.issues).toHaveLength(100);
    expect(body.issueCount).toBeGreaterThanOrEqual(100);
    expect(body.issues.map((issue) => issue.index)).toEqual(Array.from({ length: 100 }, (_, index) => index));
    expect(body.issues[7]).toEqual({
      index: 7,
      id: events[7]!.id,
      path: 'events[7].time',
      message: expect.any(String),
    });
    expect(answer.text.length).toBeLessThan(20_000);
  });

  it('caps the list at maxIssues', async () => {
    await start({ maxIssues: 3 });
    const events = customEvents(10).map((event) => ({ ...event, units: 5 }));
    const body = JSON.parse((await post({ ...batch([]), events })).text) as IssuesAnswer;
    expect(body.issues.map((issue) => issue.index)).toEqual([0, 1, 2]);
  });

  it('names only the bad events and lists batch-level problems without an index', async () => {
    await start();
    const events: unknown[] = customEvents(5);
    events[1] = { ...(events[1] as object), time: -1 };
    events[4] = { ...(events[4] as object), type: 'nope' };
    const body = JSON.parse((await post({ ...batch([]), sentAt: 'later', events })).text) as IssuesAnswer;
    expect(body.issues).toEqual([
      { path: 'sentAt', message: expect.any(String) },
      expect.objectContaining({ index: 1, path: 'events[1].time' }),
      expect.objectContaining({ index: 4 }),
    ]);
    expect(body.issueCount).toBe(3);
  });
});

describe('collector: ids and names', () => {
  it('refuses a 1 MB id with a 400 naming the event without echoing the id', async () => {
    await start({ maxBodyBytes: 2 * 1024 * 1024 });
    const events = customEvents(3);
    events[1] = { ...events[1]!, id: 'x'.repeat(1024 * 1024) };
    const answer = await post(batch(events));
    expect(answer.status).toBe(400);
    expect(answer.text.length).toBeLessThan(500);
    // The protocol's limits check (events/limits.ts) names the key in its message.
    expect(JSON.parse(answer.text)).toMatchObject({
      issues: [{ index: 1, path: 'events[1]', message: '"id" must be 1 to 128 characters' }],
    });
    expect((JSON.parse(answer.text) as IssuesAnswer).issues[0]).not.toHaveProperty('id');
    expect(store.events).toEqual([]);
  });

  it('refuses an event name over 256 characters', async () => {
    await start();
    const answer = await post(batch([custom('n'.repeat(3000))]));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      issues: [{ index: 0, path: 'events[0]', message: '"name" must be 1 to 256 characters' }],
    });
  });

  it('names the events in a 422 from the store', async () => {
    const events = customEvents(3);
    store.failure = new EventBatchError([{ path: 'events[2].name', message: 'cannot store U+0000' }]);
    await start();
    const answer = await post(batch(events));
    expect(answer.status).toBe(422);
    expect(JSON.parse(answer.text)).toEqual({
      error: 'events the store cannot keep',
      issues: [{ index: 2, id: events[2]!.id, path: 'events[2].name', message: 'cannot store U+0000' }],
      issueCount: 1,
    });
  });
});

describe('collector: bodies that are not UTF-8', () => {
  /** The batch of `events` as UTF-8, with each `@` in it replaced by the byte `bytes[i]` (not UTF-8 alone). */
  function latin1Body(events: object[], ...bytes: number[]): Buffer {
    const parts = JSON.stringify(batch(events as never)).split('@');
    return Buffer.concat(
      parts.flatMap((part, i) => (i === 0 ? [Buffer.from(part)] : [Buffer.from([bytes[i - 1]!]), Buffer.from(part)])),
    );
  }
  const postBytes = (body: Buffer): Promise<Response> =>
    fetch(`${server.url}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Uint8Array(body),
    });

  it('refuses an id holding bytes that are not UTF-8 (400 naming it): two such ids would be stored as one', async () => {
    await start();
    // "café-1" and "cafè-1" in Latin-1: both decode to "caf\ufffd-1".
    const first = await postBytes(latin1Body([{ ...custom(), id: 'caf@-1' }], 0xe9));
    const second = await postBytes(latin1Body([custom(), { ...custom(), id: 'caf@-1' }], 0xe8));
    expect(first.status).toBe(400);
    expect(await first.json()).toEqual({
      error: 'invalid event batch',
      issues: [
        {
          index: 0,
          id: 'caf\ufffd-1',
          path: 'events[0].id',
          message: 'holds bytes that are not UTF-8 (read as U+FFFD, they could make two ids one)',
        },
      ],
      issueCount: 1,
    });
    expect(second.status).toBe(400);
    expect(((await second.json()) as IssuesAnswer).issues.map((issue) => issue.path)).toEqual(['events[1].id']);
    expect(store.events).toEqual([]);
  });

  it('reads a body that starts with a UTF-8 byte order mark (RFC 8259 lets a parser ignore it)', async () => {
    await start();
    const events = customEvents(2);
    const answer = await postBytes(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(batch(events)))]),
    );
    expect(answer.status).toBe(200);
    expect(store.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });

  it('stores other strings with U+FFFD for such bytes, and a U+FFFD sent as UTF-8 in an id as it is', async () => {
    await start();
    const latin = await postBytes(latin1Body([{ ...custom('caf@'), id: 'plain-id' }], 0xe9));
    expect(latin.status).toBe(200);
    const sentAsIs = await post(batch([{ ...custom(), id: 'id-\ufffd' }]));
    expect(sentAsIs.status).toBe(200);
    expect(store.events.map((event) => [event.id, event.name])).toEqual([
      ['plain-id', 'caf\ufffd'],
      ['id-\ufffd', 'purchase'],
    ]);
  });
});

describe('collector: __proto__ keys', () => {
  /** A batch of a good event and one with `field` (raw JSON) added: `JSON.stringify` writes no `__proto__` key. */
  function withField(field: string): { text: string; ids: string[] } {
    const events = [custom(), custom()];
    const text = JSON.stringify(batch(events));
    const cut = text.lastIndexOf('}]}');
    return { text: `${text.slice(0, cut)},${field}${text.slice(cut)}`, ids: events.map((event) => event.id) };
  }

  it.each([
    ['attributes', '"attributes":{"__proto__":{"plan":"pro"},"k":"v"}', 'events[1].attributes.__proto__'],
    ['metadata, nested', '"metadata":{"a":[{"b":{"__proto__":1}}]}', 'events[1].metadata.a[0].b.__proto__'],
    ['units', '"units":{"userID":"u1","__proto__":"u2"}', 'events[1].units.__proto__'],
  ])(
    'refuses a __proto__ key in %s (400 naming its path) instead of storing the event without it',
    async (_, field, path) => {
      await start();
      const { text, ids } = withField(field);
      const answer = await post(text);
      expect(answer.status).toBe(400);
      expect((JSON.parse(answer.text) as IssuesAnswer).issues).toEqual([
        {
          index: 1,
          id: ids[1],
          path,
          message:
            'a key named "__proto__" cannot be stored (JavaScript objects read it as their prototype, and records of the schema leave it out)',
        },
      ]);
      expect(store.events).toEqual([]);
    },
  );

  it('leaves out a __proto__ key of the event itself, as any unknown key', async () => {
    await start();
    const { text, ids } = withField('"__proto__":{"x":1}');
    const answer = await post(text);
    expect(answer.status).toBe(200);
    expect(store.events.map((event) => event.id)).toEqual(ids);
    expect(Object.keys(store.events[1]!)).not.toContain('__proto__');
  });
});

describe('collector: time window', () => {
  const now = Date.UTC(2030, 0, 15);
  const day = 86_400_000;

  it('refuses events more than a day ahead of or 90 days behind its clock, naming them', async () => {
    await start({ now: () => now });
    const events = [
      custom('ok', now),
      custom('future', now + day + 1),
      custom('year 3000', Date.UTC(3000, 0, 1)),
      custom('old', now - 90 * day - 1),
      custom('edge', now - 90 * day),
    ];
    const body = JSON.parse((await post(batch(events))).text) as IssuesAnswer;
    expect(body.issues).toEqual([
      { index: 1, id: events[1]!.id, path: 'events[1].time', message: "more than 1 day after the collector's clock" },
      // Past the protocol's fixed bound (before 2100), whatever the collector's clock.
      { index: 2, id: events[2]!.id, path: 'events[2].time', message: 'expected a number < 4102444800000' },
      {
        index: 3,
        id: events[3]!.id,
        path: 'events[3].time',
        message: "more than 90 days before the collector's clock",
      },
    ]);
    expect(store.events).toEqual([]);
    expect((await post(batch([events[0]!, events[4]!]))).status).toBe(200);
  });

  it('takes its window from the options', async () => {
    await start({ now: () => now, maxEventAgeMs: 3_600_000, maxEventAheadMs: 0 });
    expect((await post(batch([custom('a', now - 3_600_001)]))).status).toBe(400);
    expect((await post(batch([custom('b', now + 1)]))).status).toBe(400);
    expect((await post(batch([custom('c', now - 3_600_000), custom('d', now)]))).status).toBe(200);
  });
});
