/**
 * Several tabs of one origin, for real: each page is its own renderer's view of localStorage, told of the
 * others' writes a little later. Tabs that record events and close at the same moment while the collector is
 * down (their beacons cut) must leave every event stored, and the next load must deliver each of them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { exercise, openPage, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const QUIET = { flushIntervalMs: 600_000 };
const TABS = 3;
// Rounds of the race: a lost write needs two tabs to write within a moment of each other.
const ROUNDS = 4;

describe.skipIf(!browserTestsEnabled)('tabs of one origin in headless Chromium', () => {
  const harness = useBrowserHarness();

  it('tabs writing and closing at the same moment while the collector is down lose no event', async () => {
    const { collector, site } = harness;
    for (let round = 0; round < ROUNDS; round++) {
      const context = await harness.newContext();
      collector.reset();
      collector.mode = 'destroy';
      const pages: Page[] = await Promise.all(
        Array.from({ length: TABS }, () => openPage(context, site.pageUrl(QUIET))),
      );
      // Recorded together: their throttled writes (a second later) fall together too.
      await Promise.all(pages.map((page) => exercise(page, 3)));
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await Promise.all(pages.map((page) => page.close()));
      // Each tab's beacon carried its events (and was cut): these are all the events recorded.
      // (Chromium tries a cut beacon again: some arrive twice.)
      const recorded = new Set<string>();
      await collector.waitFor(`the beacons of ${TABS} tabs`, () => {
        for (const request of collector.requests) for (const id of request.eventIds) recorded.add(id);
        return recorded.size === TABS * 5;
      });

      const blank = await context.newPage();
      await blank.goto(site.blankUrl);
      expect(new Set(await storedEventIds(blank)), `round ${round}`).toEqual(recorded);
      collector.mode = 'up';
      await openPage(context, site.pageUrl({ flushIntervalMs: 200 }));
      await collector.waitForIds([...recorded]);
      await context.close();
    }
  }, 120_000);
});
