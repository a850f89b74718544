/**
 * The real thing: five pipelines with the fetch transport send 50,000 events
 * over loopback sockets to a collector that fails ~30% of requests with
 * 500/503, delays some past the client's timeout, and destroys some
 * connections after (maybe) storing the body. After shutdown every event
 * must have arrived, and dropping repeated ids must leave exactly 50,000.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchTransport } from '../../src/adapters/fetch-transport.js';
import { createEventPipeline, type ShutdownReport } from '../../src/events/pipeline.js';
import type { CustomEvent } from '../../src/events/types.js';
import { startLoopbackCollector, type LoopbackCollector } from '../support/loopback-collector.js';

const PIPELINES = 5;
const PER_PIPELINE = 10_000;
let collector: LoopbackCollector;

beforeAll(async () => {
  // Delays up to 400 ms against a 250 ms request timeout: some attempts time out while the collector still stores.
  collector = await startLoopbackCollector({
    seed: 20_250_101,
    failRate: 0.3,
    destroyRate: 0.05,
    delayRate: 0.2,
    maxDelayMs: 400,
  });
});
afterAll(() => collector.close());

describe('loopback chaos', () => {
  it('delivers every one of 50,000 events at least once through failures, delays and dropped connections', async () => {
    const started = Date.now();
    const sent = new Set<string>();
    const pipelines = Array.from({ length: PIPELINES }, () =>
      createEventPipeline({
        transport: createFetchTransport({ url: collector.url }),
        sdk: { name: 'splitkit', version: '0.0.0-test' },
        batchSize: 100,
        flushIntervalMs: 20,
        maxQueuedEvents: 2 * PER_PIPELINE,
        requestTimeoutMs: 250,
        retry: { baseDelayMs: 5, maxDelayMs: 100 },
      }),
    );

    await Promise.all(
      pipelines.map(async (pipeline, p) => {
        for (let i = 0; i < PER_PIPELINE; i++) {
          const event: CustomEvent = {
            id: randomUUID(),
            type: 'event',
            name: 'purchase',
            time: Date.now(),
            units: { userID: `u${p}-${i % 500}` },
            source: 'server',
            value: i,
          };
          sent.add(event.id);
          pipeline.enqueue(event);
          if (i % 500 === 499) await sleep(2);
        }
      }),
    );
    const reports: ShutdownReport[] = await Promise.all(pipelines.map((p) => p.shutdown({ timeoutMs: 40_000 })));
    const elapsed = Date.now() - started;

    for (const report of reports) {
      expect(report).toMatchObject({
        delivered: true,
        undelivered: 0,
        stats: { sent: PER_PIPELINE, dropped: 0, queued: 0, inFlight: 0, failedBatches: 0 },
      });
    }
    expect(sent.size).toBe(PIPELINES * PER_PIPELINE);
    const missing = [...sent].filter((id) => !collector.received.has(id));
    expect(missing).toEqual([]);
    // Dropping repeated ids leaves exactly what was sent: nothing lost, nothing foreign.
    expect(collector.received.size).toBe(PIPELINES * PER_PIPELINE);
    const stored = [...collector.received.values()].reduce((a, b) => a + b, 0);
    const { stats } = collector;
    // The chaos really happened: repeats reached the collector and every kind of failure occurred.
    expect(stored).toBeGreaterThan(PIPELINES * PER_PIPELINE);
    expect(stats.destroyed).toBeGreaterThan(0);
    expect(stats.delayed).toBeGreaterThan(0);
    expect(stats.invalid).toBe(0);
    // Failures are Bernoulli(0.3) per request: with n ≥ 500 requests the standard deviation of the
    // observed share is at most sqrt(0.3·0.7/500) ≈ 0.02, so [0.2, 0.4] is a ±5 sd band.
    expect(stats.requests).toBeGreaterThanOrEqual(500);
    expect(stats.failed / stats.requests).toBeGreaterThan(0.2);
    expect(stats.failed / stats.requests).toBeLessThan(0.4);
    expect(reports.reduce((n, r) => n + r.stats.retried, 0)).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(60_000);
    console.info(
      `loopback chaos: ${stats.requests} requests (${stats.failed} failed, ${stats.destroyed} destroyed, ${stats.delayed} delayed), ${stored - sent.size} repeats stored, ${elapsed} ms`,
    );
  }, 90_000);
});
