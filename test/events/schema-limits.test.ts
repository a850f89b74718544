import { describe, expect, it } from 'vitest';
import { EventBatchError } from '../../src/errors/index.js';
import {
  MAX_EVENT_AGE_MS,
  MAX_EVENT_AHEAD_MS,
  MAX_EVENT_ID_LENGTH,
  MAX_EVENT_NAME_LENGTH,
} from '../../src/events/limits.js';
import { parseEventBatch } from '../../src/events/schema.js';
import { customEvent, SDK } from './helpers.js';

function batch(...fields: Record<string, unknown>[]): unknown {
  return {
    batchId: 'b1',
    sentAt: '2025-01-01T00:00:00.000Z',
    sdk: SDK,
    events: fields.map((f, i) => ({ ...customEvent(i), ...f })),
  };
}

/** The issues parseEventBatch throws for `input`, as `path: message`. */
function issues(input: unknown, now?: number): string[] {
  try {
    parseEventBatch(input, { now });
  } catch (error) {
    expect(error).toBeInstanceOf(EventBatchError);
    return (error as EventBatchError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

/** JSON text of an object nested `levels` deep, parsed the way a collector parses a body. */
function deepJson(levels: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
}

describe('protocol limits in the schema', () => {
  it('accepts events at the limits', () => {
    expect(
      issues(
        batch({
          id: 'i'.repeat(MAX_EVENT_ID_LENGTH),
          name: 'n'.repeat(MAX_EVENT_NAME_LENGTH),
          value: -1e15,
          metadata: deepJson(32) as never,
        }),
      ),
    ).toEqual([]);
  });

  it('refuses metadata nested 1,000 to 100,000 levels deep with an issue naming the event, not a stack overflow', () => {
    for (const levels of [33, 1_000, 2_000, 100_000]) {
      expect(issues(batch({}, { metadata: deepJson(levels) }))).toEqual(['events[1]: "a" is over 32 levels deep']);
    }
  });

  it('refuses an id or a name past its length limit, however large', () => {
    expect(issues(batch({ id: 'x'.repeat(900 * 1024) }, { name: 'y'.repeat(MAX_EVENT_NAME_LENGTH + 1) }))).toEqual([
      'events[0]: "id" must be 1 to 128 characters',
      'events[1]: "name" must be 1 to 256 characters',
    ]);
  });

  it('bounds unit ids, exposure keys, buckets and JSON sizes', () => {
    const exposure = { type: 'exposure', kind: 'gate', reason: 'SPLIT', value: true, name: 'g' };
    expect(
      issues(
        batch(
          { units: { userID: 'u'.repeat(257) } },
          { ...exposure, variant: 'v'.repeat(257) },
          { ...exposure, bucket: 10_000 },
          { metadata: { blob: 'x'.repeat(20_000) } },
          { attributes: { plan: [1, 2] }, metadata: [1] },
        ),
      ),
    ).toEqual([
      'events[0].units.userID: expected at most 256 characters',
      'events[1].variant: expected at most 256 characters',
      'events[2].bucket: expected a number < 10000',
      'events[3]: the event is over 16384 characters',
      'events[4].metadata: expected an object',
    ]);
  });

  it.each([1e200, 1e16, -1e16])('refuses value %d (finite numbers within ±1e15 only)', (value) => {
    expect(issues(batch({ value }))).toEqual(['events[0]: "value" must be a number in ±1000000000000000']);
  });

  it("refuses a time in the year 3000, and with the receiver's clock one outside its window", () => {
    expect(issues(batch({ time: Date.UTC(3000, 0, 1) }))).toEqual([
      'events[0].time: expected a number < 4102444800000',
    ]);
    const now = Date.UTC(2025, 5, 1);
    expect(issues(batch({ time: now - MAX_EVENT_AGE_MS }, { time: now + MAX_EVENT_AHEAD_MS }), now)).toEqual([]);
    expect(
      issues(batch({ time: now - MAX_EVENT_AGE_MS - 1 }, { time: now }, { time: now + MAX_EVENT_AHEAD_MS + 1 }), now),
    ).toEqual([
      "events[0].time: expected a time within 90 days before and 1 day after the receiver's clock",
      "events[2].time: expected a time within 90 days before and 1 day after the receiver's clock",
    ]);
  });
});
