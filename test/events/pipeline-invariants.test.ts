/**
 * Property test of the delivery guarantees: whatever the collector answers
 * (2xx, 400, 413, 429, 5xx, network errors, hangs) and however events and
 * flushes interleave, no event is counted twice or lost without being counted.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEventPipeline } from '../../src/events/pipeline.js';
import type { Transport, TransportResponse } from '../../src/events/transport.js';
import { customEvent, ManualScheduler, SDK } from './helpers.js';

type Outcome = 200 | 400 | 413 | 429 | 500 | 'throw' | 'hang';
const outcome = fc.constantFrom<Outcome>(200, 200, 200, 400, 413, 429, 500, 'throw', 'hang');

describe('delivery invariants', () => {
  it('sent + dropped + queued + inFlight always equals what was enqueued; nothing is delivered twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(outcome, { minLength: 1, maxLength: 30 }),
        fc.array(fc.record({ count: fc.nat(120), flush: fc.boolean(), wait: fc.nat(200) }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 10, max: 400 }),
        async (outcomes, bursts, batchSize, maxQueuedEvents) => {
          const scheduler = new ManualScheduler();
          const calls: { batchId: string; ids: string[] }[] = [];
          const accepted: string[] = [];
          let call = 0;
          const transport: Transport = (batch) => {
            const ids = batch.events.map((e) => e.id);
            calls.push({ batchId: batch.batchId, ids });
            const next = outcomes[call++ % outcomes.length] as Outcome;
            if (next === 'throw') return Promise.reject(new Error('connection reset'));
            if (next === 'hang') return new Promise<TransportResponse>(() => {});
            if (next === 200) accepted.push(...ids);
            return Promise.resolve(next === 429 ? { status: 429, retryAfterMs: 30 } : { status: next });
          };
          const p = createEventPipeline({
            transport,
            sdk: SDK,
            scheduler,
            batchSize,
            maxQueuedEvents,
            flushIntervalMs: 50,
            requestTimeoutMs: 40,
            random: () => 0.5,
            retry: { baseDelayMs: 10, maxDelayMs: 40 },
          });
          const conserved = (enqueued: number): void => {
            const s = p.stats();
            expect(s.sent + s.dropped + s.queued + s.inFlight).toBe(enqueued);
            expect(s.queued).toBeLessThanOrEqual(maxQueuedEvents);
          };
          let enqueued = 0;
          for (const burst of bursts) {
            for (let i = 0; i < burst.count; i++) p.enqueue(customEvent(enqueued++));
            conserved(enqueued);
            if (burst.flush) void p.flush();
            await scheduler.advance(burst.wait);
            conserved(enqueued);
          }
          const report = p.shutdown({ timeoutMs: 2_000 });
          await scheduler.advance(2_000);
          const { stats, undelivered, delivered } = await report;

          expect(stats.queued + stats.inFlight).toBe(0);
          expect(stats.sent + stats.dropped).toBe(enqueued);
          expect(delivered).toBe(undelivered === 0);
          expect(stats.sent).toBe(accepted.length);
          expect(new Set(accepted).size).toBe(accepted.length);
          // Bodies respect batchSize, keep enqueue order, and a retried batch id only ever loses its oldest events.
          const firstSeen = new Map<string, string[]>();
          for (const { batchId, ids } of calls) {
            expect(ids.length).toBeLessThanOrEqual(batchSize);
            const numbers = ids.map((id) => Number(id.slice(1)));
            expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
            const first = firstSeen.get(batchId);
            if (first) expect(first.slice(first.length - ids.length)).toEqual(ids);
            else firstSeen.set(batchId, ids);
          }
          expect(scheduler.pending).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
