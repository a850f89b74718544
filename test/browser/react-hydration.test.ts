/**
 * splitkit/react in headless Chromium with React's own react-dom/client:
 * the server renders with renderToString, the browser hydrates with
 * hydrateRoot under StrictMode, and the two agree.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { reactRuleset, visitor } from '../react/fixtures/ruleset.js';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startReactSite, type ReactSite } from './support/react-site.js';

const VISITORS = 20;

describe.skipIf(!browserTestsEnabled)('splitkit/react: server rendering and hydration in Chromium', () => {
  let browser: Browser;
  let site: ReactSite;

  beforeAll(async () => {
    [browser, site] = await Promise.all([launchChromium(), startReactSite()]);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('hydrates with the values the server rendered, no hydration warning, one exposure per entity under StrictMode', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const variants = new Set<string>();
    for (let i = 0; i < VISITORS; i++) {
      const response = await page.goto(site.url(i));
      const served = await response!.text();
      await page.waitForFunction(() => window.hydrated === true);
      const text = await page.evaluate(() => ['checkout', 'button', 'shipping'].map((id) => document.getElementById(id)!.textContent));
      // What the server sent is what the page shows after hydration, and what a direct read says.
      for (const shown of text) expect(served).toContain(`>${shown}<`);
      const server = createClient({ ruleset: reactRuleset, environment: 'server' });
      const user = visitor(i);
      expect(text).toStrictEqual([
        server.checkGate('new_checkout', user) ? 'new checkout' : 'old checkout',
        server.getExperiment('button_color', user).variant,
        `free shipping from ${server.getParam('free_shipping_threshold', 50, user)}`,
      ]);
      variants.add(text[1]!);
      await page.evaluate(() => window.client.flush());
      const observed = await page.evaluate(() => ({
        errors: window.reactErrors,
        exposures: window.events.filter((event) => event.type === 'exposure').map((event) => event.name).sort(),
      }));
      expect(observed.errors).toStrictEqual([]);
      // StrictMode renders twice and runs effects twice; the exposures still count once each.
      const expected = [
        server.getExperimentDetails('button_color', user),
        server.getParamDetails('free_shipping_threshold', 50, user),
        server.getGateDetails('new_checkout', user),
      ].filter((details) => details.exposure).map((details) => details.name);
      expect(expected.length).toBeGreaterThanOrEqual(1);
      expect(observed.exposures).toStrictEqual(expected);
    }
    expect(variants).toStrictEqual(new Set(['red', 'blue']));
    // Server rendering never logs an exposure.
    expect(site.serverExposures()).toBe(0);
    await context.close();
  });
});
