import { describe, expect, it } from 'vitest';
import { createCookieStorage, readCookie } from '../../src/adapters/cookie-storage.js';
import { scopedDocument } from '../support/scoped-cookies.js';

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

const HOST_ID = 'a0000000-0000-4000-8000-00000000000a';
const SHARED_ID = 'b0000000-0000-4000-8000-00000000000b';

describe('createCookieStorage with several cookies of one name', () => {
  it('reads the first valid device id, not an invalid cookie before it (the server reads the same)', () => {
    const { doc } = scopedDocument([
      { name: 'splitkit_did', value: 'abc+/=' },
      { name: 'splitkit_did', value: SHARED_ID, domain: '.example.com' },
    ]);
    expect(createCookieStorage({ document: doc })?.get('splitkit_did')).toBe(SHARED_ID);
    // No valid id at all: the first value, as before.
    expect(createCookieStorage({ document: scopedDocument([{ name: 'k', value: 'a b' }]).doc })?.get('k')).toBe('a b');
  });

  it('with a domain, keeps the id it read in the Domain cookie alone: the host-only one is expired', () => {
    const { doc, jar, written } = scopedDocument([
      { name: 'splitkit_did', value: HOST_ID },
      { name: 'splitkit_did', value: SHARED_ID, domain: '.example.com' },
    ]);
    const storage = createCookieStorage({ document: doc, domain: '.example.com' });
    written.length = 0;
    expect(storage?.get('splitkit_did')).toBe(HOST_ID);
    expect(written).toEqual([
      'splitkit_did=; Path=/; Max-Age=0; SameSite=Lax; Secure',
      `splitkit_did=${HOST_ID}; Path=/; Max-Age=31536000; SameSite=Lax; Domain=.example.com; Secure`,
    ]);
    expect(jar).toEqual([{ name: 'splitkit_did', value: HOST_ID, scope: '.example.com' }]);
    // One cookie now: reads write nothing more.
    written.length = 0;
    expect(storage?.get('splitkit_did')).toBe(HOST_ID);
    expect(written).toEqual([]);
  });

  it('with a domain, a write replaces a host-only cookie too, and remove (consent withdrawn) erases both', () => {
    const { doc, jar } = scopedDocument([{ name: 'splitkit_did', value: HOST_ID }]);
    const storage = createCookieStorage({ document: doc, domain: '.example.com' });
    expect(storage?.set('splitkit_did', SHARED_ID)).toBe(true);
    expect(jar).toEqual([{ name: 'splitkit_did', value: SHARED_ID, scope: '.example.com' }]);
    jar.unshift({ name: 'splitkit_did', value: HOST_ID, scope: 'host' });
    storage?.remove('splitkit_did');
    expect(jar).toEqual([]);
  });

  it('without a domain, writes only the host-only cookie and leaves a Domain one alone', () => {
    const { doc, jar } = scopedDocument([
      { name: 'splitkit_did', value: HOST_ID },
      { name: 'splitkit_did', value: SHARED_ID, domain: '.example.com' },
    ]);
    const storage = createCookieStorage({ document: doc });
    expect(storage?.get('splitkit_did')).toBe(HOST_ID);
    storage?.remove('splitkit_did');
    expect(jar).toEqual([{ name: 'splitkit_did', value: SHARED_ID, scope: '.example.com' }]);
  });
});
