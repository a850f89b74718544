/**
 * splitkit/react in headless Chromium with React's own react-dom/client, for
 * React 19 and React 18: the server renders with renderToString, the browser
 * hydrates with hydrateRoot under StrictMode, and the two agree, with the
 * browser client made from the ruleset or by <SplitkitProvider> from a
 * bootstrap of either mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { reactRuleset, visitor } from '../react/fixtures/ruleset.js';
import { REACT_MAJORS } from '../react/support/react-versions.js';
import { browserTestsEnabled, chromiumForBlock } from './support/chromium.js';
import { startReactSite, type ReactSite } from './support/react-site.js';

const VISITORS = 20;
/** How the browser gets its client: from the ruleset in the page, or from a bootstrap of either mode. */
const BOOTSTRAPS = [undefined, 'values', 'ruleset'] as const;

describe.skipIf(!browserTestsEnabled)('splitkit/react: server rendering and hydration in Chromium', () => {
  const chromium = chromiumForBlock();

  describe.each(REACT_MAJORS)('with React %i', (major) => {
    let site: ReactSite;

    beforeAll(async () => {
      site = await startReactSite(major);
    });

    afterAll(async () => {
      await site?.close();
    });

    /** A fresh page at `url`, hydrated by this block's React major. */
    async function hydratedPage(url: string) {
      const context = await chromium.browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => window.hydrated === true);
      expect(await page.evaluate(() => window.reactVersion.split('.')[0])).toBe(String(major));
      return { context, page };
    }

    it.each(BOOTSTRAPS)(
      'hydrates (bootstrap: %s) with the values the server rendered, no hydration warning, no request, one exposure per entity under StrictMode',
      {
        timeout: 120_000,
      },
      async (bootstrap) => {
        const context = await chromium.browser.newContext();
        const page = await context.newPage();
        const requests: string[] = [];
        page.on('request', (request) => requests.push(new URL(request.url()).pathname));
        const variants = new Set<string>();
        for (let i = 0; i < VISITORS; i++) {
          requests.length = 0;
          const response = await page.goto(`${site.url(i)}${bootstrap ? `&bootstrap=${bootstrap}` : ''}`);
          const served = await response!.text();
          await page.waitForFunction(() => window.hydrated === true);
          expect(await page.evaluate(() => window.reactVersion.split('.')[0])).toBe(String(major));
          const text = await page.evaluate(() =>
            ['checkout', 'button', 'shipping'].map((id) => document.getElementById(id)!.textContent),
          );
          // First paint needs the document and the script, nothing else (no ruleset fetch).
          expect(requests).toStrictEqual(['/', '/app.js']);
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
            exposures: window.events
              .filter((event) => event.type === 'exposure')
              .map((event) => event.name)
              .sort(),
          }));
          expect(observed.errors).toStrictEqual([]);
          // StrictMode renders twice and runs effects twice; the exposures still count once each.
          const expected = [
            server.getExperimentDetails('button_color', user),
            server.getParamDetails('free_shipping_threshold', 50, user),
            server.getGateDetails('new_checkout', user),
          ]
            .filter((details) => details.exposure)
            .map((details) => details.name);
          expect(expected.length).toBeGreaterThanOrEqual(1);
          expect(observed.exposures).toStrictEqual(expected);
        }
        expect(variants).toStrictEqual(new Set(['red', 'blue']));
        // Server rendering never logs an exposure.
        expect(site.serverExposures()).toBe(0);
        await context.close();
      },
    );

    it('keeps the client it created from a bootstrap through StrictMode: a login re-renders and logs its exposures', async () => {
      const { context, page } = await hydratedPage(`${site.url(2)}&bootstrap=ruleset`);
      const login = { ...visitor(2), userID: 'u1', deviceID: 'd1', country: 'CA' };
      await page.waitForTimeout(200);
      await page.evaluate((user) => window.client.setUser(user), login);
      await page.waitForFunction(() => document.getElementById('shipping')!.textContent === 'free shipping from 75');
      await page.evaluate(() => window.client.flush());
      const exposed = await page.evaluate(() =>
        window.events
          .filter((event) => event.type === 'exposure')
          .map((event) => `${event.name}:${event.units.userID}`),
      );
      // Exposures of both users arrive: StrictMode's remount did not shut the provider's client down.
      expect(exposed).toContain('button_color:u2');
      expect(exposed).toContain('free_shipping_threshold:u1');
      expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
      await context.close();
    });

    it('starts one client from a bootstrap under StrictMode, and unmounting stops it', async () => {
      const { context, page } = await hydratedPage(`${site.url(2)}&bootstrap=ruleset&source=1`);
      await page.waitForFunction(() => window.sourceFetches >= 3);
      await page.evaluate(() => window.root.unmount());
      // The provider shuts its client down a tick after the unmount.
      await page.waitForTimeout(150);
      const atUnmount = await page.evaluate(() => window.sourceFetches);
      await page.waitForTimeout(600);
      // No source polls on: StrictMode's second run of the provider's first render started no client of its
      // own, and the one it kept stopped with the unmount.
      expect(await page.evaluate(() => window.sourceFetches)).toBe(atUnmount);
      expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
      await context.close();
    });

    it('shows an override to a variant the ruleset lacks (a new result object per read) without a render loop', async () => {
      const { context, page } = await hydratedPage(site.url(2));
      // Overrides notify no one: the login that follows re-renders the button, which reads the override.
      await page.evaluate(() => window.client.override({ experiments: { button_color: 'green' } }));
      await page.evaluate(() => window.client.setUser({ userID: 'u1', deviceID: 'd1', country: 'CA' }));
      await page.waitForFunction(() => document.getElementById('button')!.textContent === 'green');
      await page.waitForTimeout(200);
      const renders = await page.evaluate(() => window.renders['button']!);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => window.renders['button'])).toBe(renders);
      expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
      await context.close();
    });

    it('re-renders only the component whose value a ruleset update changed, and every value on login', async () => {
      // Visitor 2 is in FR: the Canadian shipping rule does not apply until the update makes it the default.
      const { context, page } = await hydratedPage(site.url(2));
      const shown = () =>
        page.evaluate(() => ['checkout', 'button', 'shipping'].map((id) => document.getElementById(id)!.textContent));
      const before = await shown();
      // hydrateRoot returns before hydration is done: wait until the render counts settle.
      let settled = '';
      for (let i = 0; i < 50; i++) {
        await page.waitForTimeout(100);
        const now = await page.evaluate(() => JSON.stringify(window.renders));
        if (now === settled) break;
        settled = now;
      }
      const rendersBefore = await page.evaluate(() => ({ ...window.renders }));
      const updated = structuredClone(reactRuleset);
      updated.params.free_shipping_threshold.default = 40;
      await page.evaluate((ruleset) => window.client.setRuleset(ruleset), updated);
      await page.waitForFunction(() => document.getElementById('shipping')!.textContent === 'free shipping from 40');
      const rendersAfter = await page.evaluate(() => ({ ...window.renders }));
      expect(await shown()).toStrictEqual([before[0], before[1], 'free shipping from 40']);
      expect(rendersAfter['shipping']).toBeGreaterThan(rendersBefore['shipping']!);
      expect(rendersAfter['checkout']).toBe(rendersBefore['checkout']);
      // The update made new result objects for the experiment too, with the same variant and params.
      expect(rendersAfter['button']).toBe(rendersBefore['button']);

      // Login: the bound user changes, and every hook reads for the new user (a Canadian now).
      const login = { ...visitor(2), userID: 'u1', deviceID: 'd1', country: 'CA' };
      const rendersBeforeLogin = await page.evaluate(() => ({ ...window.renders }));
      await page.evaluate((user) => window.client.setUser(user), login);
      const server = createClient({ ruleset: updated, environment: 'server' });
      await page.waitForFunction(
        (expected) => document.getElementById('shipping')!.textContent === expected,
        `free shipping from ${server.getParam('free_shipping_threshold', 50, login)}`,
      );
      expect(await shown()).toStrictEqual([
        server.checkGate('new_checkout', login) ? 'new checkout' : 'old checkout',
        server.getExperiment('button_color', login).variant,
        'free shipping from 75',
      ]);
      await page.evaluate(() => window.client.flush());
      const exposed = await page.evaluate(() =>
        window.events
          .filter((event) => event.type === 'exposure')
          .map((event) => `${event.name}:${event.units.userID}`),
      );
      // The new user's exposures were logged after the login, also for the checkout, whose value the login
      // left alone ('old checkout' for both users) and which therefore did not re-render.
      expect(exposed).toContain('free_shipping_threshold:u1');
      expect(exposed).toContain('new_checkout:u1');
      expect(await page.evaluate(() => window.renders['checkout'])).toBe(rendersBeforeLogin['checkout']);
      expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
      await context.close();
    });
  });
});
