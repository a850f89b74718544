import { describe, expect, it } from 'vitest';
import { ConfigError, createClient, deviceIdSetCookie, ensureDeviceId, readDeviceId } from '../../src/index.js';
import { createCookieStorage, readCookie } from '../../src/adapters/cookie-storage.js';
import { validateOptions } from '../../src/client/options.js';
import { scopedDocument } from '../support/scoped-cookies.js';

const ID = '0b6f4a3e-9a51-4c8e-8d2f-3f1f2b7c9e10';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('readDeviceId', () => {
  it('finds splitkit_did among several cookies, with or without spaces', () => {
    expect(readDeviceId(`theme=dark; splitkit_did=${ID}; session=abc`)).toBe(ID);
    expect(readDeviceId(`theme=dark;splitkit_did=${ID};session=abc`)).toBe(ID);
    expect(readDeviceId(`splitkit_did=${ID}`)).toBe(ID);
  });

  it('does not take a cookie whose name merely ends or starts with the name', () => {
    expect(readDeviceId(`old_splitkit_did=${ID}`)).toBeUndefined();
    expect(readDeviceId(`splitkit_did2=${ID}`)).toBeUndefined();
  });

  it('reads the first of two cookies with the name, as the browser client does', () => {
    const header = `splitkit_did=first-id; splitkit_did=${ID}`;
    expect(readDeviceId(header)).toBe('first-id');
    expect(readCookie(header, 'splitkit_did')).toBe('first-id');
  });

  it('reads the first valid id when an invalid cookie of the name comes first', () => {
    // A legacy host-only cookie (base64, which earlier builds accepted) before the Domain cookie.
    expect(readDeviceId(`splitkit_did=abc+/=; splitkit_did=${ID}`)).toBe(ID);
    expect(readDeviceId(`splitkit_did=%E0%A4%A; splitkit_did="${ID}"`)).toBe(ID);
    expect(ensureDeviceId(['splitkit_did=a%20b', `splitkit_did=${ID}`])).toMatchObject({ id: ID, created: false });
  });

  it('unwraps a quoted value', () => {
    expect(readDeviceId(`splitkit_did="${ID}"`)).toBe(ID);
    expect(readDeviceId('splitkit_did="')).toBeUndefined();
  });

  it('reads a value the way the browser decodes it', () => {
    expect(readDeviceId('splitkit_did=abc%2Ddef')).toBe('abc-def');
  });

  it.each([
    ['an empty value', 'splitkit_did='],
    ['a bad escape', 'splitkit_did=%E0%A4%A'],
    ['characters an id never has', 'splitkit_did=a%20b'],
    ['markup', 'splitkit_did=%3Cscript%3E'],
    ['an id over 128 characters', `splitkit_did=${'a'.repeat(129)}`],
    ['no cookie of that name', 'a=1; b=2'],
    ['no equals sign', 'splitkit_did'],
  ])('reads no id from %s', (_, header) => {
    expect(readDeviceId(header)).toBeUndefined();
  });

  it('takes a list of headers, no header, and another cookie name', () => {
    expect(readDeviceId(['a=1', `splitkit_did=${ID}`])).toBe(ID);
    expect(readDeviceId(undefined)).toBeUndefined();
    expect(readDeviceId(`did=${ID}`, { name: 'did' })).toBe(ID);
  });
});

describe('ensureDeviceId', () => {
  it('keeps an existing id and renews its cookie', () => {
    expect(ensureDeviceId(`splitkit_did=${ID}`)).toEqual({
      id: ID,
      created: false,
      setCookie: `splitkit_did=${ID}; Path=/; Max-Age=31536000; SameSite=Lax; Secure`,
    });
  });

  it('creates a random UUID when there is no usable id', () => {
    const made = ensureDeviceId('splitkit_did=%ZZ');
    expect(made.created).toBe(true);
    expect(made.id).toMatch(UUID);
    expect(ensureDeviceId(undefined).id).not.toBe(made.id);
    expect(made.setCookie.startsWith(`splitkit_did=${made.id}; `)).toBe(true);
  });

  it('rewrites a quoted id bare, so the browser reads the same id', () => {
    const kept = ensureDeviceId(`splitkit_did="${ID}"`);
    expect(kept.id).toBe(ID);
    const written = kept.setCookie.split(';')[0]!;
    expect(readCookie(written, 'splitkit_did')).toBe(ID);
  });
});

