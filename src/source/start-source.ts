/**
 * Keeps a client's ruleset fresh from a URL: the cache at start, a first
 * conditional request, then polls with jitter (only while the page is
 * visible, in browsers), retries with full-jitter backoff after errors, and
 * optionally a server-sent-events stream that replaces polling while it is
 * up. Every ruleset goes through the client's checks (signature, JSON,
 * freshness, validation) before use; a refused one leaves the last good one
 * in use.
 */
import { SplitkitError } from '../errors/index.js';
import type { Delivery } from '../client/delivery.js';
import type { KeyValueStorage } from '../io/storage.js';
import { fullJitter, jittered } from './backoff.js';
import { storageCache, useCached, type RulesetCache } from './cache.js';
import type { RulesetInput } from '../ruleset/input.js';
import type { Reporter } from '../client/reporter.js';
import { useRulesetText } from './use-text.js';
import { fileCache } from './file-cache.js';
import { fetchRuleset, type FetchedRuleset } from './fetch-ruleset.js';
import type { SourceOptions } from './options.js';
import { readStream } from './stream.js';
import { createSignatureCheck } from './verify-signature.js';

/** Where a ruleset in use came from (see `client.ready`). */
export type RulesetOrigin = 'network' | 'cache' | 'bootstrap' | 'static' | 'none';

/** The client's side of a source. */
export interface SourceHost {
  /** The client: the ruleset in use, and `setRuleset` (validates, reports a refusal, puts the ruleset in use). */
  client: { getRuleset(): RulesetInput; setRuleset(ruleset: unknown): boolean };
  /** The client's delivery state: the origin and ETag of the ruleset in use (a bootstrap is fresher than any cache), the timers. */
  delivery: Delivery;
  reporter: Reporter;
  now(): number;
  browser: boolean;
}

/** A running source. */
export interface RunningSource {
  /** Settles when the first attempt (cache and network) has: what `ready()` waits for. */
  first: Promise<void>;
  /** Stops polling and closes the stream. */
  stop(): void;
}

const SECOND = 1000;

