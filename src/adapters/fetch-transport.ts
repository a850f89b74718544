/**
 * The default transport: `POST`s the batch as JSON with `fetch` and returns
 * the status and `Retry-After` for the pipeline's retry policy. Network
 * failures and aborts are thrown, which the pipeline treats as retryable; a
 * URL that cannot be parsed, or that holds a user name or password, is thrown
 * as the invalid option it is, which the pipeline treats as final.
 */
import { SplitkitError } from '../errors/index.js';
import { quietly } from '../io/quietly.js';
import { checkOptions, is, nonEmpty, shape } from '../shared/option-checks.js';
import type { Transport } from '../events/transport.js';
import { parseRetryAfter } from './retry-after.js';

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /**
   * The collector endpoint, without a user name or password (every `fetch` refuses such a URL; so does this
   * transport, at its first attempt): send credentials in `headers`.
   */
  url: string;
  /** Extra request headers (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** Default: the global `fetch`, looked up on each request (so test interceptors installed later still apply). */
  fetch?: typeof fetch;
}

/**
 * Creates a transport that posts batches to `url`; throws {@link ConfigError} for a missing url or fetch.
 * `path`: how reports name the `url` option (a client passes `collector.url`).
 */
export function createFetchTransport(options: FetchTransportOptions, path = 'url'): Transport {
  checkOptions(
    shape(
      {
        url: nonEmpty,
        // Checked here rather than on each request: without a fetch no batch could ever go.
        fetch: is(
          (custom) => typeof (custom ?? globalThis.fetch) === 'function',
          'a fetch function (this runtime has no global fetch)',
        ),
      },
      false,
      ['url', 'fetch'],
    ),
    options,
    'fetch transport options',
  );
  const { url, fetch: custom } = options;
  // Browsers throw "Illegal invocation" when fetch is called detached from its global.
  const send: typeof fetch = custom ?? ((input, init) => globalThis.fetch(input, init));
  const headers = { 'Content-Type': 'application/json', ...options.headers };
  // A URL the global fetch cannot parse here never will be: a relative one off a page (a server rendering the
  // page's client, whose collector is `/events`) has no base to resolve it against. Not refused now, which would
  // break that rendering: each request throws it, and the pipeline stops sending. A `fetch` of the app's own
  // may resolve it. A URL with a user name or password is refused by every fetch (browsers', Node's), whose
  // error quotes it whole: refused alike, whatever fetch is given. Named without its query string or
  // credentials, as a token may be there: rebuilt from the parsed URL when it parsed, since the parser finds
  // credentials where no pattern would (`https:\\user:pw@host`, `https:user:pw@host`).
  const here = quietly(() => new URL(url, globalThis.location?.href));
  const unusable =
    (here ? here.username || here.password : !custom) &&
    new SplitkitError(
      'INVALID_OPTIONS',
      // As the ruleset source names its URL (start-source.ts): written out, since sharing one helper with that
      // lazy chunk costs the entry chunk more bytes than the copy does.
      `${path} "${here ? `${here.protocol}//${here.host}${here.pathname}` : url.replace(/[?#].*/s, '').replace(/[/\\]{2}[^/\\]*@/, '//')}" ${
        here
          ? `must not contain a user name or password: send them in ${path.replace('url', 'headers')}`
          : 'cannot be parsed here'
      }`,
    );

  return async (batch, request) => {
    if (unusable) throw unusable;
    const response = await send(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(batch),
      signal: request.signal,
      // Lets the request outlive the page (the browser caps such bodies at 64 KiB; the pipeline chunks for it).
      keepalive: request.unloading === true,
    });
    // Read the (small) answer so the connection can be reused. Only a refusal's content matters: it names
    // the invalid events (docs/protocol.md#a-batch-with-invalid-events).
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      // Not JSON, or no body: the status is what counts.
    }
    // Absent fields are undefined: the pipeline reads them as not given.
    return {
      status: response.status,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      body,
    };
  };
}