describe('ensureDeviceId with a cookie its Set-Cookie cannot replace', () => {
  it('keeps one id across requests, and the browser client reads the same one', () => {
    // A visitor's host-only cookie holds an invalid id; the server writes with a Domain, which makes a second
    // cookie instead of replacing it, and the invalid one stays first in the header.
    const { doc } = scopedDocument([{ name: 'splitkit_did', value: 'abc+/=' }]);
    const options = { domain: '.example.com' };
    const ids = [1, 2, 3].map(() => {
      const device = ensureDeviceId(doc.cookie, options);
      doc.cookie = device.setCookie; // the browser stores the response's cookie
      return device.id;
    });
    expect(new Set(ids).size).toBe(1);
    const client = createClient({
      ruleset: {},
      environment: 'browser',
      identityStores: [createCookieStorage({ document: doc })!],
      identity: { storageKey: 'splitkit_did' },
    });
    expect(client.getUser().deviceID).toBe(ids[0]);
  });
});

describe('deviceIdSetCookie', () => {
  it('writes the browser client cookie options', () => {
    expect(deviceIdSetCookie(ID, { domain: '.example.com', path: '/app', maxAgeDays: 30, sameSite: 'Strict' })).toBe(
      `splitkit_did=${ID}; Path=/app; Max-Age=2592000; SameSite=Strict; Domain=.example.com; Secure`,
    );
    expect(deviceIdSetCookie(ID, { secure: false, name: 'did' })).toBe(
      `did=${ID}; Path=/; Max-Age=31536000; SameSite=Lax`,
    );
    // SameSite=None is refused by browsers without Secure.
    expect(deviceIdSetCookie(ID, { secure: false, sameSite: 'None' })).toMatch(/SameSite=None; Secure$/);
    expect(deviceIdSetCookie(ID)).not.toMatch(/HttpOnly/i);
  });

  it('throws a ConfigError naming each bad option or id', () => {
    const issues = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues.map((issue) => issue.path);
      }
      throw new Error('did not throw');
    };
    expect(issues(() => deviceIdSetCookie('a b'))).toEqual(['id']);
    expect(
      issues(() =>
        deviceIdSetCookie(ID, {
          domain: 'x.com; HttpOnly',
          path: 'app',
          maxAgeDays: 0,
          sameSite: 'lax' as 'Lax',
          name: '',
        }),
      ),
    ).toEqual(['name', 'domain', 'path', 'maxAgeDays', 'sameSite']);
    expect(issues(() => ensureDeviceId(undefined, { maxAgeDays: Number.NaN }))).toEqual(['maxAgeDays']);
  });

  it('refuses a lifetime that would delete the cookie at once or outlive what browsers keep, and a name that is no token', () => {
    const refused = (options: { maxAgeDays?: number; name?: string }) => {
      try {
        deviceIdSetCookie(ID, options);
      } catch (error) {
        return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
      }
      return [];
    };
    // Max-Age=0 (deletes the cookie), more than 400 days, and Max-Age=8.64e+21 (not digits: a session cookie).
    for (const maxAgeDays of [0.000001, 400.5, 1e17, -1, Number.POSITIVE_INFINITY])
      expect(refused({ maxAgeDays })).toEqual(['maxAgeDays: expected 1 second to 400 days']);
    expect(deviceIdSetCookie(ID, { maxAgeDays: 400 })).toContain('; Max-Age=34560000;');
    expect(deviceIdSetCookie(ID, { maxAgeDays: 1 / 86_400 })).toContain('; Max-Age=1;');
    for (const name of ['my(did)', 'a b', 'a;b', 'a=b', 'did\u00e9', '"did"', 'a,b', 'a/b'])
      expect(refused({ name })).toEqual(['name: expected an RFC 6265 cookie name']);
    expect(deviceIdSetCookie(ID, { name: "A-z_0.9!#$%&'*+^`|~" })).toMatch(/^A-z_0\.9/);
    // The browser client's option is checked the same way, under its own name.
    expect(() => validateOptions({ ruleset: {}, identity: { cookie: { maxAgeDays: 1e17, name: 'my(did)' } } })).toThrow(
      /identity\.cookie\.name[\s\S]*identity\.cookie\.maxAgeDays/,
    );
  });
});

