/**
 * A blank page running the React probe script (test/react/fixtures/probe-entry.ts, bundled with one React
 * major), for the Chromium tests of splitkit/react's hooks.
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
// Its `window` declarations (the module itself runs only in the page).
export type { Read } from '../../react/fixtures/probe-entry.js';

/** Opens the page, on Playwright's fake clock when `clock`, and checks it runs React `major`. */
export async function openProbePage(
  browser: Browser,
  script: string,
  major: number,
  options: { clock?: true } = {},
): Promise<Page> {
  const page = await browser.newPage();
  if (options.clock) await page.clock.install();
  await page.setContent('<div id="root"></div>');
  await page.addScriptTag({ content: script });
  expect(await page.evaluate(() => window.reactVersion.split('.')[0])).toBe(String(major));
  return page;
}
