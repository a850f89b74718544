/**
 * A collector URL with a user name or password in real Chromium: its `fetch` refuses to make the request
 * (a TypeError quoting the URL, password and all) and `sendBeacon` returns false. The client refuses the URL at
 * its first attempt: one `INVALID_OPTIONS` report naming `collector.url` without the password, nothing sent,
 * `flush()` and `shutdown()` prompt; and a page that hides before that attempt hands the beacon nothing it
 * could count as sent.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { openPage } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const SECRET = 's3cretPa55';

describe.skipIf(!browserTestsEnabled)('a collector URL with credentials in headless Chromium', () => {
  const harness = useBrowserHarness();

  /** Page code creating `window.credentialed`: a client posting to the site's collector with credentials in its URL. */
  const credentialedClient = (flushIntervalMs: number) => `(() => {
    const url = location.origin.replace('//', '//user:${SECRET}@') + '/events?key=${SECRET}';
    window.credentialedErrors = [];
    window.credentialed = splitkit.createClient({
      ruleset: {},
      user: { userID: 'u' },
      collector: { url },
      events: { flushIntervalMs: ${flushIntervalMs} },
      onError: (error) => credentialedErrors.push(error.code + ': ' + error.message + ' / ' + (error.cause && error.cause.message)),
    });
  })()`;

  it("the premise: Chromium's fetch refuses it quoting the password, and sendBeacon returns false", async () => {
    const page = await openPage(await harness.newContext(), harness.site.pageUrl({}));
    const seen = (await page.evaluate(`(async () => {
      const url = location.origin.replace('//', '//user:${SECRET}@') + '/events';
      const beacon = navigator.sendBeacon(url, new Blob(['{}'], { type: 'application/json' }));
      const fetched = await fetch(url, { method: 'POST', body: '{}' }).then(() => 'sent', (error) => String(error));
      return { beacon, fetched };
    })()`)) as { beacon: boolean; fetched: string };
    expect(seen.beacon).toBe(false);
    expect(seen.fetched).toMatch(/^TypeError: .*credentials.*s3cretPa55/);
    expect(harness.collector.requests).toEqual([]);
  });

  it('reported once at the first attempt, without the password; nothing sent; flush and shutdown resolve', async () => {
    const page = await openPage(await harness.newContext(), harness.site.pageUrl({}));
    await page.evaluate(credentialedClient(600_000));
    await page.evaluate(`credentialed.track('a'); credentialed.track('b')`);
    // Not waiting for the interval: a flush makes the first attempt now.
    await page.evaluate('credentialed.flush()');
    const errors = (await page.evaluate('credentialedErrors.slice()')) as string[];
    expect(errors).toEqual([
      `INVALID_OPTIONS: collector.url "${harness.site.origin}/events" must not contain a user name or password: ` +
        'send them in collector.headers: no event can be sent; 2 event(s) dropped, and every later one / ' +
        `collector.url "${harness.site.origin}/events" must not contain a user name or password: send them in collector.headers`,
    ]);
    await page.evaluate(`credentialed.track('c')`);
    expect(await page.evaluate('credentialed.shutdown().then((report) => report.delivered)')).toBe(false);
    expect(await page.evaluate('credentialed.stats()')).toMatchObject({ sent: 0, dropped: 3, retried: 0 });
    expect(await page.evaluate('credentialedErrors.length')).toBe(1);
    expect(harness.collector.requests).toEqual([]);
  });

  it('a page hiding before the first attempt: the beacon takes nothing, the events stay queued', async () => {
    const page = await openPage(await harness.newContext(), harness.site.pageUrl({}));
    await page.evaluate(credentialedClient(600_000));
    await page.evaluate(`credentialed.track('a'); credentialed.track('b')`);
    // The client's pagehide listener hands the queue to sendBeacon, synchronously.
    await page.evaluate(`dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }))`);
    expect(await page.evaluate('credentialed.stats()')).toMatchObject({ queued: 2, sent: 0 });
    // The next attempt (a flush here; the next page load's restore otherwise) refuses the URL once.
    await page.evaluate('credentialed.flush()');
    expect(await page.evaluate('credentialed.stats()')).toMatchObject({ queued: 0, sent: 0, dropped: 2 });
    expect(((await page.evaluate('credentialedErrors.slice()')) as string[]).join('\n')).not.toContain(SECRET);
    expect(harness.collector.requests).toEqual([]);
  });
});