describe('one cookie implementation for the server and the browser client', () => {
  it('writes the same Set-Cookie text from the same options', () => {
    const written: string[] = [];
    const doc = {
      location: { protocol: 'http:' },
      get cookie() {
        return written.length > 0 ? (written.at(-1) ?? '').split(';')[0]! : '';
      },
      set cookie(text: string) {
        written.push(text);
      },
    } as unknown as Document;
    const options = { domain: '.example.com', path: '/app', maxAgeDays: 30, sameSite: 'Strict' as const };
    createCookieStorage({ ...options, document: doc, secure: true })?.set('splitkit_did', ID);
    // (With a domain, the write before it expires a host-only cookie of the name.)
    expect(written.filter((text) => text.startsWith(`splitkit_did=${ID}`))).toEqual([deviceIdSetCookie(ID, options)]);
  });

  it('agrees on which stored ids are valid: the browser client replaces one the server refuses', () => {
    // A document with a cookie jar: name=value pairs, Max-Age=0 deletes.
    const jar = new Map<string, string>();
    const doc = {
      location: { protocol: 'https:' },
      get cookie() {
        return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      },
      set cookie(text: string) {
        const [pair = ''] = text.split(';');
        const at = pair.indexOf('=');
        if (/; Max-Age=0(;|$)/.test(text)) jar.delete(pair.slice(0, at));
        else jar.set(pair.slice(0, at), pair.slice(at + 1));
      },
    } as unknown as Document;
    const browserId = (stored: string): string => {
      jar.clear();
      jar.set('splitkit_did', stored);
      const client = createClient({
        ruleset: {},
        environment: 'browser',
        identityStores: [createCookieStorage({ document: doc })!],
        identity: { storageKey: 'splitkit_did' },
      });
      return client.getUser().deviceID as string;
    };
    for (const tampered of ['a'.repeat(129), 'a%00b', 'a%0Ab', '%3Cscript%3E', 'caf%C3%A9', 'a%20b', '%22%22']) {
      expect(readDeviceId(`splitkit_did=${tampered}`)).toBeUndefined();
      const id = browserId(tampered);
      expect(id).toMatch(UUID);
      // Written back, and the server now reads the browser's id.
      expect(jar.get('splitkit_did')).toBe(id);
      expect(readDeviceId(doc.cookie)).toBe(id);
    }
    for (const valid of [ID, 'a'.repeat(128), 'A-z_0.9~']) {
      expect(readDeviceId(`splitkit_did=${valid}`)).toBe(valid);
      expect(browserId(valid)).toBe(valid);
    }
  });

  it('expires a host-only cookie that shadows the Domain one, and erases both when consent is withdrawn', () => {
    // A visitor's host-only cookie from before identity.cookie.domain was set, and the shared one.
    const shared = '0b6f4a3e-9a51-4c8e-8d2f-3f1f2b7c9e11';
    const { doc, jar } = scopedDocument([
      { name: 'splitkit_did', value: ID },
      { name: 'splitkit_did', value: shared, domain: '.example.com' },
    ]);
    const client = createClient({
      ruleset: {},
      environment: 'browser',
      identityStores: [createCookieStorage({ document: doc, domain: '.example.com' })!],
      identity: { storageKey: 'splitkit_did' },
    });
    // The id this subdomain has used so far is adopted, and now kept where every subdomain reads it.
    expect(client.getUser().deviceID).toBe(ID);
    expect(jar).toEqual([{ name: 'splitkit_did', value: ID, scope: '.example.com' }]);
    expect(readDeviceId(doc.cookie)).toBe(ID);
    jar.unshift({ name: 'splitkit_did', value: ID, scope: 'host' });
    client.setIdentityConsent(false);
    expect(jar).toEqual([]);
  });

  it('reads a quoted value bare on both sides', () => {
    expect(readDeviceId(`splitkit_did="${ID}"`)).toBe(ID);
    expect(readCookie(`splitkit_did="${ID}"`, 'splitkit_did')).toBe(ID);
  });

  it('refuses the same cookie options in the client and in deviceIdSetCookie', () => {
    const bad = { domain: 'x.com; HttpOnly', path: 'app' };
    const clientIssues = (() => {
      try {
        validateOptions({ ruleset: {}, identity: { cookie: bad } });
      } catch (error) {
        return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
      }
      return [];
    })();
    expect(clientIssues).toEqual([
      'identity.cookie.domain: expected a domain such as .example.com',
      "identity.cookie.path: expected a path starting with '/'",
    ]);
    expect(() => deviceIdSetCookie(ID, bad)).toThrow(ConfigError);
  });
});
