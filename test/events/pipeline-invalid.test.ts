import { describe, expect, it, vi } from 'vitest';
import { HttpResponse } from 'msw';
import type { CustomEvent, EventBatch } from '../../src/events/types.js';
import type { Json } from '../../src/ruleset/types.js';
import { parseEventBatch } from '../../src/events/schema.js';
import { customEvent, events, status, usePipelineTest } from './helpers.js';

const { collector, errors, pipeline } = usePipelineTest({ batchSize: 100 });

function cyclic(): { [key: string]: Json } {
  const value: { [key: string]: unknown } = { a: 1 };
  value.self = value;
  return value as { [key: string]: Json };
}

function nested(levels: number): { [key: string]: Json } {
  let value: Json = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value as { [key: string]: Json };
}

/** 100 events, the one at `bad` with `metadata`. */
function hundredWith(bad: number, metadata: { [key: string]: Json }): CustomEvent[] {
  const list = events(0, 100);
  list[bad] = customEvent(bad, metadata);
  return list;
}

const idsExcept = (...left: number[]): string[] =>
  events(0, 100)
    .filter((_, i) => !left.includes(i))
    .map((e) => e.id);

/** A 400 body naming events by index (and id), as docs/protocol.md specifies. */
function refusal(batch: EventBatch, indexes: number[], extra: object[] = []): Response {
  const issues = [
    ...indexes.map((index) => ({
      index,
      id: batch.events[index]!.id,
      path: `events[${index}].metadata`,
      message: 'value is nested deeper than 32 levels',
    })),
    ...extra,
  ];
  return HttpResponse.json({ error: 'invalid event batch', issues, issueCount: issues.length }, { status: 400 });
}

describe('an event that cannot be sent', () => {
  it.each<[string, { [key: string]: Json }]>([
    ['cyclic metadata', cyclic()],
    ['a BigInt', { amount: 10n as unknown as Json }],
    ['metadata 3,000 levels deep', nested(3_000)],
  ])(
    '%s: one bad event of 100 is dropped and reported when queued, the 99 others go in one request',
    async (_name, metadata) => {
      const p = pipeline();
      for (const event of hundredWith(42, metadata)) p.enqueue(event);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'EVENTS_DROPPED' });
      expect(errors[0]!.message).toMatch(
        /^Dropped event "purchase": "(self|amount|a)" (cannot be serialized|is over 32 levels deep)/,
      );
      await vi.advanceTimersByTimeAsync(10_000);
      expect(collector.batches).toHaveLength(1);
      expect(collector.acceptedIds()).toEqual(idsExcept(42));
      expect(p.stats()).toMatchObject({ sent: 99, dropped: 1, retried: 0, queued: 0 });
      const report = await p.shutdown();
      expect(report).toMatchObject({ delivered: true, undelivered: 0, dropped: 1 });
    },
  );

  it('drops an event whose id or name is past its limit, never sending it', async () => {
    const p = pipeline();
    p.enqueue({ ...customEvent(0), id: 'x'.repeat(900 * 1024) });
    p.enqueue({ ...customEvent(1), name: 'n'.repeat(257) });
    p.enqueue(customEvent(2));
    await p.flush();
    expect(collector.acceptedIds()).toEqual(['e2']);
    expect(errors.map((e) => e.message)).toEqual([
      'Dropped event "purchase": "id" must be 1 to 128 characters',
      `Dropped event "${'n'.repeat(64)}": "name" must be 1 to 256 characters`,
    ]);
  });

  it('drops a custom event without a name, or whose metadata is not an object: the schema refuses them (each batch sent passes it)', async () => {
    const p = pipeline();
    const bad = [
      { ...customEvent(0), name: undefined as unknown as string },
      { ...customEvent(1), metadata: null as unknown as { [key: string]: Json } },
      { ...customEvent(2), metadata: [1, 2] as unknown as { [key: string]: Json } },
      { ...customEvent(3), metadata: 'x' as unknown as { [key: string]: Json } },
    ];
    for (const event of [...bad, customEvent(4)]) p.enqueue(event);
    await p.flush();
    expect(collector.acceptedIds()).toEqual(['e4']);
    for (const batch of collector.batches) expect(() => parseEventBatch(batch)).not.toThrow();
    expect(errors.map((e) => e.message)).toEqual([
      'Dropped event "undefined": "name" must be 1 to 256 characters',
      'Dropped event "purchase": "metadata" must be an object',
      'Dropped event "purchase": "metadata" must be an object',
      'Dropped event "purchase": "metadata" must be an object',
    ]);
    expect(p.stats()).toMatchObject({ sent: 1, dropped: 4 });
  });

  it('metadata made cyclic after it was queued: the failed batch is split from that event, no retry storm', async () => {
    const list = events(0, 100);
    const metadata: { [key: string]: unknown } = { step: 1 };
    list[7] = customEvent(7, metadata as { [key: string]: Json });
    const p = pipeline();
    for (const event of list) p.enqueue(event);
    metadata.self = metadata;
    await vi.advanceTimersByTimeAsync(10_000);
    // The failed attempt never reached the collector; the 99 others went at once, no backoff, no retry.
    expect(collector.batches).toHaveLength(1);
    expect(collector.acceptedIds()).toEqual(idsExcept(7));
    expect(p.stats()).toMatchObject({ sent: 99, dropped: 1, retried: 0, failedBatches: 0, queued: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'EVENTS_DROPPED' });
    expect(errors[0]!.message).toBe(
      'Dropped event "purchase": "self" cannot be serialized (Converting circular structure to JSON)',
    );
    expect(await p.shutdown()).toMatchObject({ delivered: true, dropped: 1 });
  });

  it('a network failure with no bad event still backs off and retries the whole batch', async () => {
    let calls = 0;
    const p = pipeline({
      transport: async () => (++calls === 1 ? Promise.reject(new Error('reset')) : { status: 200 }),
    });
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
    expect(p.stats()).toMatchObject({ sent: 10, dropped: 0, retried: 1 });
  });
});

