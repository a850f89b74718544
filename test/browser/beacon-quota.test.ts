/**
 * More than one beacon's worth of events when the page hides: Chromium takes
 * the first chunk (under 60 KiB) and refuses the next, as the page's 64 KiB
 * quota of unload requests is in use, and a `keepalive` fetch shares that
 * quota and would fail too. The refused chunks must stay queued, not count as
 * sent: when the page comes back (here: a pagehide the page survives, as on
 * a tab switch), its next flush delivers them.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { openPage, pipelineStats, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const QUIET = { flushIntervalMs: 600_000 };
// 60 events of about 2.2 KB: about 130 KB, three unload chunks.
const EVENTS = 60;
const PERSIST_WAIT_MS = 10_000;

describe.skipIf(!browserTestsEnabled)('beacon quota in headless Chromium', () => {
  const harness = useBrowserHarness();

  it('keeps the chunks the browser refuses queued, and a later flush delivers them', async () => {
    const { collector, site } = harness;
    const context = await harness.newContext();
    const page = await openPage(context, site.pageUrl(QUIET));
    await page.evaluate(`(() => {
      const metadata = {};
      for (let k = 0; k < 10; k++) metadata['k' + k] = 'x'.repeat(200);
      for (let i = 0; i < ${EVENTS}; i++) client.track('big', { value: i, metadata });
    })()`);
    await expect.poll(() => storedEventIds(page), { timeout: PERSIST_WAIT_MS }).toHaveLength(EVENTS);
    const ids = await storedEventIds(page);

    await page.evaluate(`window.dispatchEvent(new Event('pagehide'))`);
    const afterHide = await pipelineStats(page);
    // The first chunk went by beacon; the browser refused the rest, which stays queued.
    expect(afterHide.sent).toBeGreaterThan(0);
    expect(afterHide.queued).toBeGreaterThan(0);
    expect(afterHide.sent + afterHide.queued).toBe(EVENTS);

    await page.evaluate('client.flush()');
    await collector.waitForIds(ids);
    expect(collector.requests.filter((request) => request.via === 'beacon')).toHaveLength(1);
    expect(collector.requests.some((request) => request.via === 'fetch')).toBe(true);
    expect(await pipelineStats(page)).toMatchObject({ queued: 0, inFlight: 0, dropped: 0 });
  });
});
