/**
 * A localStorage that is full (an app's own caches used the origin's quota up) still holds the device id
 * stored on an earlier visit. Without the cookie (`identity.cookie: false`, or cookies blocked) it is the only
 * place the id lives: the client must read it, or every page load would make a new id and move the visitor
 * between an experiment's variants.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';

/** A Web Storage whose quota (in characters) is used up by what it holds. */
function fullStorage(values: Map<string, string>): Storage {
  const used = () => [...values].reduce((n, [k, v]) => n + k.length + v.length, 0);
  const quota = used();
  return {
    get length() {
      return values.size;
    },
    key: (index: number) => [...values.keys()][index] ?? null,
    getItem: (key: string) => values.get(key) ?? null,
    setItem(key: string, value: string) {
      if (used() - (values.get(key)?.length ?? 0) + value.length + (values.has(key) ? 0 : key.length) > quota)
        throw new DOMException('full', 'QuotaExceededError');
      values.set(key, value);
    },
    removeItem: (key: string) => void values.delete(key),
    clear: () => values.clear(),
  };
}

afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('the device id in a full localStorage', () => {
  it('is read back on the next load (no cookie): the visitor keeps the id, and its variant', () => {
    const id = '3f1c2a9e-8d7b-4c55-9e21-5a0b6c7d8e9f';
    const values = new Map([
      ['app.cache', 'x'.repeat(10_000)],
      ['splitkit.deviceID', id],
    ]);
    (globalThis as { localStorage?: unknown }).localStorage = fullStorage(values);
    const client = createClient({ ruleset: {}, environment: 'browser', identity: { cookie: false } });
    expect(client.getUser().deviceID).toBe(id);
    expect(values.get('splitkit.deviceID')).toBe(id);
  });
});
