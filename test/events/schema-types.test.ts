/**
 * The event types (events/types.ts) and the protocol schema (events/schema.ts)
 * describe the same events: checked by tsc (`npm run typecheck`), so neither
 * can change without the other. Each event kind is checked on its own as well
 * as the whole batch, so a failure names the event that drifted.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import { REASONS, type Reason } from '../../src/eval/types.js';
import {
  type customEventSchema,
  type eventBatchSchema,
  type exposureEventSchema,
  type identifyEventSchema,
  parseEventBatch,
} from '../../src/events/schema.js';
import type { CustomEvent, EventBatch, ExposureEvent, IdentifyEvent } from '../../src/events/types.js';

// Equal types (not only assignable: an optional field on one side only fails too).
expectTypeOf<z.output<typeof exposureEventSchema>>().toEqualTypeOf<ExposureEvent>();
expectTypeOf<z.output<typeof customEventSchema>>().toEqualTypeOf<CustomEvent>();
expectTypeOf<z.output<typeof identifyEventSchema>>().toEqualTypeOf<IdentifyEvent>();
expectTypeOf<z.output<typeof eventBatchSchema>>().toEqualTypeOf<EventBatch>();
// The reasons the protocol accepts are exactly the evaluator's.
expectTypeOf<z.output<typeof exposureEventSchema>['reason']>().toEqualTypeOf<Reason>();
// parseEventBatch returns the type without a cast.
expectTypeOf(parseEventBatch).returns.toEqualTypeOf<EventBatch>();

describe('the protocol schema and the event types', () => {
  const exposure = (reason: string) => ({
    batchId: 'b',
    sentAt: '2026-01-01T00:00:00.000Z',
    sdk: { name: 'splitkit', version: '0' },
    events: [
      { id: 'e', time: 0, units: { userID: 'u' }, source: 'client', type: 'exposure', name: 'g', kind: 'gate', reason },
    ],
  });

  it('accepts every reason the evaluator gives, and no other', () => {
    for (const reason of REASONS) expect(parseEventBatch(exposure(reason)).events[0]).toMatchObject({ reason });
    expect(() => parseEventBatch(exposure('MAYBE'))).toThrow(/events\[0\]\.reason/);
  });
});
