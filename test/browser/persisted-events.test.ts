/**
 * A tab closed while the collector was down: neither the fetch attempt nor
 * the beacon got through (the collector answered 503, or cut the
 * connection), and a beacon cannot tell the page so. The events must still
 * be in localStorage, and the next load of the page, with the collector
 * back, must deliver every one of them.
 */
import { describe, expect, it } from 'vitest';
import type { CollectorMode } from './support/collector.js';
import { browserTestsEnabled } from './support/chromium.js';
import { exercise, openPage, pipelineStats, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const TRACKS = 4;
// Two exposures (gate and experiment) and the tracked events.
const EVENTS = 2 + TRACKS;
// The queue is written to localStorage within a second; the bound leaves room for a loaded machine.
const PERSIST_WAIT_MS = 10_000;
// Nothing is sent by timer while the collector is down; retries wait for Retry-After (an hour) or a long backoff.
const DOWN = { flushIntervalMs: 600_000, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 } };
// The next load sends what it finds in storage at its first interval.
const NEXT_LOAD = { flushIntervalMs: 200 };

describe.skipIf(!browserTestsEnabled)('events persisted across page loads in headless Chromium', () => {
  const harness = useBrowserHarness();

  // A 503 is an answer: one attempt each, and every event stored exactly once in the end. A cut
  // connection is not: Chromium itself retries a request whose reused connection was reset (we saw
  // two attempts per fetch), and such a retry can land after the collector is back, so there
  // every id must arrive, but possibly more than once.
  it.each<{ mode: CollectorMode; label: string; answer: number | 'destroyed'; exactlyOnce: boolean }>([
    { mode: 'unavailable', label: '503', answer: 503, exactlyOnce: true },
    { mode: 'destroy', label: 'connections cut', answer: 'destroyed', exactlyOnce: false },
  ])(
    'delivers on the next load the events of a tab closed while the collector was down ($label)',
    async ({ mode, answer, exactlyOnce }) => {
      const { collector, site } = harness;
      collector.mode = mode;
      const context = await harness.newContext();
      const page = await openPage(context, site.pageUrl(DOWN));
      await exercise(page, TRACKS);
      await page.evaluate('client.flush()');
      expect(await pipelineStats(page)).toMatchObject({ queued: EVENTS, sent: 0 });
      await expect.poll(() => storedEventIds(page), { timeout: PERSIST_WAIT_MS }).toHaveLength(EVENTS);
      const ids = await storedEventIds(page);

      await page.close();
      // Wait for the refused beacon itself, so that it cannot reach the collector after it comes back up.
      await collector.waitFor('the beacon to be refused', () => collector.requests.some((r) => r.via === 'beacon'));
      const vias = collector.requests.map((r) => r.via);
      expect(vias.filter((via) => via === 'fetch').length).toBeGreaterThanOrEqual(1);
      if (exactlyOnce) expect(vias).toEqual(['fetch', 'beacon']);
      for (const request of collector.requests) {
        expect(request.answer).toBe(answer);
        expect(request.eventIds.sort()).toEqual([...ids].sort());
      }
      expect(collector.deliveries.size).toBe(0);

      const blank = await context.newPage();
      await blank.goto(site.blankUrl);
      expect((await storedEventIds(blank)).sort()).toEqual([...ids].sort());

      collector.mode = 'up';
      await openPage(context, site.pageUrl(NEXT_LOAD));
      await collector.waitForIds(ids);
      // Every earlier event, and nothing else.
      expect(collector.storedIds().sort()).toEqual([...ids].sort());
      const counts = ids.map((id) => collector.deliveries.get(id));
      if (exactlyOnce) expect(counts).toEqual(ids.map(() => 1));
      else for (const count of counts) expect(count).toBeGreaterThanOrEqual(1);
    },
  );
});
