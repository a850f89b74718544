import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomUuid } from '../../src/io/uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh copy of the module (its pool of random bytes empty) over `crypto`. */
async function freshUuid(crypto: { getRandomValues(bytes: Uint8Array): Uint8Array }): Promise<typeof randomUuid> {
  vi.stubGlobal('crypto', crypto);
  vi.resetModules();
  return (await import('../../src/io/uuid.js')).randomUuid;
}

describe('randomUuid', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns distinct v4 UUIDs, across refills of its random bytes', () => {
    // 1,000 ids take their bytes from four refills of 256 ids.
    const ids = new Set(Array.from({ length: 1000 }, () => randomUuid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(V4);
  });

  it('uses getRandomValues only (plain-http pages have no randomUUID)', async () => {
    const real = globalThis.crypto;
    const uuid = await freshUuid({ getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    const id = uuid();
    expect(id).toMatch(V4);
    expect(uuid()).not.toBe(id);
  });

  it('writes a hex digit of each random byte, with the version and variant bits set', async () => {
    let fill = 0;
    const uuid = await freshUuid({ getRandomValues: (bytes: Uint8Array) => bytes.fill(fill) });
    expect(uuid()).toBe('00000000-0000-4000-8000-000000000000');
    fill = 0xff;
    // The pool of 256 ids is filled once: the next 255 ids still come from the zeros.
    for (let i = 1; i < 256; i++) expect(uuid()).toBe('00000000-0000-4000-8000-000000000000');
    expect(uuid()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    let byte = 0;
    const counting = await freshUuid({ getRandomValues: (bytes: Uint8Array) => bytes.map(() => byte++) });
    // One byte a digit, its low 4 bits; the variant digit takes 2 bits; the version digit none.
    expect(counting()).toBe('01234567-89ab-4cde-b012-3456789abcde');
    expect(counting()).toBe('f0123456-789a-4bcd-af01-23456789abcd');
  });

  it('asks again for random bytes when the platform failed to give them', async () => {
    let fail = true;
    const uuid = await freshUuid({
      getRandomValues(bytes: Uint8Array) {
        if (fail) throw new Error('no entropy');
        return bytes.fill(0x2c);
      },
    });
    expect(() => uuid()).toThrow('no entropy');
    fail = false;
    expect(uuid()).toBe('cccccccc-cccc-4ccc-8ccc-cccccccccccc');
  });
});
