import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { checkPipelineOptions, resolvePipelineOptions } from '../../src/events/pipeline-options.js';
import { createEventPipeline } from '../../src/events/pipeline.js';
import { systemScheduler } from '../../src/io/scheduler.js';
import { customEvent, drain, ManualScheduler, SDK } from './helpers.js';

const transport = async () => ({ status: 200 });

describe('pipeline options', () => {
  it('fills the documented defaults', () => {
    const o = resolvePipelineOptions({ transport, sdk: SDK });
    expect(o).toMatchObject({
      batchSize: 100,
      flushIntervalMs: 10_000,
      maxQueuedEvents: 10_000,
      requestTimeoutMs: 10_000,
      retry: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
      persistence: undefined,
    });
    // No default: the key may be absent.
    expect(o.unloadTransport).toBeUndefined();
    expect(o.scheduler).toBe(systemScheduler);
    expect(o.random).toBe(Math.random);
    expect(o.uuid()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('treats undefined like a missing option (the client passes its own undefineds through)', () => {
    const o = resolvePipelineOptions({
      transport,
      sdk: SDK,
      batchSize: undefined,
      retry: undefined,
      persistence: undefined,
    });
    expect(o.batchSize).toBe(100);
    expect(o.retry.baseDelayMs).toBe(1_000);
  });

  it('fills persistence defaults', () => {
    const storage = { get: () => null, set: () => true, remove: () => {} };
    expect(resolvePipelineOptions({ transport, sdk: SDK, persistence: { storage } }).persistence).toEqual({
      storage,
      key: 'splitkit.events',
      maxEvents: 1_000,
    });
  });

  it('refuses delays host timers cannot hold (they would fire at once)', () => {
    expect(() => checkPipelineOptions({ transport, sdk: SDK, flushIntervalMs: 3e9 })).toThrow(
      /flushIntervalMs: expected a number in \[1, 2147483647\]/,
    );
    expect(() => checkPipelineOptions({ transport, sdk: SDK, retry: { maxDelayMs: Infinity } })).toThrow(
      /retry.maxDelayMs/,
    );
  });

  it('lists every invalid option in one ConfigError', () => {
    let error: unknown;
    try {
      createEventPipeline({
        transport: 'nope' as never,
        sdk: { name: '', version: '1' },
        batchSize: 0,
        flushIntervalMs: -1,
        maxQueuedEvents: 1.5,
        requestTimeoutMs: Number.NaN,
        retry: { baseDelayMs: -5 },
        random: 3 as never,
        persistence: { storage: {} as never },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual([
      'batchSize',
      'flushIntervalMs',
      'maxQueuedEvents',
      'persistence.storage.get',
      'persistence.storage.remove',
      'persistence.storage.set',
      'random',
      'requestTimeoutMs',
      'retry.baseDelayMs',
      'sdk.name',
      'transport',
    ]);
  });
});

describe('injected functions that throw', () => {
  it('a failing uuid is logged and replaced by a random id; no event is lost', async () => {
    const logged: unknown[][] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void logged.push(args) };
    const batchIds: string[] = [];
    const p = createEventPipeline({
      transport: async (batch) => {
        batchIds.push(batch.batchId);
        return { status: 200 };
      },
      sdk: SDK,
      batchSize: 2,
      scheduler: new ManualScheduler(),
      logger,
      uuid: () => {
        throw new Error('no entropy');
      },
    });
    p.enqueue(customEvent(1));
    p.enqueue(customEvent(2));
    p.enqueue(customEvent(3));
    await drain();
    await p.flush();
    expect(p.stats()).toMatchObject({ queued: 0, sent: 3 });
    expect(batchIds).toHaveLength(2);
    for (const id of batchIds) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged).toHaveLength(2);
  });

  it('a failing clock is logged, never thrown from a timer', async () => {
    const logged: unknown[][] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => void logged.push(args) };
    const scheduler = new ManualScheduler();
    const broken = {
      now: (): number => {
        throw new Error('clock');
      },
      setTimeout: (callback: () => void, ms: number) => scheduler.setTimeout(callback, ms),
      clearTimeout: (handle: unknown) => scheduler.clearTimeout(handle),
    };
    const p = createEventPipeline({ transport, sdk: SDK, batchSize: 2, logger, scheduler: broken });
    p.enqueue(customEvent(1));
    p.enqueue(customEvent(2));
    await drain();
    expect(logged).toHaveLength(1);
    expect(p.stats().queued).toBe(2);
  });
});
