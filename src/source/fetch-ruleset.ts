/**
 * One conditional request for the ruleset: `If-None-Match` with the ETag in
 * use, so an unchanged ruleset costs a 304 and no body. Failures throw a
 * TransportError, which the source answers with a backoff; a body over
 * `source.maxBytes` is refused with a SplitkitError (`INVALID_RULESET`),
 * answered the same way.
 */
import { SplitkitError, TransportError } from '../errors/index.js';
import type { Scheduler } from '../io/scheduler.js';
import { safeText } from '../client/safe-text.js';

const SECOND = 1000;

/** A ruleset as the server sent it: the exact text (signatures cover its bytes), its ETag and signature. */
export interface FetchedRuleset {
  body: string;
  etag: string | undefined;
  signature: string | undefined;
}

/** What a request needs. */
export interface RulesetRequest {
  url: string;
  /** The URL as reports name it (no query string, fragment or credentials). */
  name: string;
  headers: { [name: string]: string } | undefined;
  /** The ETag of the ruleset in use, if any. */
  etag: string | undefined;
  timeoutMs: number;
  /** The largest body taken (`source.maxBytes`): one over it is refused before or while it downloads. */
  maxBytes: number;
  send: typeof fetch;
  scheduler: Scheduler;
  /** Aborts the request: at its timeout here, and when the source stops (a shut-down client holds no socket). */
  abort: AbortController;
  /** Set here: the wait a failed answer asked for (`Retry-After`, in seconds or an HTTP date), in ms; NaN for junk. */
  retryAfterMs?: number;
}

/**
 * What a failed fetch says, with its cause: Node's fetch throws `fetch failed` for every network problem and puts
 * which one (`connect ECONNREFUSED 127.0.0.1:8787`, `getaddrinfo ENOTFOUND flags.example.com`, a certificate
 * error) in `cause`, so without it a report could not tell a server that is down from a wrong host name.
 */
function failure(error: unknown): string {
  // Whatever a custom `source.fetch` rejects with (a Symbol, a null-prototype object, a throwing getter) is
  // described, never thrown again: the report must still name the URL.
  try {
    const cause = (error as { cause?: { message?: unknown; code?: unknown } } | undefined)?.cause;
    const why = [cause?.message, cause?.code].find((text) => typeof text === 'string' && text);
    const message = (error as Error)?.message;
    return `${safeText(typeof message === 'string' ? message : error)}${why ? ` (${why})` : ''}`;
  } catch {
    return safeText(error);
  }
}

/** Resolves with the ruleset, or `undefined` when the server answered 304 (the one in use is current). */
export async function fetchRuleset(request: RulesetRequest): Promise<FetchedRuleset | undefined> {
  const { url, name, etag, scheduler, maxBytes, abort } = request;
  const timer = scheduler.setTimeout(() => abort.abort(), request.timeoutMs);
  // Every failure throws one TransportError below: why, and the HTTP status or the error that caused it.
  let why: string;
  let status: number | undefined;
  let cause: unknown;
  try {
    const headers: { [name: string]: string } = { Accept: 'application/json', ...request.headers };
    if (etag !== undefined) headers['If-None-Match'] = etag;
    const response = await request.send(url, { headers, signal: abort.signal, cache: 'no-store' });
    // A 304 confirms only an ETag that was sent: one to a request without any has no ruleset to confirm.
    if (response.status === 304 && etag !== undefined) return undefined;
    if (!response.ok) {
      why = `HTTP ${(status = response.status)}`;
      // The wait the server asks for (429, 503, or any other), in seconds or as an HTTP date.
      const after = response.headers.get('retry-after');
      if (after) request.retryAfterMs = +after * SECOND || Date.parse(after) - Date.now();
    } else {
      // A connection cut short can still end "successfully" in some runtimes: the length says what was promised.
      // Not of a compressed body (it counts the bytes sent, not those read), nor of a cross-origin one: a page
      // reads its Content-Length (CORS-safelisted) but not its Content-Encoding unless the server exposes it.
      const declared =
        response.type === 'cors' || response.headers.get('content-encoding')
          ? null
          : response.headers.get('content-length');
      const length = Number(declared);
      // Bytes read so far. A declared length over the cap counts as read: the body is refused unread.
      let size = length > maxBytes ? length : 0;
      const decoder = new TextDecoder();
      let text = '';
      // Counts a chunk in; false once past the cap (an empty chunk is no end).
      const take = (bytes: Uint8Array): boolean => {
        if ((size += bytes.byteLength) > maxBytes) return false;
        text += decoder.decode(bytes, { stream: true });
        return true;
      };
      // A body that is no web stream (node-fetch's, a polyfill's) is read whole: only its length spares that.
      const reader = size ? undefined : response.body?.getReader?.();
      if (reader) for (let chunk; !(chunk = await reader.read()).done && take(chunk.value); );
      else if (!size) take(new Uint8Array(await response.arrayBuffer()));
      if (size > maxBytes) {
        // The rest is never downloaded: the request is aborted (any fetch), the stream cancelled (one that ignores
        // the signal). Returned, not thrown: the catch below is for transport failures.
        void (reader ?? response.body)?.cancel?.().catch(() => {});
        abort.abort();
        return Promise.reject(
          new SplitkitError(
            'INVALID_RULESET',
            `ruleset from ${name} refused: larger than source.maxBytes (${maxBytes} bytes)`,
          ),
        );
      }
      // A length that is no number (a proxy's junk) promises nothing: refusing on it would retry forever.
      if (declared === null || length === size || Number.isNaN(length))
        return {
          body: text + decoder.decode(),
          etag: response.headers.get('etag') ?? undefined,
          signature: response.headers.get('splitkit-signature') ?? undefined,
        };
      why = `truncated (${size} of ${declared} bytes)`;
    }
  } catch (error) {
    cause = error;
    why = abort.signal.aborted ? `timed out after ${request.timeoutMs} ms` : failure(error);
  } finally {
    scheduler.clearTimeout(timer);
  }
  throw new TransportError(`ruleset ${name}: ${why}`, { status, retryable: true, cause });
}
