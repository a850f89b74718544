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

// What encodeURIComponent leaves as it is (the browser client's writes), up to a sane length: such an id
// reads the same on both sides. UUIDs, which the client makes, qualify.
const VALID_ID = /^[\w.~-]{1,128}$/;

/** True for a device id the browser client and the server's cookie helpers accept from a cookie and write into one. */
export function isValidDeviceId(id: unknown): id is string {
  return typeof id === 'string' && VALID_ID.test(id);
}

/** Cookie storage, or undefined without a document or when cookies are disabled. */
export function createCookieStorage(options: CookieStorageOptions = {}): KeyValueStorage | undefined {
  const doc = options.document ?? (globalThis as { document?: Document }).document;
  if (!doc) return undefined;
  const secure = options.secure ?? quietly(() => doc.location?.protocol === 'https:');
  const write = (key: string, value: string, maxAgeSeconds?: number): void => {
    doc.cookie = cookieText(key, value, options, secure, maxAgeSeconds);
  };
  // With a `domain`, every write (and removal) first expires the host-only cookie of the name, one written
  // before `domain` was set: a write with a Domain cannot replace it, and it would shadow the shared one.
  const put = (key: string, value: string, maxAgeSeconds?: number): void => {
    if (options.domain) doc.cookie = cookieText(key, '', { ...options, domain: '' }, secure, 0);
    write(key, value, maxAgeSeconds);
  };

  const storage: KeyValueStorage = {
    // Several cookies of one name (a host-only one and one with a Domain, or a stranger's): the first that is a
    // valid device id wins, as on the server (readDeviceId), else the first. With a `domain`, the value read
    // is then kept in the Domain cookie alone, so every subdomain converges on it.
    get: (key) =>
      quietly(() => {
        const values = readCookies(doc.cookie, key);
        const value = values.find(isValidDeviceId) ?? values[0] ?? null;
        if (options.domain && value && values.length > 1) put(key, encodeURIComponent(value));
        return value;
      }, null),
    set: (key, value) =>
      quietly(() => {
        put(key, encodeURIComponent(value));
        return storage.get(key) === value;
      }, false),
    // Max-Age=0 deletes the cookie.
    remove: (key) => quietly(() => put(key, '', 0)),
  };

  // Cookies may be disabled (or the document sandboxed): a probe write tells.
  if (!storage.set(PROBE_KEY, '1')) return undefined;
  write(PROBE_KEY, '', 0);
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
 * The values of the cookies named `key` in a `document.cookie` string or a `Cookie` request header, in the
 * order given (the browser's: longest path first, then oldest); null for a malformed one.
 */
export function readCookies(cookies: string, key: string): (string | null)[] {
  // An encoded name has no '=', so this prefix ends exactly at the pair's first '='.
  const name = `${encodeURIComponent(key)}=`;
  // RFC 6265 allows a value in double quotes: read bare, so a server and the browser read the same value. A
  // malformed value (someone else's cookie with the same name and raw '%' characters) reads as null.
  return cookies
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(name))
    .map((pair) => quietly(() => decodeURIComponent(pair.slice(name.length).replace(/^"(.*)"$/, '$1')), null));
}

/** The value of the first cookie named `key` (see {@link readCookies}), or null. */
export function readCookie(cookies: string, key: string): string | null {
  return readCookies(cookies, key)[0] ?? null;
}
