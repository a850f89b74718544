/**
 * A stream server that ends every stream as soon as it opens, asking for `retry: 0`, against headless
 * Chromium's own EventSource: the browser alone would reconnect at once, every time (about 30 times a
 * second here). The client closes an EventSource cut within a minute of opening and reconnects with its
 * backoff, so such a server costs a reconnect at a growing interval, one report and one catch-up poll.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSdk } from '../browser/support/bundle.js';
import { browserTestsEnabled, launchChromium } from '../browser/support/chromium.js';
import { rulesetWith } from './helpers.js';

const PAGE = `<!doctype html><script src="/sdk.js"></script><script>
window.errors = [];
window.client = splitkit.createClient({
  environment: 'browser',
  onError: (error) => window.errors.push(error.code),
  source: { url: '/ruleset.json', stream: true, pollIntervalMs: 60000, cache: false },
});
</script>`;

describe.skipIf(!browserTestsEnabled)('a stream server that ends every stream at once, in headless Chromium', () => {
  let browser: Browser;
  let server: Server;
  let origin = '';
  const counts = { streams: 0, polls: 0 };

  beforeAll(async () => {
    const [sdk, launched] = await Promise.all([bundleSdk(), launchChromium()]);
    browser = launched;
    server = createServer((request, response) => {
      if (request.url === '/sdk.js')
        return void response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(sdk);
      if (request.url !== '/ruleset.json')
        return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      if (request.headers.accept === 'text/event-stream') {
        counts.streams++;
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.end('retry: 0\n\n');
        return;
      }
      counts.polls++;
      response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' });
      response.end(JSON.stringify(rulesetWith(true)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('reconnects with the backoff, not at every retry: 0', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction('window.client !== undefined');
      await page.evaluate('window.client.ready()');
      const start = counts.streams;
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      // The backoff: within 1 s, 2 s, 4 s … of each cut; at most a handful in 4 s. The browser alone: over 100.
      expect(counts.streams - start).toBeLessThanOrEqual(8);
      expect(counts.polls).toBeLessThanOrEqual(2);
      expect(await page.evaluate('window.errors')).toEqual(['TRANSPORT_FAILED']);
    } finally {
      await context.close();
    }
  }, 30_000);
});
