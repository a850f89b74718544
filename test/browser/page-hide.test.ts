/**
 * Closing a tab in a real browser: the events still queued (nothing is sent
 * by timer: the flush interval is 10 minutes) go out by `navigator.sendBeacon`
 * as the page hides, each exactly once, and stay in localStorage because a
 * beacon never says whether it arrived; the next load sends them again with
 * the same ids (at least once, and the collector can drop the repeats).
 *
 * How we know a request was a beacon: the page tags every `fetch` it makes
 * (the fetch transport and beacon.ts's keepalive fallback both go through
 * the global fetch) with a header that `sendBeacon` cannot carry, so the
 * collector sees beacons as the untagged POSTs.
 */
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { deviceId, exercise, openPage, pipelineStats, reportedErrors, storedEventIds } from './support/driver.js';
import { useBrowserHarness, type BrowserHarness } from './support/harness.js';

const QUIET = { flushIntervalMs: 600_000 };
const TRACKS = 3;
// Two exposures (gate and experiment) and the tracked events.
const EVENTS = 2 + TRACKS;
// The queue is written to localStorage within a second; the bound leaves room for a loaded machine.
const PERSIST_WAIT_MS = 10_000;

/** Opens the page, logs the events, waits until they are in localStorage and closes the tab; returns their ids and the device id. */
async function logAndClose(
  harness: BrowserHarness,
  context: BrowserContext,
): Promise<{ ids: string[]; device: string }> {
  const page = await openPage(context, harness.site.pageUrl(QUIET));
  const device = await deviceId(page);
  await exercise(page, TRACKS);
  // The queue is mirrored to storage within a second; its ids are the ones the beacon must carry.
  await expect.poll(() => storedEventIds(page), { timeout: PERSIST_WAIT_MS }).toHaveLength(EVENTS);
  const ids = await storedEventIds(page);
  expect(harness.collector.requests).toEqual([]);
  expect(await reportedErrors(page)).toEqual([]);
  // A real close: Chromium fires pagehide, then visibilitychange to hidden.
  await page.close();
  return { ids, device };
}

describe.skipIf(!browserTestsEnabled)('page hide in headless Chromium', () => {
  const harness = useBrowserHarness();

  it('sends the queued events by beacon when the tab closes, exactly once each', async () => {
    const context = await harness.newContext();
    const { ids, device } = await logAndClose(harness, context);
    const { collector } = harness;

    await collector.waitForIds(ids);
    expect(collector.storedIds().sort()).toEqual([...ids].sort());
    // Both pagehide and the hidden state trigger the hand-off; the second finds nothing left to send.
    expect([...collector.deliveries.values()]).toEqual(ids.map(() => 1));
    expect(collector.requests.length).toBeGreaterThan(0);
    for (const request of collector.requests) {
      expect(request).toMatchObject({ via: 'beacon', contentType: 'application/json', answer: 200 });
    }

    const events = ids.map((id) => collector.events.get(id)!);
    expect(events.map((event) => event.name).sort()).toEqual([
      'button_color',
      'new_checkout',
      ...Array<string>(TRACKS).fill('purchase'),
    ]);
    for (const event of events) expect(event.units.deviceID).toBe(device);

    // A beacon gives no answer, so the events stay stored for the next load.
    const blank = await context.newPage();
    await blank.goto(harness.site.blankUrl);
    expect((await storedEventIds(blank)).sort()).toEqual([...ids].sort());
  });

  it('sends beaconed events again, with the same ids, on the next load (at least once)', async () => {
    const context = await harness.newContext();
    const { ids } = await logAndClose(harness, context);
    const { collector } = harness;
    await collector.waitForIds(ids);

    const next = await openPage(context, harness.site.pageUrl({ flushIntervalMs: 200 }));
    await collector.waitFor('every event a second time', () => ids.every((id) => collector.deliveries.get(id) === 2));
    expect(collector.storedIds().sort()).toEqual([...ids].sort());
    expect(collector.requests.at(-1)).toMatchObject({ via: 'fetch', answer: 200 });
    // Delivered with an answer this time: storage is cleared (the mirror writes within a second).
    await expect.poll(() => storedEventIds(next), { timeout: PERSIST_WAIT_MS }).toEqual([]);
  });

  it('sends by beacon the events of a request still in flight when the tab closes (the fetch dies with the page)', async () => {
    const { collector } = harness;
    const context = await harness.newContext();
    const page = await openPage(context, harness.site.pageUrl(QUIET));
    await exercise(page, TRACKS);
    collector.mode = 'hold-fetch';
    await page.evaluate('void client.flush()');
    await collector.waitFor('the flush to reach the collector', () => collector.requests.length === 1);
    const ids = collector.requests[0]!.eventIds;
    expect(ids).toHaveLength(EVENTS);
    expect(await pipelineStats(page)).toMatchObject({ inFlight: EVENTS, queued: 0 });
    await page.close();

    await collector.waitForIds(ids);
    expect(collector.requests.slice(1).every((request) => request.via === 'beacon')).toBe(true);
    expect([...collector.deliveries.values()]).toEqual(ids.map(() => 1));
  });
});
