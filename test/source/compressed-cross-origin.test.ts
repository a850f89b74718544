/**
 * A ruleset fetched across origins in headless Chromium, compressed on the way (as CDNs compress JSON): the
 * page can read the response's `Content-Length` (a CORS-safelisted header: the compressed size) but not its
 * `Content-Encoding` (not exposed), while the body it reads is the decompressed text. The client must take
 * it, not call it truncated.
 */
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSdk } from '../browser/support/bundle.js';
import { browserTestsEnabled, launchChromium } from '../browser/support/chromium.js';
import { rulesetWith } from './helpers.js';
import { close, listen } from '../support/loopback-server.js';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="/sdk.js"></script>
<script>
  const errors = [];
  const client = splitkit.createClient({
    user: { userID: 'visitor-1' },
    source: { url: new URLSearchParams(location.search).get('ruleset'), pollIntervalMs: 0, cache: false },
    onError: (error) => errors.push(error.code + ': ' + error.message),
  });
  window.result = client.ready({ timeoutMs: 10000 }).then((from) => ({ from, gate: client.checkGate('g'), errors }));
</script></body></html>`;

describe.skipIf(!browserTestsEnabled)('a compressed ruleset from another origin, in headless Chromium', () => {
  let browser: Browser;
  let pageServer: Server;
  let rulesetServer: Server;
  let pageOrigin = '';
  let rulesetOrigin = '';
  const body = JSON.stringify(
    rulesetWith(true, '2026-01-01T00:00:00Z', { params: { pad: { default: 'x'.repeat(2000) } } }),
  );

  beforeAll(async () => {
    const [sdk, launched] = await Promise.all([bundleSdk('browser'), launchChromium()]);
    browser = launched;
    const compressed = gzipSync(body);
    rulesetServer = createServer((_request, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
        'Content-Length': String(compressed.byteLength),
        ETag: '"v1"',
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': 'ETag',
        'Cache-Control': 'no-store',
      });
      response.end(compressed);
    });
    pageServer = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === '/sdk.js') return void response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(sdk);
      if (path === '/') return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      response.writeHead(404).end();
    });
    [pageOrigin, rulesetOrigin] = await Promise.all([listen(pageServer), listen(rulesetServer)]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([close(pageServer), close(rulesetServer)]);
  });

  it('is taken whole: a Content-Length the page cannot tell is compressed does not make it "truncated"', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const url = `${rulesetOrigin}/ruleset.json`;
      await page.goto(`${pageOrigin}/?ruleset=${encodeURIComponent(url)}`);
      await page.waitForFunction('window.result !== undefined', undefined, { timeout: 10_000 });
      const result = await page.evaluate('window.result');
      expect(result).toEqual({ from: 'network', gate: true, errors: [] });
    } finally {
      await context.close();
    }
  }, 30_000);
});
