/**
 * Coming back online flushes at once. The page goes offline for real
 * (Playwright's `setOffline`, which Chromium turns into `navigator.onLine`
 * changes and `offline`/`online` events); an explicit flush fails with a
 * network error and the batch waits for its backoff; going online sends it
 * well before either the 10-minute flush interval or the backoff.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { exercise, openPage, pipelineStats, reportedErrors } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const TRACKS = 3;
// Two exposures (gate and experiment) and the tracked events.
const EVENTS = 2 + TRACKS;
/**
 * The first retry waits a uniform time in [0, 600 s) (full jitter). It can only pre-empt the
 * `online` event by firing between the `retried: 1` check below and going online (any earlier,
 * it would have failed offline and made `retried` 2). That gap is a CDP round trip, milliseconds,
 * at worst about a second on a loaded machine: a chance under 1 s / 600 s ≈ 0.2 % that a run
 * does not tell the two apart (it still passes then, it just proves less).
 */
const SLOW = { flushIntervalMs: 600_000, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 } };
const ONLINE_WAIT_MS = 10_000;

describe.skipIf(!browserTestsEnabled)('online in headless Chromium', () => {
  const harness = useBrowserHarness();

  it('flushes as soon as the page is back online', async () => {
    const { collector, site } = harness;
    const context = await harness.newContext();
    const page = await openPage(context, site.pageUrl(SLOW));

    await context.setOffline(true);
    expect(await page.evaluate('navigator.onLine')).toBe(false);
    await exercise(page, TRACKS);
    await page.evaluate('client.flush()');
    expect(await pipelineStats(page)).toMatchObject({ queued: EVENTS, sent: 0, retried: 1 });
    expect(collector.requests).toEqual([]);

    await context.setOffline(false);
    // Within 10 s, where the interval and the backoff are both minutes away: the online event sent them.
    await collector.waitFor(`${EVENTS} events`, () => collector.deliveries.size === EVENTS, ONLINE_WAIT_MS);

    // The collector stores before it answers; the page counts once the answer is back.
    await expect
      .poll(() => pipelineStats(page), { timeout: ONLINE_WAIT_MS })
      .toMatchObject({ queued: 0, inFlight: 0, sent: EVENTS, retried: 1 });
    // Every request was the page's fetch transport, and every event arrived. A repeat with the same
    // id is allowed: in a probe Chromium sent one fetch twice right after a network change.
    for (const request of collector.requests) expect(request).toMatchObject({ via: 'fetch', answer: 200 });
    for (const count of collector.deliveries.values()) expect(count).toBeGreaterThanOrEqual(1);
    // The one failed attempt was reported, as retryable; nothing else was.
    const errors = await reportedErrors(page);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^TRANSPORT_FAILED: .*network error.*retrying in \d+ ms$/);
  });
});
