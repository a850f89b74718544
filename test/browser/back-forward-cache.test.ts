/**
 * Chromium's back/forward cache, for real (Playwright turns it off by default; this file turns it back on, and
 * serves the page without `no-store`, which keeps a page out of it): leaving the page fires `pagehide` with
 * `persisted` true and freezes it, timers and all; going back shows the same page again (`pageshow`,
 * `persisted` true) without loading it. The events queued when it left go by beacon exactly once, a request in
 * flight then is not lost, and the restored page goes on delivering what it records, each event once, by
 * fetch and not by beacon (its page-hide state must not outlive the hide).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { exercise, openPage, pipelineStats, reportedErrors } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const QUIET = { flushIntervalMs: 600_000 };
const TRACKS = 3;
const EVENTS = 2 + TRACKS;

/** Leaves `page` for the blank page of the origin, then goes back to it; the page is restored, not reloaded. */
async function leaveAndComeBack(page: Page, blankUrl: string): Promise<void> {
  await page.evaluate(`window.shown = []; addEventListener('pageshow', (event) => shown.push(event.persisted))`);
  await page.goto(blankUrl);
  // A page restored from the cache fires no load event: wait for the navigation, then for the page's own state.
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction('window.shown !== undefined && shown.length > 0');
  expect(await page.evaluate('shown')).toEqual([true]);
}

describe.skipIf(!browserTestsEnabled)('the back/forward cache in headless Chromium', () => {
  const harness = useBrowserHarness({ backForwardCache: true });

  it('a page restored from the cache keeps delivering: what it queued went by beacon once, what it records next goes by fetch', async () => {
    const { collector, site } = harness;
    const context = await harness.newContext();
    const page = await openPage(context, site.cacheablePageUrl(QUIET));
    await exercise(page, TRACKS);
    await leaveAndComeBack(page, site.blankUrl);
    await collector.waitFor(`${EVENTS} events`, () => collector.storedIds().length === EVENTS);
    const beaconed = collector.storedIds();
    expect(collector.requests.every((request) => request.via === 'beacon')).toBe(true);

    // Back on the restored page: a new event waits for the flush interval (no beacon now), and a flush sends it.
    await page.evaluate(`client.track('after_return')`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await pipelineStats(page)).toMatchObject({ queued: 1, sent: EVENTS });
    await page.evaluate('client.flush()');
    await collector.waitFor('the event recorded after coming back', () => collector.storedIds().length === EVENTS + 1);
    expect(collector.requests.at(-1)).toMatchObject({ via: 'fetch', answer: 200 });
    expect([...collector.deliveries.values()]).toEqual(Array(EVENTS + 1).fill(1));
    expect(collector.storedIds().slice(0, EVENTS)).toEqual(beaconed);
    expect(await pipelineStats(page)).toMatchObject({ queued: 0, inFlight: 0, dropped: 0 });
    expect(await reportedErrors(page)).toEqual([]);
  });

  it('a request in flight when the page enters the cache is not lost: its events go by beacon', async () => {
    const { collector, site } = harness;
    const context = await harness.newContext();
    const page = await openPage(context, site.cacheablePageUrl(QUIET));
    await exercise(page, TRACKS);
    collector.mode = 'hold-fetch';
    await page.evaluate('void client.flush()');
    await collector.waitFor('the flush to reach the collector', () => collector.requests.length === 1);
    const ids = collector.requests[0]!.eventIds;
    await leaveAndComeBack(page, site.blankUrl);
    await collector.waitForIds(ids);
    expect(await pipelineStats(page)).toMatchObject({ queued: 0, inFlight: 0, sent: EVENTS });

    collector.mode = 'up';
    await page.evaluate(`client.track('after_return')`);
    await page.evaluate('client.flush()');
    await collector.waitFor('the event recorded after coming back', () => collector.storedIds().length === EVENTS + 1);
    expect([...collector.deliveries.values()]).toEqual(Array(EVENTS + 1).fill(1));
  });
});
