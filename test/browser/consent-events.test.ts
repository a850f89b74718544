/**
 * Withdrawn identity consent in a real browser: the stored event queues of every open tab of the origin (each
 * writes a key of its own in the one localStorage) are erased at once, and granting consent again stores this
 * tab's queue at once. A tab whose client was created without consent stores its queue at once when consent
 * is granted: closed right after, the next load delivers each of its events.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { exercise, openPage, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';
import { BROWSER_RULESET } from './support/ruleset.js';

const TRACKS = 2;
// Two exposures (gate and experiment) and the tracked events.
const EVENTS = 2 + TRACKS;
// The queue is written to localStorage within a second; the bound leaves room for a loaded machine.
const PERSIST_WAIT_MS = 10_000;
// Nothing is sent by timer while the collector is down.
const DOWN = { flushIntervalMs: 600_000, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 } };
// The next load sends what it finds in storage at its first interval.
const NEXT_LOAD = { flushIntervalMs: 200 };

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

  it('a tab created without consent stores its queue at the grant: closed right after, the next load delivers it once', async () => {
    const { collector, site } = harness;
    collector.mode = 'unavailable';
    const context = await harness.newContext();
    // The test page's client has consent: this one is created on a blank page of the origin, without it.
    const page = await context.newPage();
    await page.goto(site.blankUrl);
    await page.addScriptTag({ url: '/splitkit.js' });
    await page.evaluate(`window.client = splitkit.createClient({
      ruleset: ${JSON.stringify(BROWSER_RULESET)},
      collector: { url: '/events' },
      identity: { persist: false },
      events: ${JSON.stringify(DOWN)},
    })`);
    await page.evaluate(`client.checkGate('new_checkout');
      client.getExperiment('button_color');
      for (let i = 0; i < ${TRACKS}; i++) client.track('purchase', { value: i + 1 });`);
    expect(await page.evaluate('client.stats().queued')).toBe(EVENTS);

    // Stored by the grant itself, not by the throttled write a second later.
    await page.evaluate('client.setIdentityConsent(true)');
    const ids = await storedEventIds(page);
    expect(ids).toHaveLength(EVENTS);
    await page.close();
    // The refused beacon must not reach the collector after it comes back up.
    await collector.waitFor('the beacon to be refused', () => collector.requests.some((r) => r.via === 'beacon'));
    expect(collector.deliveries.size).toBe(0);

    collector.mode = 'up';
    await openPage(context, site.pageUrl(NEXT_LOAD));
    await collector.waitForIds(ids);
    expect(collector.storedIds().sort()).toEqual([...ids].sort());
    expect(ids.map((id) => collector.deliveries.get(id))).toEqual(ids.map(() => 1));
  });
});
