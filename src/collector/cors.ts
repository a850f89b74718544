/**
 * CORS for browser clients. The request's own origin is echoed (never `*`)
 * with `Access-Control-Allow-Credentials: true`, because `navigator.sendBeacon`
 * always sends in credentials mode "include" and browsers reject a
 * credentialed request answered with a wildcard origin.
 */
import type { ReplyHeaders } from './http-reply.js';

/** Which browser origins may send batches: a list of exact origins, or `'*'` for any. */
export interface CorsOptions {
  /** Exact origins such as `https://app.example.com` (scheme, host and port), or `'*'`. */
  origins: string[] | '*';
}

/** What CORS says about one request. */
export interface CorsDecision {
  /** False when CORS is configured, the request names an `Origin`, and that origin is not allowed. */
  allowed: boolean;
  /** Headers to add to the answer. */
  headers: ReplyHeaders;
}

const PREFLIGHT_HEADERS: ReplyHeaders = {
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
  'Access-Control-Max-Age': '86400',
};

// Header names as a preflight lists them: tokens separated by commas (RFC 9110), within a sane length.
const HEADER_LIST = /^[!#$%&'*+.^`|~\w-]+(?:[ \t]*,[ \t]*[!#$%&'*+.^`|~\w-]+)*$/;
const MAX_HEADER_LIST = 1024;

/**
 * A preflight's `Access-Control-Request-Headers`, trimmed, when it is a list of header names of a sane length;
 * undefined otherwise (absent, empty, too long, or no list of names), which allows nothing more. Shared with
 * `splitkit serve`'s ruleset route.
 */
export function askedHeaderList(requested: string | undefined): string | undefined {
  const asked = requested?.trim() ?? '';
  return asked !== '' && asked.length <= MAX_HEADER_LIST && HEADER_LIST.test(asked) ? asked : undefined;
}

/**
 * The preflight's headers for an allowed origin. Besides `Content-Type` and `Authorization`, the headers the
 * page asks for (`Access-Control-Request-Headers`) are allowed: a sender may add its own (the fetch transport's
 * `headers`, e.g. `X-App`), and a browser whose preflight leaves out one of them never sends the batch, which
 * its page then retries for good. A list that is not a list of header names adds nothing.
 */
function preflightHeaders(requested: string | undefined, vary: ReplyHeaders): ReplyHeaders {
  const asked = askedHeaderList(requested);
  if (asked === undefined) return PREFLIGHT_HEADERS;
  return {
    ...PREFLIGHT_HEADERS,
    'Access-Control-Allow-Headers': `${PREFLIGHT_HEADERS['Access-Control-Allow-Headers']}, ${asked}`,
    // The answer now depends on the asked headers too.
    Vary: `${vary.Vary}, Access-Control-Request-Headers`,
  };
}

/**
 * Decides the CORS headers for a request from `origin` (the `Origin` header, if any); `requestedHeaders` is a
 * preflight's `Access-Control-Request-Headers`.
 */
export function decideCors(
  cors: CorsOptions | undefined,
  origin: string | undefined,
  preflight: boolean,
  requestedHeaders?: string,
): CorsDecision {
  if (cors === undefined) return { allowed: true, headers: {} };
  // Answers differ per origin, so shared caches must key on it.
  const vary: ReplyHeaders = { Vary: 'Origin' };
  if (origin === undefined) return { allowed: true, headers: vary };
  if (cors.origins !== '*' && !cors.origins.includes(origin)) return { allowed: false, headers: vary };
  return {
    allowed: true,
    headers: {
      ...vary,
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      ...(preflight ? preflightHeaders(requestedHeaders, vary) : {}),
    },
  };
}
