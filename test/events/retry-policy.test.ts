import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyStatus, MAX_RETRY_AFTER_MS, retryDelay } from '../../src/events/retry-policy.js';

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('classifyStatus', () => {
  it.each([
    [200, 'delivered'],
    [202, 'delivered'],
    [204, 'delivered'],
    [413, 'split'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [400, 'reject'],
    [401, 'reject'],
    [403, 'reject'],
    [404, 'reject'],
    [422, 'reject'],
    [0, 'retry'],
    [302, 'retry'],
    [101, 'retry'],
  ])('%i → %s', (code, verdict) => {
    expect(classifyStatus(code)).toBe(verdict);
  });

  it('retries when there was no answer', () => {
    expect(classifyStatus(undefined)).toBe('retry');
  });
});

describe('backoffDelay (full jitter)', () => {
  it('scales random() by min(max, base · 2^attempt)', () => {
    expect(backoffDelay(0, () => 0.5, policy)).toBe(500);
    expect(backoffDelay(1, () => 0.5, policy)).toBe(1000);
    expect(backoffDelay(4, () => 0.5, policy)).toBe(8000);
    expect(backoffDelay(10, () => 0.5, policy)).toBe(30_000); // capped at 60 s
    expect(backoffDelay(50, () => 0.999, policy)).toBe(59_940);
    expect(backoffDelay(3, () => 0, policy)).toBe(0);
  });

  it('spreads delays uniformly over [0, ceiling)', () => {
    // 20,000 draws of U(0, 8000): the mean is 4000 with standard error
    // 8000/sqrt(12·20000) ≈ 16.3 ms, so ±100 ms is over 6 standard errors.
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let sum = 0;
    let max = 0;
    for (let i = 0; i < 20_000; i++) {
      const delay = backoffDelay(3, random, policy);
      sum += delay;
      max = Math.max(max, delay);
    }
    expect(Math.abs(sum / 20_000 - 4000)).toBeLessThan(100);
    expect(max).toBeLessThan(8000);
  });
});

describe('retryDelay', () => {
  it('uses Retry-After on 429 and 503 when it is longer than the backoff', () => {
    expect(retryDelay({ status: 429, retryAfterMs: 7000 }, 0, () => 0.5, policy)).toBe(7000);
    expect(retryDelay({ status: 503, retryAfterMs: 1500 }, 3, () => 0.5, policy)).toBe(4000);
  });

  it('never retries at once on a Retry-After of 0 (or a date a clock running ahead reads as past)', () => {
    // A collector answering 503 with Retry-After: 0 to every attempt gets backed-off retries, not a tight loop.
    const waits = [0, 1, 2, 3, 4].map((attempt) =>
      retryDelay({ status: 503, retryAfterMs: 0 }, attempt, () => 0.5, policy),
    );
    expect(waits).toStrictEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('ignores Retry-After on other statuses and falls back to backoff without it', () => {
    expect(retryDelay({ status: 500, retryAfterMs: 7000 }, 0, () => 0.5, policy)).toBe(500);
    expect(retryDelay({ status: 503 }, 1, () => 0.5, policy)).toBe(1000);
    expect(retryDelay(undefined, 2, () => 0.5, policy)).toBe(2000);
    expect(retryDelay({ status: 429, retryAfterMs: Number.NaN }, 0, () => 0.5, policy)).toBe(500);
  });

  it('caps an absurd Retry-After', () => {
    expect(retryDelay({ status: 429, retryAfterMs: 10 * 86_400_000 }, 0, () => 0.5, policy)).toBe(MAX_RETRY_AFTER_MS);
  });
});
