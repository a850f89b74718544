/**
 * Withdrawn identity consent in a real browser: the stored event queues of every open tab of the origin (each
 * writes a key of its own in the one localStorage) are erased at once, and granting consent again stores this
 * tab's queue at once.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { exercise, openPage, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const TRACKS = 2;
// Two exposures (gate and experiment) and the tracked events.
const EVENTS = 2 + TRACKS;
// The queue is written to localStorage within a second; the bound leaves room for a loaded machine.
const PERSIST_WAIT_MS = 10_000;
// Nothing is sent by timer while the collector is down.
const DOWN = { flushIntervalMs: 600_000, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 } };

describe.skipIf(!browserTestsEnabled)('withdrawn identity consent in headless Chromium', () => {
  const harness = useBrowserHarness();

  it("erases every open tab's stored queue at once; granting again stores this tab's at once", async () => {
    harness.collector.mode = 'unavailable';
    const context = await harness.newContext();
    const [first, second] = [
      await openPage(context, harness.site.pageUrl(DOWN)),
      await openPage(context, harness.site.pageUrl(DOWN)),
    ];
    await exercise(first, TRACKS);
    await exercise(second, TRACKS);
    await expect.poll(() => storedEventIds(first), { timeout: PERSIST_WAIT_MS }).toHaveLength(2 * EVENTS);
    const own = await first.evaluate('client.stats().queued');
    expect(own).toBe(EVENTS);

    // Another tab's renderer sees this tab's localStorage changes shortly after, not at once: a bounded wait.
    await first.evaluate('client.setIdentityConsent(false)');
    expect(await storedEventIds(first)).toEqual([]);
    await expect.poll(() => storedEventIds(second), { timeout: PERSIST_WAIT_MS }).toEqual([]);

    await first.evaluate('client.setIdentityConsent(true)');
    await expect.poll(() => storedEventIds(second), { timeout: PERSIST_WAIT_MS }).toHaveLength(EVENTS);
  });
});
