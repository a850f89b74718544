/**
 * More than one unload request's worth of events when the page hides. Chromium's 64 KiB quota of unload
 * requests in flight is shared by `navigator.sendBeacon` and `fetch` with `keepalive` (the fallback where
 * `sendBeacon` is missing or throws): it takes the first chunk and refuses the next. The refused chunks must
 * stay queued, not count as sent: when the page comes back (here: a pagehide the page survives, as on a tab
 * switch), its next flush delivers them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './support/chromium.js';
import { openPage, pipelineStats, storedEventIds } from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';

const QUIET = { flushIntervalMs: 600_000 };
// 60 events of about 2.2 KB: about 130 KB, three unload chunks.
const EVENTS = 60;
const PERSIST_WAIT_MS = 10_000;

describe.skipIf(!browserTestsEnabled)('the unload quota in headless Chromium', () => {
  const harness = useBrowserHarness();

  /** A page holding EVENTS big events (stored), which then hides; `setup` runs in it first. */
  async function hideWithBigQueue(setup: string): Promise<{ page: Page; ids: string[] }> {
    const context = await harness.newContext();
    const page = await openPage(context, harness.site.pageUrl(QUIET));
    await page.evaluate(`(() => {
      ${setup}
      const metadata = {};
      for (let k = 0; k < 10; k++) metadata['k' + k] = 'x'.repeat(200);
      for (let i = 0; i < ${EVENTS}; i++) client.track('big', { value: i, metadata });
    })()`);
    await expect.poll(() => storedEventIds(page), { timeout: PERSIST_WAIT_MS }).toHaveLength(EVENTS);
    const ids = await storedEventIds(page);
    await page.evaluate(`window.dispatchEvent(new Event('pagehide'))`);
    return { page, ids };
  }

  it('beacon: keeps the chunks the browser refuses queued, and a later flush delivers them', async () => {
    const { collector } = harness;
    const { page, ids } = await hideWithBigQueue('');
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

  it('keepalive fetch (no sendBeacon): keeps the chunks past the quota queued, and a later flush delivers them', async () => {
    const { collector } = harness;
    const { page, ids } = await hideWithBigQueue('navigator.sendBeacon = undefined;');
    const afterHide = await pipelineStats(page);
    expect(afterHide.sent).toBeGreaterThan(0);
    expect(afterHide.sent + afterHide.queued).toBe(EVENTS);
    // The keepalive requests the browser took arrive first; the flush then sends what it refused.
    await expect.poll(() => collector.requests.length, { timeout: PERSIST_WAIT_MS }).toBeGreaterThan(0);

    await page.evaluate('client.flush()');
    await collector.waitForIds(ids);
    expect(await pipelineStats(page)).toMatchObject({ queued: 0, inFlight: 0, dropped: 0 });
  });
});
