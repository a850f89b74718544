/**
 * Keeps a client's ruleset fresh from a URL: the cache at start, a first
 * conditional request, then polls with jitter (only while the page is
 * visible, in browsers), retries with full-jitter backoff after errors, and
 * optionally a server-sent-events stream that replaces polling while it is
 * up. Every ruleset goes through the client's checks (signature, JSON,
 * freshness, validation) before use; a refused one leaves the last good one
 * in use.
 */
import type { SplitkitError } from '../errors/index.js';
import { quietly } from '../io/quietly.js';
import type { KeyValueStorage } from '../io/storage.js';
import type { notifyListeners } from '../client/delivery.js';
import { fullJitter, jittered } from './backoff.js';
import { freshEntry, readEntry, storageCache, type CachedRuleset } from './cache.js';
import { DEFAULT_MAX_BYTES, reportRefusal, useRulesetText, type Explain, type TextHost } from './use-text.js';
import { fetchRuleset, type FetchedRuleset, type RulesetRequest } from './fetch-ruleset.js';
import type { SourceOptions } from './options.js';
import { rulesetEvent, streamReader, type EventSourceClass } from './stream.js';
import { createSignatureCheck } from './verify-signature.js';

/** Where a ruleset in use came from (see `client.ready`). */
export type RulesetOrigin = 'network' | 'cache' | 'bootstrap' | 'static' | 'none';

/** The client's side of a source. */
export interface SourceHost extends TextHost {
  now(): number;
  browser: boolean;
  /**
   * A fresh storage cache entry createClient read but left to the checks here: a body that is no JSON
   * object (reported here), or one to compare with the `ruleset` option (freshness).
   */
  _cached?: CachedRuleset;
  /** The client's notifyListeners (client/delivery.ts), handed over so that this chunk does not carry a copy. */
  _notify: typeof notifyListeners;
}

/** A running source. */
export interface RunningSource {
  /** Settles when the first attempt (cache and network) has: what `ready()` waits for. */
  first: Promise<void>;
  /** Stops polling and closes the stream. */
  stop(): void;
}

const SECOND = 1000;
/** The longest wait between attempts: backoff and a server's `retry:` alike. */
const MAX_WAIT = 60 * SECOND;

