import { describe, expect, it } from 'vitest';
import { createCookieStorage, readCookie } from '../../src/adapters/cookie-storage.js';

/**
 * A `document` whose `cookie` behaves like a browser's: the setter parses one
 * cookie with attributes, honours Max-Age=0 as delete, silently ignores a
 * cookie over 4096 bytes (or everything, when disabled); the getter lists
 * `name=value` pairs.
 */
function fakeDocument(options: { protocol?: string; disabled?: boolean } = {}) {
  const jar = new Map<string, string>();
  const written: string[] = [];
  const doc = {
    location: { protocol: options.protocol ?? 'https:' },
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(text: string) {
      written.push(text);
      if (options.disabled || text.length > 4096) return;
      const [pair = '', ...attributes] = text.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (attributes.some((a) => a.toLowerCase() === 'max-age=0')) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1));
    },
  };
  return { doc: doc as unknown as Document, jar, written };
}

describe('createCookieStorage', () => {
  it('round-trips keys and values that need encoding', () => {
    const { doc } = fakeDocument();
    const storage = createCookieStorage({ document: doc });
    expect(storage?.set('splitkit.did', 'a b;c=d/é')).toBe(true);
    expect(storage?.get('splitkit.did')).toBe('a b;c=d/é');
    expect(storage?.get('other')).toBeNull();
    storage?.remove('splitkit.did');
    expect(storage?.get('splitkit.did')).toBeNull();
  });

  it('writes the default attributes: Path=/, one year, SameSite=Lax, Secure on https', () => {
    const { doc, written } = fakeDocument();
    createCookieStorage({ document: doc })?.set('k', 'v');
    expect(written.at(-1)).toBe('k=v; Path=/; Max-Age=31536000; SameSite=Lax; Secure');
  });

  it('writes the given attributes', () => {
    const { doc, written } = fakeDocument({ protocol: 'http:' });
    createCookieStorage({
      document: doc,
      domain: 'example.com',
      path: '/app',
      maxAgeDays: 30,
      sameSite: 'Strict',
    })?.set('k', 'v');
    expect(written.at(-1)).toBe('k=v; Path=/app; Max-Age=2592000; SameSite=Strict; Domain=example.com');
  });

  it('adds Secure for SameSite=None, as browsers require', () => {
    const { doc, written } = fakeDocument({ protocol: 'http:' });
    createCookieStorage({ document: doc, sameSite: 'None', secure: false })?.set('k', 'v');
    expect(written.at(-1)).toContain('; SameSite=None; Secure');
  });

  it('reports false when the browser dropped the cookie (too large)', () => {
    const { doc } = fakeDocument();
    const storage = createCookieStorage({ document: doc });
    expect(storage?.set('k', 'x'.repeat(5000))).toBe(false);
    expect(storage?.get('k')).toBeNull();
  });

  it('is undefined without a document or with cookies disabled', () => {
    expect(createCookieStorage()).toBeUndefined(); // Node has no document
    expect(createCookieStorage({ document: fakeDocument({ disabled: true }).doc })).toBeUndefined();
  });

  it('never throws from a document whose cookie access throws', () => {
    let allow = true;
    let jar = '';
    const doc = {
      location: { protocol: 'https:' },
      get cookie() {
        if (!allow) throw new DOMException('sandboxed', 'SecurityError');
        return jar;
      },
      set cookie(text: string) {
        if (!allow) throw new DOMException('sandboxed', 'SecurityError');
        jar = text.split(';')[0] ?? '';
      },
    } as unknown as Document;
    const storage = createCookieStorage({ document: doc });
    expect(storage).toBeDefined();
    allow = false;
    expect(storage?.get('k')).toBeNull();
    expect(storage?.set('k', 'v')).toBe(false);
    expect(() => storage?.remove('k')).not.toThrow();
  });
});

describe('readCookie', () => {
  it('finds the exact name among others', () => {
    expect(readCookie('a=1; ab=2; b=3', 'b')).toBe('3');
    expect(readCookie('a=1; ab=2', 'b')).toBeNull();
    expect(readCookie('x=%E0%A4%A', 'x')).toBeNull(); // malformed encoding from someone else's cookie
    expect(readCookie('', 'x')).toBeNull();
  });
});

describe('readCookie with unusual pairs', () => {
  it('matches the whole name up to the first "=", and keeps "=" inside the value', () => {
    expect(readCookie('k=a=b', 'k')).toBe('a=b');
    expect(readCookie('k', 'k')).toBeNull();
    expect(readCookie('k2=1;k=2', 'k')).toBe('2');
    expect(readCookie('a%3Db=1', 'a=b')).toBe('1');
    expect(readCookie('k=1; k=2', 'k')).toBe('1');
  });
});