describe('a 400 that names the invalid events', () => {
  it('drops exactly the events named, reports them, and resends the others at once', async () => {
    collector.reply((batch, index) => (index === 0 ? refusal(batch, [3, 61]) : status(200)));
    const p = pipeline();
    for (const event of events(0, 100)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.batches.map((b) => b.events.length)).toEqual([100, 98]);
    expect(collector.acceptedIds()).toEqual(idsExcept(3, 61));
    expect(collector.times[1]).toBe(collector.times[0]);
    expect(p.stats()).toMatchObject({ sent: 98, dropped: 2, retried: 0, failedBatches: 0 });
    expect(errors.map((e) => [e.code, e.message])).toEqual(
      [3, 61].map((i) => [
        'EVENTS_DROPPED',
        `Dropped event "purchase": refused by the collector, events[${i}].metadata: value is nested deeper than 32 levels`,
      ]),
    );
  });

  it('a capped list: each answer drops the events it names until the rest is accepted', async () => {
    const bad = new Set(['e5', 'e6', 'e7']);
    // Names only the first bad event of each batch, as a collector capping its issues at one would.
    collector.reply((batch) => {
      const index = batch.events.findIndex((e) => bad.has(e.id));
      return index < 0 ? status(200) : refusal(batch, [index]);
    });
    const p = pipeline();
    for (const event of events(0, 100)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.batches.map((b) => b.events.length)).toEqual([100, 99, 98, 97]);
    expect(collector.acceptedIds()).toEqual(idsExcept(5, 6, 7));
    expect(p.stats()).toMatchObject({ sent: 97, dropped: 3 });
  });

  it('422 (the store cannot keep some events) is handled the same way', async () => {
    collector.reply((_batch, index) =>
      index === 0
        ? HttpResponse.json(
            {
              error: 'events the store cannot keep',
              issues: [{ index: 0, path: 'events[0].name', message: 'U+0000' }],
              issueCount: 1,
            },
            { status: 422 },
          )
        : status(200),
    );
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await p.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.acceptedIds()).toEqual(events(1, 10).map((e) => e.id));
    expect(errors.map((e) => e.message)).toEqual([
      'Dropped event "purchase": refused by the collector, events[0].name: U+0000',
    ]);
  });

  it.each<[string, (batch: EventBatch) => Response]>([
    [
      'an issue about the batch itself',
      (batch) => refusal(batch, [2], [{ path: 'sentAt', message: 'expected an ISO-8601 date-time' }]),
    ],
    [
      'an id that does not match',
      (_batch) =>
        HttpResponse.json({ issues: [{ index: 2, id: 'other', path: 'events[2]', message: 'x' }] }, { status: 400 }),
    ],
    [
      'an index out of range',
      () => HttpResponse.json({ issues: [{ index: 10, path: 'events[10]', message: 'x' }] }, { status: 400 }),
    ],
    ['no body', () => status(400)],
    ['a body that is not JSON', () => new HttpResponse('nope', { status: 400 })],
  ])('%s: the whole batch is dropped and reported, as before', async (_name, answer) => {
    collector.reply(answer);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(collector.batches).toHaveLength(1);
    expect(p.stats()).toMatchObject({ sent: 0, dropped: 10, failedBatches: 1, retried: 0 });
    expect(errors[0]).toMatchObject({ status: 400, retryable: false });
    expect(await p.shutdown()).toMatchObject({ delivered: true, dropped: 10 });
  });
});
