/**
 * Events an app records while the page hides: a `pagehide` or `visibilitychange` listener the app adds after
 * creating the client (a "page left" or "time on page" event) runs after the client's own listener has handed
 * the queue to the beacon. Closing the tab for real, such an event must still leave by beacon (and be stored):
 * no timer runs once the page is gone.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { openPage, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const QUIET = { flushIntervalMs: 600_000 };

describe.skipIf(!browserTestsEnabled)('events recorded as the page hides, in headless Chromium', () => {
  const harness = useBrowserHarness();

  for (const [type, target] of [
    ['pagehide', 'window'],
    ['visibilitychange', 'document'],
  ] as const) {
    it(`an event tracked in the app's own ${type} listener arrives by beacon and stays stored`, async () => {
      const { collector, site } = harness;
      const context = await harness.newContext();
      const page = await openPage(context, site.pageUrl(QUIET));
      await page.evaluate(`${target}.addEventListener('${type}', () => client.track('page_left'))`);
      await page.close();

      await collector.waitFor('the page_left event', () =>
        [...collector.events.values()].some((event) => event.name === 'page_left'),
      );
      const [left] = [...collector.events.values()].filter((event) => event.name === 'page_left');
      expect(collector.requests.every((request) => request.via === 'beacon')).toBe(true);
      expect(collector.deliveries.get(left!.id)).toBe(1);
      // A beacon gives no answer: the event stays stored for the next load.
      const blank = await context.newPage();
      await blank.goto(site.blankUrl);
      expect(await storedEventIds(blank)).toContain(left!.id);
    });
  }
});
