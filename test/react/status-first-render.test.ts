/**
 * `useSplitkitStatus()`'s first frame in headless Chromium, React 19 and 18, under StrictMode: a client whose
 * `ready()` resolved before the page rendered (`await client.ready(); root.render(...)`) is ready from the
 * first render on, with no loading frame; a client without a source is ready at once; a client still waiting
 * starts not ready; and hydration still renders what the server did (not ready) before it says ready.
 * (The page is test/react/fixtures/status-entry.ts; the rest of the hook's behaviour is in
 * test/browser/react-status.test.ts.)
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled, chromiumForBlock } from '../browser/support/chromium.js';
import { pageScript } from '../browser/support/react-site.js';
import type { StatusPage } from './fixtures/status-entry.js';
import { REACT_MAJORS, reactAliases } from './support/react-versions.js';

const ENTRY = fileURLToPath(new URL('./fixtures/status-entry.ts', import.meta.url));

const RULESET = { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } };

declare global {
  interface Window {
    /** Source options whose fetch answers with `ruleset`, or never when it is undefined. */
    sourceOf: (ruleset?: object) => { url: string; cache: false; pollIntervalMs: 0; fetch: typeof fetch };
    /** Lets the sources `sourceOf(ruleset)` made answer. */
    release: () => void;
  }
}

describe.skipIf(!browserTestsEnabled)("useSplitkitStatus's first frame in Chromium", () => {
  const chromium = chromiumForBlock();

  describe.each(REACT_MAJORS)('with React %i', (major) => {
    let script: string;

    beforeAll(async () => {
      script = await pageScript(ENTRY, reactAliases(major));
    });

    async function open(): Promise<Page> {
      const page = await chromium.browser.newPage();
      await page.setContent('<div id="root"></div>');
      await page.addScriptTag({ content: script });
      expect(await page.evaluate(() => window.statusPage.reactVersion.split('.')[0])).toBe(String(major));
      await page.evaluate(() => {
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        window.release = () => release();
        window.sourceOf = (ruleset) => ({
          url: '/ruleset.json',
          cache: false,
          pollIntervalMs: 0,
          fetch: async () => {
            if (ruleset === undefined) return new Promise<never>(() => {});
            await released;
            return new Response(JSON.stringify(ruleset), { headers: { 'content-type': 'application/json' } });
          },
        });
      });
      return page;
    }

    /** Waits (bounded) until the status shows `text`, then gives what every render and commit showed. */
    async function seen(page: Page, text: string): Promise<Pick<StatusPage, 'rendered' | 'committed' | 'reactErrors'>> {
      await page.waitForFunction((text) => document.getElementById('status')?.textContent === text, text, {
        timeout: 10_000,
      });
      return page.evaluate(() => {
        const { rendered, committed, reactErrors } = window.statusPage;
        return { rendered, committed, reactErrors };
      });
    }

    it('a client whose ready() resolved (its source answered) before the first render is ready from that render on', async () => {
      const page = await open();
      const origin = await page.evaluate(async (ruleset) => {
        const client = window.statusPage.makeClient({ source: window.sourceOf(ruleset) });
        window.release();
        const origin = await client.ready();
        window.statusPage.render(client);
        return origin;
      }, RULESET);
      expect(origin).toBe('network');
      const { rendered, committed, reactErrors } = await seen(page, 'network true');
      // Every render (StrictMode: two) and every commit said ready: no loading frame.
      expect(rendered.length).toBeGreaterThanOrEqual(2);
      expect(new Set(rendered)).toStrictEqual(new Set(['network true']));
      expect(committed[0]).toBe('network true');
      expect(new Set(committed)).toStrictEqual(new Set(['network true']));
      expect(reactErrors).toStrictEqual([]);
      await page.close();
    });

    it('a client whose ready() ended at its default timeout before the first render is ready from that render on, with no ruleset', async () => {
      const page = await open();
      const waited = await page.evaluate(async () => {
        const client = window.statusPage.makeClient({ source: window.sourceOf() });
        // Never answers: ready() resolves at its default timeout (1.5 s in a browser).
        const start = performance.now();
        const origin = await client.ready();
        window.statusPage.render(client);
        return { origin, ms: performance.now() - start };
      });
      expect(waited.origin).toBe('none');
      expect(waited.ms).toBeGreaterThanOrEqual(1_400);
      const { rendered, committed } = await seen(page, 'none true');
      expect(new Set(rendered)).toStrictEqual(new Set(['none true']));
      expect(committed[0]).toBe('none true');
      await page.close();
    });

    it('a client without a source is ready on the first render, without a ready() call', async () => {
      const page = await open();
      await page.evaluate((ruleset) => window.statusPage.render(window.statusPage.makeClient({ ruleset })), RULESET);
      const { rendered, committed } = await seen(page, 'static true');
      expect(new Set(rendered)).toStrictEqual(new Set(['static true']));
      expect(committed[0]).toBe('static true');
      await page.close();
    });

    it('a client still waiting for its source starts not ready, and says ready once it answers', async () => {
      const page = await open();
      await page.evaluate(
        (ruleset) => window.statusPage.render(window.statusPage.makeClient({ source: window.sourceOf(ruleset) })),
        RULESET,
      );
      await seen(page, 'none false');
      await page.evaluate(() => window.release());
      const { committed } = await seen(page, 'network true');
      expect(committed[0]).toBe('none false');
      expect(committed.at(-1)).toBe('network true');
      await page.close();
    });

    it('hydration of a client ready at once renders what the server did (not ready), then ready, without a mismatch', async () => {
      const page = await open();
      await page.evaluate((ruleset) => {
        const html = window.statusPage.serverHtml({ ruleset });
        window.statusPage.rendered.length = 0;
        window.statusPage.hydrate(html, window.statusPage.makeClient({ ruleset }));
      }, RULESET);
      const { rendered, committed, reactErrors } = await seen(page, 'static true');
      // The server's markup says not ready, and hydration renders it again: no mismatch.
      expect(rendered[0]).toBe('static false');
      expect(committed[0]).toBe('static false');
      expect(rendered.at(-1)).toBe('static true');
      expect(reactErrors).toStrictEqual([]);
      await page.close();
    });
  });
});
