/**
 * examples/react-ssr in headless Chromium, checking what its README says a visitor sees: the server's
 * values on first paint and after hydration, no hydration warning (React reports a mismatch on the
 * console), no request but the document and its bundle, the exposures of the first render logged once each
 * (the example logs the batches its client would send to the console), and a `purchase` event on a click of
 * Buy.
 */
import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageData } from '../../examples/react-ssr/app.js';
import { browserTestsEnabled, launchChromium } from '../browser/support/chromium.js';
import { spawnTsx, type ChildCli } from '../collector/support/child-collector.js';

const SERVER = 'examples/react-ssr/server.ts';
/** Bound for what the page does after load: its client flushes every second. */
const POLL = { timeout: 10_000, interval: 100 };

describe.skipIf(!browserTestsEnabled)('examples/react-ssr in headless Chromium', () => {
  let server: ChildCli;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    server = spawnTsx(SERVER, [], { PORT: '0', SPLITKIT_COLLECTOR: '' });
    [origin, browser] = await Promise.all([
      server.waitFor(/http:\/\/127\.0\.0\.1:\d+/).then((url) => url.replace(/\/$/, '')),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  it('hydrates with the server values and no warning, logs each exposure once, and a purchase on Buy', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const messages: ConsoleMessage[] = [];
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => messages.push(message));
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => requests.push(new URL(request.url()).pathname));
      const response = await page.goto(`${origin}/`, { waitUntil: 'load' });
      const html = await response!.text();
      const data = JSON.parse(/id="splitkit-data">([^<]*)</.exec(html)![1]!) as PageData;
      const flags = async () =>
        page.evaluate(() =>
          [...document.querySelectorAll('[data-flag]')].map(
            (node) => `${node.getAttribute('data-flag')}=${node.textContent}`,
          ),
        );
      const served = [...html.matchAll(/data-flag="([^"]+)">([^<]*)</g)].map((match) => `${match[1]}=${match[2]}`);
      expect(served).toHaveLength(4);

      // Logged events, as the page's console shows them: `splitkit <type>` and the event.
      const logged = async () =>
        Promise.all(
          messages
            .filter((message) => message.text().startsWith('splitkit '))
            .map(async (message) => (await message.args()[1]!.jsonValue()) as { type: string; name: string }),
        );
      const due = Object.entries(data.bootstrap.values ?? {}).flatMap(([, entries]) =>
        Object.entries(entries as Record<string, { exposure?: boolean }>)
          .filter(([, value]) => value.exposure === true)
          .map(([name]) => `exposure:${name}`),
      );
      expect(due).toContain('exposure:button_color');
      await expect
        .poll(async () => (await logged()).map((event) => `${event.type}:${event.name}`).sort(), POLL)
        .toEqual([...due].sort());
      expect(await flags()).toEqual(served);

      await page.click('button');
      await expect
        .poll(async () => (await logged()).filter((event) => event.type === 'event').map((event) => event.name), POLL)
        .toEqual(['purchase']);
      // Nothing logged twice, and still the server's values.
      expect((await logged()).filter((event) => event.type === 'exposure')).toHaveLength(due.length);
      expect(await flags()).toEqual(served);

      expect(problems).toEqual([]);
      // The browser's own request for /favicon.ico (a 404 here) is not the page's.
      const warnings = messages.filter(
        (message) =>
          (message.type() === 'error' || message.type() === 'warning') &&
          !message.location().url.endsWith('/favicon.ico'),
      );
      expect(warnings.map((message) => message.text())).toEqual([]);
      const bundle = /<script type="module" src="(\/app\.[\w-]+\.js)">/.exec(html)![1]!;
      expect(requests.filter((path) => path !== '/favicon.ico')).toEqual(['/', bundle]);
    } finally {
      await context.close();
    }
  });
});
