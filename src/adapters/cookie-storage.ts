/**
 * A first-party cookie as a KeyValueStorage: small (a browser keeps about
 * 4 KB per cookie) but readable by the server too, which is why the client
 * keeps the device id there. Keys and values are URI-encoded; a write is
 * confirmed by reading it back, since browsers drop oversized or refused
 * cookies silently.
 */
import type { KeyValueStorage } from '../io/storage.js';

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

const DAY_SECONDS = 86_400;
const PROBE_KEY = 'splitkit_probe';

/** Cookie storage, or undefined without a document or when cookies are disabled. */
export function createCookieStorage(options: CookieStorageOptions = {}): KeyValueStorage | undefined {
  const doc = options.document ?? (globalThis as { document?: Document }).document;
  if (!doc) return undefined;
  const sameSite = options.sameSite ?? 'Lax';
  const secure = options.secure ?? (sameSite === 'None' || isHttps(doc));
  const attributes = (maxAgeSeconds: number): string => {
    let text = `; Path=${options.path ?? '/'}; Max-Age=${maxAgeSeconds}; SameSite=${sameSite}`;
    if (options.domain) text += `; Domain=${options.domain}`;
    if (secure || sameSite === 'None') text += '; Secure';
    return text;
  };
  const maxAge = Math.round((options.maxAgeDays ?? 365) * DAY_SECONDS);

  const storage: KeyValueStorage = {
    get(key) {
      try {
        return readCookie(doc.cookie, key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        doc.cookie = `${encodeURIComponent(key)}=${encodeURIComponent(value)}${attributes(maxAge)}`;
        return readCookie(doc.cookie, key) === value;
      } catch {
        return false;
      }
    },
    remove(key) {
      try {
        doc.cookie = `${encodeURIComponent(key)}=${attributes(0)}`;
      } catch {
        // Blocked cookies: there is nothing to remove either.
      }
    },
  };

  // Cookies may be disabled (or the document sandboxed): a probe write tells.
  if (!storage.set(PROBE_KEY, '1')) return undefined;
  storage.remove(PROBE_KEY);
  return storage;
}

/** The value of cookie `key` in a `document.cookie` string, or null. */
export function readCookie(cookies: string, key: string): string | null {
  const name = encodeURIComponent(key);
  for (const part of cookies.split(';')) {
    const pair = part.trim();
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq) !== name) continue;
    try {
      return decodeURIComponent(pair.slice(eq + 1));
    } catch {
      // Someone else's cookie with the same name and raw '%' characters.
      return null;
    }
  }
  return null;
}

function isHttps(doc: Document): boolean {
  try {
    return doc.location?.protocol === 'https:';
  } catch {
    return false;
  }
}
