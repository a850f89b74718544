/**
 * A first-party cookie as a KeyValueStorage: small (a browser keeps about
 * 4 KB per cookie) but readable by the server too, which is why the client
 * keeps the device id there. Keys and values are URI-encoded; a write is
 * confirmed by reading it back, since browsers drop oversized or refused
 * cookies silently.
 */
import type { KeyValueStorage } from '../io/storage.js';
import { quietly } from '../io/quietly.js';

/** Options of {@link createCookieStorage}. */
export interface CookieStorageOptions {
  /** `Domain` attribute, e.g. `example.com` to share across subdomains. Default: the current host only. */
  domain?: string;
  /** Default `/`. */
  path?: string;
  /** Lifetime in days. Default 365. */
  maxAgeDays?: number;
  /** Default `Lax`. `None` requires (and implies) `Secure`. */
  sameSite?: 'Lax' | 'Strict' | 'None';
  /** Default: true on https pages. */
  secure?: boolean;
  /** Default: the global `document`. */
  document?: Document;
}

const PROBE_KEY = 'splitkit_probe';

/** Cookie storage, or undefined without a document or when cookies are disabled. */
export function createCookieStorage(options: CookieStorageOptions = {}): KeyValueStorage | undefined {
  const doc = options.document ?? (globalThis as { document?: Document }).document;
  if (!doc) return undefined;
  const sameSite = options.sameSite ?? 'Lax';
  const secure = sameSite === 'None' || (options.secure ?? quietly(() => doc.location?.protocol === 'https:'));
  const attributes = `SameSite=${sameSite}${options.domain ? `; Domain=${options.domain}` : ''}${secure ? '; Secure' : ''}`;
  const maxAge = Math.round((options.maxAgeDays ?? 365) * 86_400);
  // Max-Age=0 deletes the cookie.
  const write = (key: string, value: string, maxAgeSeconds: number): void => {
    doc.cookie = `${encodeURIComponent(key)}=${value}; Path=${options.path ?? '/'}; Max-Age=${maxAgeSeconds}; ${attributes}`;
  };

  const storage: KeyValueStorage = {
    get: (key) => quietly(() => readCookie(doc.cookie, key), null),
    set: (key, value) =>
      quietly(() => {
        write(key, encodeURIComponent(value), maxAge);
        return storage.get(key) === value;
      }, false),
    remove: (key) => quietly(() => write(key, '', 0)),
  };

  // Cookies may be disabled (or the document sandboxed): a probe write tells.
  if (!storage.set(PROBE_KEY, '1')) return undefined;
  storage.remove(PROBE_KEY);
  return storage;
}

/** The value of cookie `key` in a `document.cookie` string, or null. */
export function readCookie(cookies: string, key: string): string | null {
  // An encoded name has no '=', so this prefix ends exactly at the pair's first '='.
  const name = `${encodeURIComponent(key)}=`;
  const pair = cookies
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(name));
  // A malformed value (someone else's cookie with the same name and raw '%' characters) reads as none.
  return pair === undefined ? null : quietly(() => decodeURIComponent(pair.slice(name.length)), null);
}
