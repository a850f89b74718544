/**
 * One conditional request for the ruleset: `If-None-Match` with the ETag in
 * use, so an unchanged ruleset costs a 304 and no body. Failures throw a
 * TransportError, which the source answers with a backoff.
 */
import { TransportError } from '../errors/index.js';
import type { Scheduler } from '../io/scheduler.js';

/** A ruleset as the server sent it: the exact text (signatures cover its bytes), its ETag and signature. */
export interface FetchedRuleset {
  body: string;
  etag: string | undefined;
  signature: string | undefined;
}

/** What a request needs. */
export interface RulesetRequest {
  url: string;
  headers: { [name: string]: string } | undefined;
  /** The ETag of the ruleset in use, if any. */
  etag: string | undefined;
  timeoutMs: number;
  send: typeof fetch;
  scheduler: Scheduler;
}

/** Resolves with the ruleset, or `undefined` when the server answered 304 (the one in use is current). */
export async function fetchRuleset(request: RulesetRequest): Promise<FetchedRuleset | undefined> {
  const { url, etag, scheduler } = request;
  const abort = new AbortController();
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
    if (!response.ok) why = `HTTP ${(status = response.status)}`;
    else {
      const bytes = new Uint8Array(await response.arrayBuffer());
      // A connection cut short can still end "successfully" in some runtimes: the length says what was promised.
      const declared = response.headers.get('content-encoding') ? null : response.headers.get('content-length');
      if (declared === null || Number(declared) === bytes.byteLength)
        return {
          body: new TextDecoder().decode(bytes),
          etag: response.headers.get('etag') ?? undefined,
          signature: response.headers.get('splitkit-signature') ?? undefined,
        };
      why = `truncated (${bytes.byteLength} of ${declared} bytes)`;
    }
  } catch (error) {
    cause = error;
    why = abort.signal.aborted ? `timed out after ${request.timeoutMs} ms` : String((error as Error)?.message ?? error);
  } finally {
    scheduler.clearTimeout(timer);
  }
  throw new TransportError(`ruleset ${url}: ${why}`, { status, retryable: true, cause });
}
