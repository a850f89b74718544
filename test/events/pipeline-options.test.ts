import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { resolvePipelineOptions } from '../../src/events/pipeline-options.js';
import { createEventPipeline } from '../../src/events/pipeline.js';
import { systemScheduler } from '../../src/io/scheduler.js';
import { customEvent, drain, ManualScheduler, SDK } from './helpers.js';

const transport = async () => ({ status: 200 });

describe('pipeline options', () => {
  it('fills the documented defaults', () => {
    const o = resolvePipelineOptions({ transport, sdk: SDK });
    expect(o).toMatchObject({
      batchSize: 100, flushIntervalMs: 10_000, maxQueuedEvents: 10_000, requestTimeoutMs: 10_000,
      retry: { baseDelayMs: 1_000, maxDelayMs: 60_000 }, persistence: undefined, unloadTransport: undefined,
    });
    expect(o.scheduler).toBe(systemScheduler);
    expect(o.random).toBe(Math.random);
    expect(o.uuid()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('treats undefined like a missing option (the client passes its own undefineds through)', () => {
    const o = resolvePipelineOptions({ transport, sdk: SDK, batchSize: undefined, retry: undefined, persistence: undefined });
    expect(o.batchSize).toBe(100);
    expect(o.retry.baseDelayMs).toBe(1_000);
  });

  it('fills persistence defaults', () => {
    const storage = { get: () => null, set: () => true, remove: () => {} };
    expect(resolvePipelineOptions({ transport, sdk: SDK, persistence: { storage } }).persistence).toEqual({ storage, key: 'splitkit.events', maxEvents: 1_000 });
  });

  it('refuses delays host timers cannot hold (they would fire at once)', () => {
    expect(() => resolvePipelineOptions({ transport, sdk: SDK, flushIntervalMs: 3e9 })).toThrow(/flushIntervalMs: expected a number in \[1, 2147483647\]/);
    expect(() => resolvePipelineOptions({ transport, sdk: SDK, retry: { maxDelayMs: Infinity } })).toThrow(/retry.maxDelayMs/);
  });

  it('lists every invalid option in one ConfigError', () => {
    let error: unknown;
    try {
      createEventPipeline({
        transport: 'nope' as never, sdk: { name: '', version: '1' }, batchSize: 0, flushIntervalMs: -1, maxQueuedEvents: 1.5,
        requestTimeoutMs: Number.NaN, retry: { baseDelayMs: -5 }, random: 3 as never, persistence: { storage: {} as never },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual([
      'batchSize', 'flushIntervalMs', 'maxQueuedEvents', 'persistence.storage', 'random', 'requestTimeoutMs', 'retry.baseDelayMs', 'sdk', 'transport',
    ]);
  });
});

describe('injected functions that throw', () => {
  it('are logged, never thrown from a timer, and lose no event', async () => {
    const logged: unknown[][] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void logged.push(args) };
    let broken = true;
    const p = createEventPipeline({
      transport, sdk: SDK, batchSize: 2, scheduler: new ManualScheduler(), logger,
      uuid: () => {
        if (broken) throw new Error('no entropy');
        return 'b';
      },
    });
    p.enqueue(customEvent(1));
    p.enqueue(customEvent(2));
    await drain();
    expect(logged).toHaveLength(1);
    expect(p.stats()).toMatchObject({ queued: 2, sent: 0 });
    broken = false;
    await p.flush();
    expect(p.stats()).toMatchObject({ queued: 0, sent: 2 });
  });
});
