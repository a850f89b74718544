import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomUuid } from '../../src/io/uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomUuid', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns distinct v4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomUuid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it('falls back to getRandomValues without randomUUID (plain-http pages)', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    const id = randomUuid();
    expect(id).toMatch(V4);
    expect(randomUuid()).not.toBe(id);
  });
});
