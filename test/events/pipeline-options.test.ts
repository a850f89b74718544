import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { resolvePipelineOptions } from '../../src/events/pipeline-options.js';
import { createEventPipeline } from '../../src/events/pipeline.js';
import { systemScheduler } from '../../src/io/scheduler.js';
import { SDK } from './helpers.js';

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
