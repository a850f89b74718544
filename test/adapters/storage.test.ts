import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalStorage, createMemoryStorage } from '../../src/adapters/storage.js';

/** A Web Storage stand-in: a quota in characters, and switches to make it throw. */
class FakeStorage implements Storage {
  values = new Map<string, string>();
  throwOnRead = false;
  throwOnWrite = false;
  constructor(private quota = Infinity) {}
  get length() {
    return this.values.size;
  }
  clear() {
    this.values.clear();
  }
  key(index: number) {
    return [...this.values.keys()][index] ?? null;
  }
  getItem(key: string) {
    if (this.throwOnRead) throw new DOMException('denied', 'SecurityError');
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.throwOnWrite) throw new DOMException('denied', 'SecurityError');
    const used = [...this.values].reduce((n, [k, v]) => n + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.values.set(key, value);
  }
  removeItem(key: string) {
    if (this.throwOnWrite) throw new DOMException('denied', 'SecurityError');
    this.values.delete(key);
  }
}

describe('createLocalStorage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads, writes and removes through the Web Storage', () => {
    const web = new FakeStorage();
    const storage = createLocalStorage(web);
    expect(storage).toBeDefined();
    expect(storage?.get('k')).toBeNull();
    expect(storage?.set('k', 'v')).toBe(true);
    expect(web.values.get('k')).toBe('v');
    expect(storage?.get('k')).toBe('v');
    storage?.remove('k');
    expect(storage?.get('k')).toBeNull();
    expect(web.values.size).toBe(0); // the probe left nothing behind
  });

  it('returns false from set when the quota is exceeded, and keeps working', () => {
    const storage = createLocalStorage(new FakeStorage(100));
    expect(storage?.set('big', 'x'.repeat(200))).toBe(false);
    expect(storage?.set('small', 'x')).toBe(true);
  });

  it('is undefined when storage refuses writes (disabled, private mode quota 0)', () => {
    expect(createLocalStorage(new FakeStorage(0))).toBeUndefined();
    const blocked = new FakeStorage();
    blocked.throwOnWrite = true;
    expect(createLocalStorage(blocked)).toBeUndefined();
  });

  it('is used when full: it reads what it holds (a device id from an earlier visit), and its writes return false', () => {
    const web = new FakeStorage(40);
    web.setItem('splitkit.deviceID', 'a-device-id');
    web.setItem('pad', 'x'.repeat(40 - 'splitkit.deviceID'.length - 'a-device-id'.length - 3));
    const storage = createLocalStorage(web);
    expect(storage?.get('splitkit.deviceID')).toBe('a-device-id');
    expect(storage?.set('other', 'x')).toBe(false);
  });

  it('is undefined without localStorage (Node) and when touching it throws (sandboxed frames)', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(createLocalStorage()).toBeUndefined();
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      expect(createLocalStorage()).toBeUndefined();
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  it('lists its keys (each tab keeps its event queue under a key of its own), and none once listing throws', () => {
    const web = new FakeStorage();
    const storage = createLocalStorage(web)!;
    storage.set('a', '1');
    storage.set('b', '2');
    expect(storage.keys?.()).toEqual(['a', 'b']);
    vi.spyOn(web, 'key').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(storage.keys?.()).toEqual([]);
  });

  it('has no keys() over a stand-in that cannot list its keys (then the event queues share one key)', () => {
    const values = new Map<string, string>();
    const standIn = {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
      removeItem: (key: string) => void values.delete(key),
    } as unknown as Storage;
    expect(createLocalStorage(standIn)?.keys).toBeUndefined();
  });

  it('uses the global localStorage by default', () => {
    const web = new FakeStorage();
    vi.stubGlobal('localStorage', web);
    createLocalStorage()?.set('a', '1');
    expect(web.values.get('a')).toBe('1');
  });

  it('never throws once storage is revoked', () => {
    const web = new FakeStorage();
    const storage = createLocalStorage(web);
    web.throwOnRead = true;
    web.throwOnWrite = true;
    expect(storage?.get('k')).toBeNull();
    expect(storage?.set('k', 'v')).toBe(false);
    expect(() => storage?.remove('k')).not.toThrow();
  });
});

describe('createMemoryStorage', () => {
  it('lists the keys it holds', () => {
    const storage = createMemoryStorage();
    storage.set('x', '1');
    expect(storage.keys?.()).toEqual(['x']);
  });

  it('keeps values in memory, separately per instance', () => {
    const a = createMemoryStorage();
    const b = createMemoryStorage();
    expect(a.set('k', 'v')).toBe(true);
    expect(a.get('k')).toBe('v');
    expect(b.get('k')).toBeNull();
    a.remove('k');
    expect(a.get('k')).toBeNull();
  });
});
