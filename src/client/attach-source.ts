/**
 * Starts a client's ruleset source, for the full client and the lean one alike: the cached ruleset serves the
 * very first reads (read here, at once, not by the source's chunk), then the chunk with the fetching, polling and
 * streaming code loads (a separate chunk for bundlers, loaded only when a source is configured) and keeps the
 * ruleset fresh.
 */
import { SplitkitError } from '../errors/index.js';
import { quietly } from '../io/quietly.js';
import { isPlainObject } from '../shared/plain-object.js';
import { createLocalStorage } from '../adapters/storage.js';
import { freshEntry, storageCache } from '../source/cache.js';
import type { SourceOptions } from '../source/options.js';
import type { TextHost } from '../source/use-text.js';
import { notifyListeners, type Delivery } from './delivery.js';
import type { Reporter } from './reporter.js';
import { safeText } from './safe-text.js';

/**
 * Starts `source` for `client`. `bootstrapped`: the page has a bootstrap, which is fresher than any cache;
 * `given`: the `ruleset` option, which the chunk compares with a cached ruleset's freshness before either wins.
 */
export function attachSource(
  client: TextHost['client'],
  delivery: Delivery,
  reporter: Reporter,
  source: SourceOptions,
  browser: boolean,
  now: () => number,
  bootstrapped: boolean,
  given: unknown,
): void {
  const storage = source.cache === false ? undefined : (source.cache ?? (browser ? createLocalStorage() : undefined));
  // The chunk checks what cannot be put in use as simply: a body that is no JSON object, and one to compare with
  // the `ruleset` option's freshness.
  let cached =
    storage && !bootstrapped
      ? freshEntry(storageCache(storage, source).load(), source.cacheMaxAgeMs, now())
      : undefined;
  const parsed: unknown = cached && given === undefined && quietly(() => JSON.parse(cached!.body));
  if (isPlainObject(parsed)) {
    if (client.setRuleset(parsed)) {
      delivery.origin = 'cache';
      delivery.etag = cached!.etag;
    }
    cached = undefined;
  }
  const host = { client, delivery, reporter, now, browser, _cached: cached, _notify: notifyListeners };
  const running = (delivery.source = import('../source/start-source.js').then(({ startSource }) =>
    startSource(source, host, storage),
  ));
  // The chunk may fail to load (a page offline with the chunk not in its HTTP cache): reads go on from what is in use,
  // and the wait for the source is over (status().ready), as a ready() call would find.
  running.catch((error: unknown) => {
    delivery._ready = true;
    reporter._report(
      new SplitkitError('TRANSPORT_FAILED', `the ruleset source could not start: ${safeText(error)}`, {
        cause: error,
      }),
    );
  });
}
