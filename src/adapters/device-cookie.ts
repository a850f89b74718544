/**
 * The device id cookie on the server side: read a logged-out visitor's id
 * from a `Cookie` header (or make one), and the `Set-Cookie` value that keeps
 * it. It is the cookie the browser client reads and writes (`splitkit_did`
 * unless `identity.cookie.name` says otherwise), so a page rendered on the
 * server and the client that hydrates it bucket the same unit. Web Crypto
 * only: Node, Deno, Bun and edge runtimes alike.
 */
import { ConfigError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import { randomUuid } from '../io/uuid.js';
import type { DeviceCookieOptions } from '../client/options.js';
import { is, oneOf, shape, typed } from '../shared/option-checks.js';
import { cookieText, isValidDeviceId, readCookies } from './cookie-storage.js';

export { isValidDeviceId };

/** The cookie's default name, the browser client's default too. */
export const DEVICE_ID_COOKIE = 'splitkit_did';

/** A visitor's device id and the cookie that keeps it. */
export interface DeviceIdCookie {
  /** The id to put in `user.deviceID`. */
  id: string;
  /** True when the request had no usable id and this one is new. */
  created: boolean;
  /**
   * The `Set-Cookie` value to send with the response. Send it whenever the page used the id: it makes a
   * new id stick, rewrites one a browser sent in a form it would read differently, and renews the expiry.
   */
  setCookie: string;
}

/**
 * The check of {@link DeviceCookieOptions}, the browser client's `identity.cookie` and the options of
 * {@link deviceIdSetCookie} alike. Cookie attribute values are printable ASCII without ';' or ',' (`!-+`,
 * `--:`, `<-~`): anything else could not be written into a `Set-Cookie` line (Node refuses a header with a
 * character past U+00FF; RFC 6265 allows only ASCII). A domain is a host name (ASCII: punycode for others).
 * A name is an RFC 6265 token. `maxAgeDays` makes a
 * `Max-Age` of 1 second to 400 days: 0 would delete the cookie at once, and browsers cap a cookie's life at
 * 400 days (they shorten a longer one; one past 1e21 seconds is not even printed as digits).
 */
export const deviceCookieOptions = shape({
  name: matches(/^[\w!#$%&'*+.^`|~-]+$/, 'an RFC 6265 cookie name'),
  // Dot-separated labels of letters, digits, '-' and '_', one leading dot allowed (or none at all): a browser
  // drops a cookie whose Domain has a port, a scheme or a path, and the server would then make a new id per request.
  domain: matches(/^(\.?[\w-]+(\.[\w-]+)*)?$/, 'a domain such as .example.com'),
  path: matches(/^\/[!-+\--:<-~]*$/, "a path starting with '/'"),
  maxAgeDays: is(
    (value) => typeof value === 'number' && value <= 400 && Math.round(value * 86_400) > 0,
    '1 second to 400 days',
  ),
  sameSite: oneOf('Lax', 'Strict', 'None'),
  secure: typed('boolean'),
});

function matches(pattern: RegExp, expected: string) {
  return is((value) => typeof value === 'string' && pattern.test(value), expected);
}

/**
 * Where a server finds the `Cookie` header: its text (Node's `req.headers.cookie`; a list is read as one
 * header), or the request's headers whole: Node's `req.headers` (or any object of headers, its `cookie` key
 * in any case), or a fetch `Headers` (`request.headers` in Next.js route handlers, Hono, Deno, Bun, workers).
 */
export type CookieHeader =
  | string
  | readonly string[]
  | { get(name: string): string | null }
  | { cookie?: string | readonly string[] }
  | undefined;

/** The text of `source`'s `Cookie` header; '' when it has none, or reading it throws (a hostile object). */
function cookieHeaderText(source: unknown): string {
  try {
    if (typeof source === 'string') return source;
    if (Array.isArray(source)) return source.join('; ');
    if (typeof source !== 'object' || source === null) return '';
    const { get } = source as { get?: unknown };
    // Node lowercases header names; other header objects (AWS Lambda's event.headers, one built by hand) keep
    // the client's `Cookie`.
    const key = Object.keys(source).find((name) => name.toLowerCase() === 'cookie');
    const header =
      typeof get === 'function' ? get.call(source, 'cookie') : key && (source as Record<string, unknown>)[key];
    return typeof header === 'string' ? header : Array.isArray(header) ? header.join('; ') : '';
  } catch {
    return '';
  }
}

/**
 * The device id in a request's `Cookie` header (see {@link CookieHeader}), or undefined when there is none
 * or it is not a valid id. With several cookies of that name (a host-only one and one with a Domain), the
 * first valid id counts, as in the browser client.
 */
export function readDeviceId(cookieHeader: CookieHeader, options: { name?: string } = {}): string | undefined {
  // `options?.`: untyped code passes null for no options, and a read must not throw for it.
  return readCookies(cookieHeaderText(cookieHeader), options?.name ?? DEVICE_ID_COOKIE).find(isValidDeviceId);
}

/**
 * The visitor's device id from the `Cookie` header (its text, or the request's headers: see
 * {@link CookieHeader}), or a new random UUID,
 * with the `Set-Cookie` value for the response. `options` are the browser
 * client's `identity.cookie` options: pass the same ones on both sides.
 * Throws ConfigError for invalid options; any header is accepted.
 *
 * @example
 * ```ts
 * const device = ensureDeviceId(req.headers.cookie, { domain: '.example.com' });
 * res.setHeader('Set-Cookie', device.setCookie);
 * client.getExperiment('button_color', { deviceID: device.id });
 * ```
 */
export function ensureDeviceId(cookieHeader: CookieHeader, options: DeviceCookieOptions = {}): DeviceIdCookie {
  const setCookieFor = (id: string) => deviceIdSetCookie(id, options);
  // Options that are no object (null) are refused by deviceIdSetCookie with a ConfigError; read without them.
  const existing = readDeviceId(cookieHeader, options ?? undefined);
  if (existing !== undefined) return { id: existing, created: false, setCookie: setCookieFor(existing) };
  const id = randomUuid();
  return { id, created: true, setCookie: setCookieFor(id) };
}

/**
 * The `Set-Cookie` value that stores device id `id`: `Path` (default `/`),
 * `Max-Age` (default 365 days), `SameSite` (default `Lax`), `Secure` (default
 * on; `SameSite=None` forces it; turn it off only for plain-http development),
 * and `Domain` when given. Never `HttpOnly`: the browser client reads it.
 * Throws ConfigError for an invalid id or options.
 */
export function deviceIdSetCookie(id: string, options: DeviceCookieOptions = {}): string {
  const issues: ValidationIssue[] = isValidDeviceId(id)
    ? []
    : [{ path: 'id', message: 'expected 1 to 128 letters, digits or ._~- characters' }];
  deviceCookieOptions(options, '', issues);
  prefixRules(options, issues);
  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'device id cookie' });
  return cookieText(options.name ?? DEVICE_ID_COOKIE, id, options, options.secure ?? true);
}

/**
 * A cookie named with a `__Secure-` or `__Host-` prefix (any case) is dropped by browsers unless it is `Secure`,
 * and a `__Host-` one also unless it has no `Domain` and the path `/`: the visitor would get a new id on every
 * request. Checked for the server's `Set-Cookie` only; the browser client falls back to localStorage.
 */
function prefixRules(options: DeviceCookieOptions, issues: ValidationIssue[]): void {
  const prefix = /^__(secure|host)-/i.exec(typeof options?.name === 'string' ? options.name : '')?.[1]?.toLowerCase();
  if (!prefix) return;
  const rule = (path: string, message: string) => issues.push({ path, message: `${message} (a browser drops it)` });
  // SameSite=None writes Secure whatever `secure` says.
  if (options.secure === false && options.sameSite !== 'None')
    rule('secure', `a __${prefix === 'host' ? 'Host' : 'Secure'}- cookie must be Secure`);
  if (prefix !== 'host') return;
  if (options.domain) rule('domain', 'a __Host- cookie must have no Domain');
  if (options.path !== undefined && options.path !== '/') rule('path', "a __Host- cookie must have the path '/'");
}