/** Starts keeping the host's ruleset fresh from `options.url`, with `storage` (localStorage) or `cacheFile` as its cache. */
export function startSource(
  options: SourceOptions,
  host: SourceHost,
  storage: KeyValueStorage | undefined,
  random: () => number = Math.random,
): RunningSource {
  const { client, delivery, reporter } = host;
  const report = (error: SplitkitError, key?: string): void => reporter.report(error, key);
  const accepted = (origin: 'network' | 'cache', etag: string | undefined): void => {
    delivery.origin = origin;
    delivery.etag = etag;
  };
  const use = (body: string, etag: string | undefined, origin: 'network' | 'cache'): boolean => {
    const used = useRulesetText(
      body,
      origin === 'cache' ? `the cache of ${options.url}` : options.url,
      client.getRuleset(),
      (ruleset) => client.setRuleset(ruleset),
      reporter,
    );
    if (used) accepted(origin, etag);
    return used;
  };
  const cache = storage
    ? storageCache(storage, options.url)
    : options.cacheFile !== undefined && options.cache !== false
      ? fileCache(options.cacheFile)
      : undefined;
  // Read before the first request: only the source changes the origin, so it is still the one the client started from.
  const bootstrapped = delivery.origin === 'bootstrap';
  const { url, headers, scheduler } = { ...options, scheduler: delivery.scheduler };
  const intervalMs = options.pollIntervalMs ?? 30 * SECOND;
  const timeoutMs = options.timeoutMs ?? 10 * SECOND;
  const send: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const check = options.publicKeys ? createSignatureCheck(options.publicKeys) : undefined;
  const doc = host.browser ? (globalThis as { document?: Document }).document : undefined;
  let stopped = false;
  let fromNetwork = false;
  let timer: unknown;
  let failures = 0;
  let streamUp = false;
  let streamFailures = 0;
  let streamRetryMs = SECOND;
  let streamAbort: AbortController | undefined;
  let streamTimer: unknown;
  // A poll that fell due while the page was hidden runs when it is shown again.
  let missedPoll = false;
  let staleTimer: unknown;

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
    // notifyListeners' loop, written out: importing it would pull delivery.ts into a chunk the entry shares.
    for (const listener of [...delivery.listeners]) {
      try {
        listener({ gates: [], experiments: [], params: [], stale });
      } catch (error) {
        report(
          new SplitkitError('LISTENER_FAILED', `a subscribe listener threw: ${(error as Error)?.message ?? error}`, {
            cause: error,
          }),
        );
      }
    }
  };
  const missed = (): void => {
    if (staleTimer === undefined)
      staleTimer = scheduler.setTimeout(() => setStale(true), options.staleAfterMs ?? 30 * SECOND);
  };

  /** Checks the signature (when keys are given), then hands the text to the client; saves it in the cache once in use. */
  const offer = async (fetched: FetchedRuleset): Promise<void> => {
    if (check && !(await check(fetched.body, fetched.signature))) {
      const why = fetched.signature
        ? 'its signature does not verify with any of source.publicKeys'
        : 'it is unsigned (no Splitkit-Signature) and source.publicKeys is set';
      report(
        new SplitkitError('INVALID_RULESET', `ruleset from ${url} refused: ${why}; the last good ruleset stays in use`),
      );
      return missed();
    }
    if (stopped) return;
    if (use(fetched.body, fetched.etag, 'network')) {
      fromNetwork = true;
      cache?.save({ body: fetched.body, etag: fetched.etag, savedAt: host.now() });
      setStale(false);
    } else missed();
  };

  const fromCache = (entry: Awaited<ReturnType<RulesetCache['load']>>): void => {
    // A network ruleset that arrived first is newer than anything cached.
    if (!fromNetwork && !stopped) useCached(entry, options.cacheMaxAgeMs, host.now(), use);
  };

  const schedule = (delayMs: number): void => {
    scheduler.clearTimeout(timer);
    if (!stopped) timer = scheduler.setTimeout(() => void poll(), delayMs);
  };

  const poll = async (): Promise<void> => {
    if (stopped) return;
    if (streamUp || doc?.visibilityState === 'hidden') {
      missedPoll = !streamUp;
      if (intervalMs > 0) schedule(jittered(intervalMs, random));
      return;
    }
    try {
      const fetched = await fetchRuleset({ url, headers, etag: delivery.etag, timeoutMs, send, scheduler });
      failures = 0;
      if (fetched) await offer(fetched);
      else {
        // A 304: the server confirmed the ruleset in use (from the cache or a bootstrap) is current.
        fromNetwork = true;
        accepted('network', delivery.etag);
        setStale(false);
      }
      if (intervalMs > 0) schedule(jittered(intervalMs, random));
    } catch (error) {
      failures++;
      missed();
      // The first failure of an outage is reported; the retries that follow are not.
      if (failures === 1 && !stopped) report(error as SplitkitError);
      schedule(fullJitter(failures, SECOND, Math.max(intervalMs, 60 * SECOND), random));
    }
  };

  const connect = (): void => {
    if (stopped) return;
    streamAbort = new AbortController();
    readStream({
      url,
      headers,
      lastEventId: delivery.etag,
      send,
      signal: streamAbort.signal,
      opened() {
        streamUp = true;
        streamFailures = 0;
        // The server sends the ruleset at once unless Last-Event-ID is current: either way, fresh.
        setStale(false);
      },
      ruleset: (fetched) => void offer(fetched),
      retry(ms) {
        streamRetryMs = Math.max(ms, 100);
      },
    }).catch((error: SplitkitError) => {
      const wasUp = streamUp;
      streamUp = false;
      if (stopped) return;
      streamFailures++;
      // With polling on, the polls decide; with it off, the stream is the only way to refresh.
      if (!intervalMs) missed();
      if (streamFailures === 1) report(error, wasUp ? undefined : `stream:${url}`);
      // Polling stands in while the stream is down: one poll now catches up on what the outage missed.
      if (wasUp) void poll();
      streamTimer = scheduler.setTimeout(
        connect,
        wasUp ? streamRetryMs * random() : fullJitter(streamFailures, streamRetryMs, 60 * SECOND, random),
      );
    });
  };

  const onVisible = (): void => {
    if (doc?.visibilityState === 'visible' && missedPoll) {
      missedPoll = false;
      void poll();
    }
  };
  doc?.addEventListener('visibilitychange', onVisible);

  // A bootstrap is fresher than any cache. A file answers later: a network ruleset that arrives first wins.
  const loading = bootstrapped ? undefined : cache?.load();
  if (loading && !(loading instanceof Promise)) fromCache(loading);
  const cached = loading instanceof Promise ? loading.then(fromCache, () => {}) : undefined;
  const first = Promise.all([cached, poll()]).then(() => {
    if (options.stream) connect();
  });

  const running: RunningSource = {
    first,
    stop() {
      stopped = true;
      scheduler.clearTimeout(timer);
      scheduler.clearTimeout(streamTimer);
      scheduler.clearTimeout(staleTimer);
      streamAbort?.abort();
      doc?.removeEventListener('visibilitychange', onVisible);
    },
  };
  // The client was shut down while this chunk loaded: stopped before anything begun here can finish.
  if (delivery.stopped) running.stop();
  return running;
}
