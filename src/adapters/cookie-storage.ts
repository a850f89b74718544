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
  const secure = options.secure ?? quietly(() => doc.location?.protocol === 'https:');
  const write = (key: string, value: string, maxAgeSeconds?: number): void => {
    doc.cookie = cookieText(key, value, options, secure, maxAgeSeconds);
  };

  const storage: KeyValueStorage = {
    get: (key) => quietly(() => readCookie(doc.cookie, key), null),
    set: (key, value) =>
      quietly(() => {
        write(key, encodeURIComponent(value));
        return storage.get(key) === value;
      }, false),
    // Max-Age=0 deletes the cookie.
    remove: (key) => quietly(() => write(key, '', 0)),
  };

  // Cookies may be disabled (or the document sandboxed): a probe write tells.
  if (!storage.set(PROBE_KEY, '1')) return undefined;
  storage.remove(PROBE_KEY);
  return storage;
}

/**
 * The `Set-Cookie` text (what `document.cookie` takes too) that stores `value` under `key`: `Path` (default
 * `/`), `Max-Age` (`maxAgeSeconds`, default `maxAgeDays`, default 365 days), `SameSite` (default `Lax`),
 * `Domain` when given, and `Secure` when `secure` or `SameSite=None` (which requires it).
 */
export function cookieText(
  key: string,
  value: string,
  options: Omit<CookieStorageOptions, 'document'>,
  secure: boolean | undefined,
  maxAgeSeconds = Math.round((options.maxAgeDays ?? 365) * 86_400),
): string {
  const sameSite = options.sameSite ?? 'Lax';
  return (
    `${encodeURIComponent(key)}=${value}; Path=${options.path ?? '/'}; Max-Age=${maxAgeSeconds}; SameSite=${sameSite}` +
    `${options.domain ? `; Domain=${options.domain}` : ''}${secure || sameSite === 'None' ? '; Secure' : ''}`
  );
}

/**
 * The value of cookie `key` in a `document.cookie` string or a `Cookie` request header, or null. The first
 * pair of that name counts, as in the browser.
 */
export function readCookie(cookies: string, key: string): string | null {
  // An encoded name has no '=', so this prefix ends exactly at the pair's first '='.
  const name = `${encodeURIComponent(key)}=`;
  const pair = cookies
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(name));
  // RFC 6265 allows a value in double quotes: read bare, so a server and the browser read the same value. A
  // malformed value (someone else's cookie with the same name and raw '%' characters) reads as none.
  return pair === undefined
    ? null
    : quietly(() => decodeURIComponent(pair.slice(name.length).replace(/^"(.*)"$/, '$1')), null);
}
