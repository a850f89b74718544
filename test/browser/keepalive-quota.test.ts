/**
 * Where `navigator.sendBeacon` is missing (or throws), the page-hide hand-off falls back to `fetch` with
 * `keepalive`, whose requests share the browser's 64 KiB quota of unload requests in flight. With more than
 * one chunk's worth of events queued, Chromium refuses the keepalive fetches past the quota; those chunks must
 * stay queued (not count as sent), so that a page that stays (a tab switch) delivers them with its next flush.
 */
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { openPage, pipelineStats, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const QUIET = { flushIntervalMs: 600_000 };
// 60 events of about 2.2 KB: about 130 KB, three unload chunks.
const EVENTS = 60;
const PERSIST_WAIT_MS = 10_000;

describe.skipIf(!browserTestsEnabled)('the keepalive fallback in headless Chromium', () => {
  const harness = useBrowserHarness();

  it('keeps the chunks past the keepalive quota queued, and a later flush delivers them', async () => {
    const { collector, site } = harness;
    const context = await harness.newContext();
    const page = await openPage(context, site.pageUrl(QUIET));
    await page.evaluate(`(() => {
      navigator.sendBeacon = undefined;
      const metadata = {};
      for (let k = 0; k < 10; k++) metadata['k' + k] = 'x'.repeat(200);
      for (let i = 0; i < ${EVENTS}; i++) client.track('big', { value: i, metadata });
    })()`);
    await expect.poll(() => storedEventIds(page), { timeout: PERSIST_WAIT_MS }).toHaveLength(EVENTS);
    const ids = await storedEventIds(page);

    await page.evaluate(`window.dispatchEvent(new Event('pagehide'))`);
    const afterHide = await pipelineStats(page);
    expect(afterHide.sent).toBeGreaterThan(0);
    expect(afterHide.sent + afterHide.queued).toBe(EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 500));

    await page.evaluate('client.flush()');
    await collector.waitForIds(ids);
    expect(await pipelineStats(page)).toMatchObject({ queued: 0, inFlight: 0, dropped: 0 });
  });
});
