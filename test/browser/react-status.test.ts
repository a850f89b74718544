/**
 * `useSplitkitStatus()` in headless Chromium, React 19 and 18, under StrictMode (the probe page of
 * test/react/fixtures/probe-entry.ts, whose `status` component shows `origin stale ready`): the loading state
 * of a first visit, a source that is down, a client without a source, and hydration from a bootstrap.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { REACT_MAJORS, reactAliases } from '../react/support/react-versions.js';
import { browserTestsEnabled, chromiumForBlock } from './support/chromium.js';
import { pageScript } from './support/react-site.js';
import { openProbePage } from './support/probe-page.js';

const ENTRY = fileURLToPath(new URL('../react/fixtures/probe-entry.ts', import.meta.url));

const RULESET = { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } };

/** The page's handle on a source whose answer the test releases. */
declare global {
  interface Window {
    releaseSource: () => void;
    /** Source options whose fetch answers with `ruleset` once `releaseSource()` is called (never, if `down`). */
    heldSource: (
      ruleset: object,
      down?: boolean,
    ) => { url: string; cache: false; pollIntervalMs: 0; fetch: typeof fetch };
  }
}

describe.skipIf(!browserTestsEnabled)('useSplitkitStatus in Chromium', () => {
  const chromium = chromiumForBlock();

  describe.each(REACT_MAJORS)('with React %i', (major) => {
    let script: string;

    beforeAll(async () => {
      script = await pageScript(ENTRY, reactAliases(major));
    });

    async function statusPage(options: { clock?: true } = {}): Promise<Page> {
      const page = await openProbePage(chromium.browser, script, major, options);
      await page.evaluate(() => {
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        window.releaseSource = () => release();
        window.heldSource = (ruleset, down) => ({
          url: '/ruleset.json',
          cache: false,
          pollIntervalMs: 0,
          fetch: async () => {
            await released;
            if (down) throw new TypeError('Failed to fetch');
            return new Response(JSON.stringify(ruleset), { headers: { 'content-type': 'application/json' } });
          },
        });
      });
      return page;
    }

    const statusIs = (page: Page, text: string) =>
      page.waitForFunction((text) => document.getElementById('status')?.textContent === text, text, {
        timeout: 10_000,
      });

    it('a first visit says loading (no ruleset, not ready) until its source answers, then the ruleset and ready', async () => {
      const page = await statusPage();
      await page.evaluate((ruleset) => {
        const client = window.makeClient({ user: { userID: 'u1' }, source: window.heldSource(ruleset) });
        window.show([{ status: true }, { gate: 'g' }], { client });
      }, RULESET);
      await statusIs(page, 'none false false');
      expect(await page.evaluate(() => window.shown()['gate:g'])).toBe('false');
      await page.evaluate(() => window.releaseSource());
      await statusIs(page, 'network false true');
      expect(await page.evaluate(() => window.shown())).toStrictEqual({
        status: 'network false true',
        'gate:g': 'true',
      });
      // StrictMode renders each twice: loading, then the answer; no render loop.
      expect(await page.evaluate(() => window.renders.status)).toBeLessThanOrEqual(6);
      // The gate read while loading was told why it served its default.
      expect(await page.evaluate(() => [window.errors, window.reactErrors])).toStrictEqual([
        ['FLAG_NOT_FOUND: gate "g": no ruleset is in use yet'],
        [],
      ]);
      await page.close();
    });

    it("a source that does not answer ends the loading state at ready()'s default timeout (1.5 s), with the defaults", async () => {
      const page = await statusPage({ clock: true });
      await page.evaluate((ruleset) => {
        const client = window.makeClient({ user: { userID: 'u1' }, source: window.heldSource(ruleset) });
        window.show([{ status: true }, { gate: 'g' }], { client });
      }, RULESET);
      await page.clock.runFor(100);
      await statusIs(page, 'none false false');
      await page.clock.runFor(1_300);
      expect(await page.evaluate(() => window.shown().status)).toBe('none false false');
      await page.clock.runFor(200);
      await statusIs(page, 'none false true');
      expect(await page.evaluate(() => window.shown()['gate:g'])).toBe('false');
      await page.close();
    });

    it('a source that fails ends the loading state at once', async () => {
      const page = await statusPage();
      await page.evaluate((ruleset) => {
        const client = window.makeClient({ user: { userID: 'u1' }, source: window.heldSource(ruleset, true) });
        window.show([{ status: true }], { client });
      }, RULESET);
      await statusIs(page, 'none false false');
      await page.evaluate(() => window.releaseSource());
      await statusIs(page, 'none false true');
      await page.close();
    });

    it('a client without a source is ready at once, and a component mounted later is ready on its first render', async () => {
      const page = await statusPage();
      await page.evaluate((ruleset) => {
        const client = window.makeClient({ ruleset, user: { userID: 'u1' } });
        window.show([{ status: true }], { client });
      }, RULESET);
      await statusIs(page, 'static false true');
      await page.evaluate(() => {
        window.renders = {};
        window.show([{ gate: 'g' }], { client: window.client });
      });
      await page.waitForFunction(() => document.getElementById('status') === null);
      await page.evaluate(() => window.show([{ gate: 'g' }, { status: true }], { client: window.client }));
      await statusIs(page, 'static false true');
      // Mounted after ready() resolved: no render said otherwise (StrictMode renders it twice).
      expect(await page.evaluate(() => window.renders.status)).toBe(2);
      await page.close();
    });

    it('re-renders when the ruleset in use changes, and says stale while the source cannot refresh it', async () => {
      const page = await statusPage({ clock: true });
      await page.evaluate((ruleset) => {
        let up = true;
        (window as unknown as { sourceDown: () => void }).sourceDown = () => (up = false);
        const client = window.makeClient({
          user: { userID: 'u1' },
          source: {
            url: '/ruleset.json',
            cache: false,
            pollIntervalMs: 1_000,
            staleAfterMs: 5_000,
            fetch: async () => {
              if (!up) throw new TypeError('Failed to fetch');
              return new Response(JSON.stringify(ruleset), { headers: { 'content-type': 'application/json' } });
            },
          },
        });
        window.show([{ status: true }], { client });
      }, RULESET);
      await page.clock.runFor(100);
      await statusIs(page, 'network false true');
      await page.evaluate(() => (window as unknown as { sourceDown: () => void }).sourceDown());
      await page.clock.runFor(20_000);
      await statusIs(page, 'network true true');
      await page.evaluate(() => window.client.setRuleset({ gates: {} }));
      await statusIs(page, 'static true true');
      await page.close();
    });

    it.each(['values', 'ruleset'] as const)(
      'hydrates a %s bootstrap with the status the server rendered (not ready), then ready once the source answers',
      async (mode) => {
        const serverPage = await statusPage();
        const page = await statusPage();
        const user = { userID: 'u1' };
        const server = createClient({ ruleset: RULESET, environment: 'server' });
        const bootstrap = JSON.parse(JSON.stringify(server.snapshot(user, { mode })));
        const html = await serverPage.evaluate(
          ({ bootstrap, user }) =>
            window.serverHtml([{ status: true }, { gate: 'g' }], {
              options: { bootstrap, user, environment: 'server' },
            }),
          { bootstrap, user },
        );
        expect(html).toContain('id="status">bootstrap false false<');
        expect(html).toContain('id="gate:g">true<');
        await page.evaluate(
          ({ html, bootstrap, user, ruleset }) => {
            window.hydrate(html, [{ status: true }, { gate: 'g' }], {
              options: window.recordingOptions({ bootstrap, user, source: window.heldSource(ruleset) }),
            });
            // The source answers before React's hydration render (a task away): that render still says what
            // the server rendered, and the one after it what the client has.
            window.releaseSource();
          },
          { html, bootstrap, user, ruleset: RULESET },
        );
        await statusIs(page, 'network false true');
        expect(await page.evaluate(() => window.shown()['gate:g'])).toBe('true');
        expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
        expect(await serverPage.evaluate(() => window.reactErrors)).toStrictEqual([]);
        await Promise.all([page.close(), serverPage.close()]);
      },
    );

    it('hydrates a first render the server made without a ruleset as `none` though the browser starts from its cache, then says `cache`', async () => {
      const page = await statusPage();
      const html = await page.evaluate(() =>
        window.serverHtml([{ status: true }], { options: { environment: 'server' } }),
      );
      expect(html).toContain('id="status">none false false<');
      await page.evaluate(
        async ({ html, ruleset }) => {
          // A cache in memory (the blank page has no localStorage), filled by an earlier visit's client.
          const entries = new Map<string, string>();
          const cache = {
            get: (key: string) => entries.get(key) ?? null,
            set: (key: string, value: string) => !!entries.set(key, value),
            remove: (key: string) => void entries.delete(key),
          };
          const fetch = async () =>
            new Response(JSON.stringify(ruleset), { headers: { 'content-type': 'application/json', etag: '"1"' } });
          const earlier = window.makeClient({ source: { url: '/ruleset.json', pollIntervalMs: 0, cache, fetch } });
          await earlier.ready();
          await earlier.shutdown();
          window.hydrate(html, [{ status: true }], {
            options: window.recordingOptions({ source: { ...window.heldSource(ruleset), cache } }),
          });
        },
        { html, ruleset: RULESET },
      );
      await statusIs(page, 'cache false false');
      expect(await page.evaluate(() => window.providerClient.checkGate('g'))).toBe(true);
      await page.evaluate(() => window.releaseSource());
      await statusIs(page, 'network false true');
      expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
      await page.close();
    });

    it('outside a provider it says the empty ruleset of the stand-in client, ready, and console.error names it once', async () => {
      const page = await statusPage();
      await page.evaluate(() => window.show([{ status: true }]));
      await statusIs(page, 'static false true');
      expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([
        expect.stringMatching(/^splitkit\/react: useSplitkitStatus\(\) has no <SplitkitProvider>/),
      ]);
      await page.close();
    });
  });
});
