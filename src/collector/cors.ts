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

/** Decides the CORS headers for a request from `origin` (the `Origin` header, if any). */
export function decideCors(
  cors: CorsOptions | undefined,
  origin: string | undefined,
  preflight: boolean,
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
      ...(preflight ? PREFLIGHT_HEADERS : {}),
    },
  };
}