/** Starts keeping the host's ruleset fresh from `options.url`, with `storage` (localStorage) or `cacheFile` as its cache. */
export function startSource(
  options: SourceOptions,
  host: SourceHost,
  storage: KeyValueStorage | undefined,
  random: () => number = Math.random,
): RunningSource {
  const { delivery, reporter } = host;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // A storage cache (localStorage) was read by createClient, at once, so that it serves the first reads. The
  // file cache (servers) is a module of its own: a browser never loads it.
  const file =
    !storage && options.cacheFile !== undefined && options.cache !== false
      ? import('./file-cache.js').then(({ fileCache }) => fileCache(options.cacheFile!, maxBytes))
      : undefined;
  // A cache module that cannot load (a server bundle without its chunk) costs the cache, never the process.
  file?.catch(() => {});
  /** The entry the file cache holds, once the file is read. */
  const fileEntry = () => file?.then((cache) => cache.load()).then(readEntry);
  const save = (entry: CachedRuleset): void => {
    if (storage) storageCache(storage, options).save(entry);
    else void file?.then((cache) => cache.save(entry)).catch(() => {});
  };
  // Read before the first request: only the source changes the origin, so it is still the one the client started from.
  const bootstrapped = delivery.origin === 'bootstrap';
  const { url, headers, scheduler } = { ...options, scheduler: delivery.scheduler };
  const here = quietly(() => new URL(url, globalThis.location?.href));
  const secret = here && (here.username || here.password);
  // The URL as reports name it: without its query string, fragment or credentials, where a token may be; rebuilt
  // from the parsed URL when it holds credentials, which the parser finds where no pattern would
  // (`https:\\user:pw@host`, `https:user:pw@host`).
  const name = secret
    ? `${here.protocol}//${here.host}${here.pathname}`
    : url.replace(/[?#].*/s, '').replace(/[/\\]{2}[^/\\]*@/, '//');
  // A URL no request can be made to, ever (as the collector's, adapters/fetch-transport.ts): one with a user name
  // or password, which every fetch refuses (browsers', Node's) with an error quoting it whole, whatever fetch is
  // given; or one the global fetch cannot parse here (a relative one on a server; a fetch of the app's own may
  // resolve it). Reported once at start instead of retried for as long as the client lives: no request, no
  // stream, and the bootstrap, the cache or the defaults serve.
  const unusable = here ? secret : !options.fetch;
  const intervalMs = options.pollIntervalMs ?? 30 * SECOND;
  const timeoutMs = options.timeoutMs ?? 10 * SECOND;
  const send: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const check = options.publicKeys ? createSignatureCheck(options.publicKeys) : undefined;
  const reader = options.stream
    ? streamReader((globalThis as { EventSource?: EventSourceClass }).EventSource, headers, !!options.fetch)
    : undefined;
  const doc = host.browser ? (globalThis as { document?: Document }).document : undefined;
  // A client shut down while this chunk loaded sends nothing (stop() below clears the rest).
  let stopped = !!delivery.stopped;
  let fromNetwork = false;
  let timer: unknown;
  let failures = 0;
  let streamUp = false;
  let streamOpenedAt = 0;
  let streamFailures = 0;
  let streamRetryMs = SECOND;
  let streamAbort: AbortController | undefined;
  /** The polls in flight (a stream's catch-up poll may go out beside a scheduled one): stop aborts them all. */
  const polls = new Set<AbortController>();
  let streamTimer: unknown;
  // A poll that fell due while the page was hidden runs when it is shown again.
  let missedPoll = false;
  let staleTimer: unknown;
  /** The ruleset refused last: its ETag, or its body when it has none. */
  let refused: string | undefined;
  /** The last refusal report on its way (its messages load with the first): `first` settles after it. */
  let reported: Promise<void> | undefined;
  const refuse = (explain: Explain): void => {
    reported = reportRefusal(reporter, name, explain);
  };

  /**
   * Staleness: the first failure to refresh the ruleset in use (an error, a refused ruleset, the stream down
   * with polling off) starts a clock; at `staleAfterMs` the ruleset is stale. A refresh (an accepted
   * ruleset, a 304, a stream that opens) stops the clock and makes it fresh. Listeners hear each change.
   */
  const setStale = (stale: boolean): void => {
    scheduler.clearTimeout(staleTimer);
    staleTimer = undefined;
    if (stopped || !!delivery.stale === stale) return;
    delivery.stale = stale;
    host._notify(delivery, { gates: [], experiments: [], params: [], stale }, reporter);
  };
  const missed = (): void => {
    if (staleTimer === undefined)
      staleTimer = scheduler.setTimeout(() => setStale(true), options.staleAfterMs ?? 30 * SECOND);
  };

  /**
   * The server confirmed its ruleset (a 304, or its ETag sent again, as a stream does at connect): the one in
   * use, from the network and fresh, unless the app put its own in use since; nothing changes, so no listener
   * hears of it. The cached copy is as young as a
   * new one again (as a 304 refreshes an HTTP cache): a ruleset unchanged for longer than `cacheMaxAgeMs`
   * still serves the next start.
   */
  const confirmed = (): void => {
    const { etag } = delivery;
    fromNetwork = true;
    // The app's own ruleset (setRuleset) stays the app's: the server only said its own has not changed.
    if (delivery.origin !== 'static') delivery.origin = 'network';
    setStale(false);
    void (storage ? Promise.resolve(storageCache(storage, options).load()) : fileEntry())
      ?.then((entry) => {
        if (entry && etag !== undefined && entry.etag === etag) save({ ...entry, savedAt: host.now() });
      })
      .catch(() => {});
  };

  /**
   * Checks the signature (when keys are given), then hands the text to the client; saves it in the cache once
   * in use. One at a time, in the order they arrived: a check is asynchronous, and one that ended after a later
   * event's would put the older ruleset back in use (or refuse it as older, a failure).
   */
  let offering = Promise.resolve();
  // A take that threw (reported where it was awaited) must not stop the ones after it.
  const offer = (fetched: FetchedRuleset): Promise<void> =>
    (offering = offering.catch(() => {}).then(() => take(fetched)));
  const take = async (fetched: FetchedRuleset): Promise<void> => {
    const { etag } = fetched;
    // A shut-down client takes nothing more: one still queued (behind a slow check) is dropped.
    if (stopped) return;
    if (etag !== undefined && etag === delivery.etag) return confirmed();
    // The ruleset refused last time, sent again (a server that still has it): a failure, reported once, as
    // an outage's retries are not reported either.
    const id = etag ?? fetched.body;
    if (id === refused) return missed();
    const verified = !check || (await check(fetched.body, fetched.signature));
    if (stopped) return;
    if (!verified) {
      refused = id;
      refuse((refusals) => refusals.signatureRefused(name, !!fetched.signature, options.publicKeys));
      return missed();
    }
    if (useRulesetText(fetched.body, etag, 'network', name, host, refuse)) {
      fromNetwork = true;
      save({ body: fetched.body, etag, savedAt: host.now() });
      setStale(false);
    } else {
      refused = id;
      missed();
    }
  };

  const fromCache = (entry: CachedRuleset | undefined): void => {
    // A network ruleset that arrived first is newer than anything cached.
    if (!fromNetwork && !stopped && entry) useRulesetText(entry.body, entry.etag, 'cache', name, host, refuse);
  };

  /**
   * The ETag in use as a request header (`If-None-Match`, `Last-Event-ID`): none when no header can carry it (a
   * stream event's may hold any character). Sent, it would fail every request, and the source would be stuck.
   */
  const sentEtag = (): string | undefined => {
    const { etag } = delivery;
    return etag && /[\0\n\r\u0100-\uffff]/.test(etag) ? undefined : etag;
  };

  const schedule = (delayMs: number): void => {
    scheduler.clearTimeout(timer);
    if (!stopped) timer = scheduler.setTimeout(() => void poll(), delayMs);
  };

  const poll = async (initial?: true): Promise<void> => {
    if (stopped || unusable) return;
    // The first request runs in a hidden page too (a tab opened in the background): it has nothing else to show.
    if (streamUp || (!initial && doc?.visibilityState === 'hidden')) {
      missedPoll = !streamUp;
      if (intervalMs > 0) schedule(jittered(intervalMs, random));
      return;
    }
    const request: RulesetRequest = {
      url,
      name,
      headers,
      etag: sentEtag(),
      timeoutMs,
      maxBytes,
      send,
      scheduler,
      abort: new AbortController(),
    };
    polls.add(request.abort);
    try {
      const fetched = await fetchRuleset(request).finally(() => polls.delete(request.abort));
      failures = 0;
      // Undefined: a 304.
      await (fetched ? offer(fetched) : confirmed());
      if (intervalMs > 0) schedule(jittered(intervalMs, random));
    } catch (error) {
      failures++;
      missed();
      // The first failure of an outage is reported; the retries that follow are not.
      if (failures === 1 && !stopped) reporter._report(error as SplitkitError);
      const longest = Math.max(intervalMs, MAX_WAIT);
      // A server that asks for a wait (Retry-After) gets it, up to the longest backoff; the backoff stays the floor
      // (a Retry-After of 0, or a date in the past by a clock running ahead, must not bring every client at once).
      schedule(
        Math.max(fullJitter(failures, SECOND, longest, random), Math.min(request.retryAfterMs as number, longest) || 0),
      );
    }
  };

  /** The stream went down: polling stands in. */
  const down = (error: SplitkitError): void => {
    const wasUp = streamUp;
    streamUp = false;
    if (stopped) return;
    // A stream that stayed up a while ends an outage; one cut soon after it opened (a proxy or platform that
    // ends long responses) is one more failure of the same outage: backoff, no poll or report per cut.
    if (wasUp && host.now() - streamOpenedAt >= MAX_WAIT) streamFailures = 0;
    streamFailures++;
    // With polling on, the polls decide; with it off, the stream is the only way to refresh.
    if (!intervalMs) missed();
    if (streamFailures === 1) {
      reporter._report(error, wasUp ? undefined : `stream:${url}`);
      // Polling stands in while the stream is down: one poll now catches up on what the outage missed.
      if (wasUp) void poll();
    }
  };

  const connect = (): void => {
    if (stopped || unusable) return;
    const { signal } = (streamAbort = new AbortController());
    reader!
      .then((read) =>
        read({
          url,
          name,
          headers,
          lastEventId: sentEtag(),
          maxBytes,
          send,
          signal,
          scheduler,
          opened() {
            streamUp = true;
            streamOpenedAt = host.now();
            // The server sends the ruleset at once unless Last-Event-ID is current: either way, fresh.
            setStale(false);
          },
          event(data, id) {
            const fetched = rulesetEvent(data, id);
            if (fetched) void offer(fetched);
          },
          retry(ms) {
            // Honored up to the backoff's cap: a larger delay would overflow the timer and reconnect at once.
            streamRetryMs = Math.min(Math.max(ms, 100), MAX_WAIT);
          },
          dropped: down,
        }),
      )
      .catch((error: SplitkitError) => {
        down(error);
        // The first failure of an outage waits up to the server's retry delay; each further one twice as long.
        if (!stopped)
          streamTimer = scheduler.setTimeout(connect, fullJitter(streamFailures, streamRetryMs, MAX_WAIT, random));
      });
  };

  const onVisible = (): void => {
    if (doc?.visibilityState === 'visible' && missedPoll) {
      missedPoll = false;
      void poll();
    }
  };
  doc?.addEventListener('visibilitychange', onVisible);

  if (unusable) {
    // Its message loads with the refusals': a page whose URL is fine never downloads it.
    refuse((refusals) => refusals.urlRefused(name, !!here));
    // Nothing can refresh the ruleset in use: stale after staleAfterMs, as for a source whose requests fail.
    missed();
  }
  // A bootstrap is fresher than any cache. A file answers later: a network ruleset that arrives first wins.
  fromCache(host._cached);
  const cached = bootstrapped
    ? undefined
    : fileEntry()?.then(
        (entry) => fromCache(freshEntry(entry, options.cacheMaxAgeMs, host.now())),
        () => {},
      );
  // What the first attempt refused is reported by the time `ready()` resolves.
  // The stream connects at once: a slow refusal message chunk must not hold it back.
  const first = Promise.all([cached, poll(true)]).then(() => {
    if (options.stream) connect();
    // `client.status().ready` from now on, whether or not a `ready()` call waits for it.
    delivery._ready = true;
    return reported;
  });

  const running: RunningSource = {
    first,
    stop() {
      stopped = true;
      scheduler.clearTimeout(timer);
      scheduler.clearTimeout(streamTimer);
      scheduler.clearTimeout(staleTimer);
      streamAbort?.abort();
      for (const abort of polls) abort.abort();
      doc?.removeEventListener('visibilitychange', onVisible);
    },
  };
  // The client was shut down while this chunk loaded: stopped before anything begun here can finish.
  if (delivery.stopped) running.stop();
  return running;
}
