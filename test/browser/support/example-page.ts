/**
 * Reading examples/node-server's page in Chromium, whichever client it runs
 * (`/` the full one, `/?client=lean` splitkit/lean): its hydration report,
 * the values its DOM shows, and the device id cookie the server set.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { PageFlags } from '../../../examples/node-server/flags.js';
import type { HydrationReport } from '../../../examples/node-server/dom.js';

/** Page code: the hydration report once it settles, the DOM's values after it, and the device id cookie. */
export const VISIT = `(async () => {
  const report = await window.splitkitExample;
  const text = (name) => document.querySelector('[data-flag="' + name + '"]').textContent;
  const dom = { checkout: text('checkout') === 'true', color: text('color') === 'none' ? null : text('color'), threshold: Number(text('threshold')) };
  const id = /(?:^|; )splitkit_did=([^;]*)/.exec(document.cookie)?.[1];
  return { report, dom, id };
})()`;

/** What {@link VISIT} answers. */
export interface Visit {
  report: HydrationReport;
  dom: PageFlags;
  id: string;
}

/** Waits (bounded) for the page's script to finish hydrating and returns its report. */
export async function hydration(page: Page): Promise<HydrationReport> {
  const problems: string[] = [];
  const onError = (error: Error): void => void problems.push(error.message);
  page.on('pageerror', onError);
  try {
    // The script is deferred, so it has run by DOMContentLoaded; the wait covers a caller that did not wait for it.
    if (!(await page.evaluate('window.splitkitExample !== undefined'))) {
      await page.waitForFunction('window.splitkitExample !== undefined', undefined, { timeout: 10_000 });
    }
    return (await page.evaluate('window.splitkitExample')) as HydrationReport;
  } catch (error) {
    throw new Error(`the example page did not hydrate: ${problems.join('; ') || String(error)}`);
  } finally {
    page.off('pageerror', onError);
  }
}

/** The values the DOM shows now (works with JavaScript off: Playwright reads the DOM itself). */
export async function domFlags(page: Page): Promise<PageFlags> {
  const text = async (name: string): Promise<string> =>
    (await page.locator(`[data-flag="${name}"]`).textContent()) ?? '';
  const color = await text('color');
  return {
    checkout: (await text('checkout')) === 'true',
    color: color === 'none' ? null : color,
    threshold: Number(await text('threshold')),
  };
}

/** The device id the example's server set in `context`'s cookie jar. */
export async function deviceCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'splitkit_did');
  if (!cookie) throw new Error('the example set no splitkit_did cookie');
  return cookie.value;
}
