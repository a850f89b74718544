/**
 * The ruleset stream in headless Chromium through the browser's own
 * EventSource: the page streams with no SSE code of its own, a pushed
 * ruleset reaches the page, and after the server drops the connection the
 * browser reconnects the same EventSource and sends Last-Event-ID itself.
 * A loopback server serves the page, the SDK bundle and the ruleset (polls
 * and the stream).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesetWith } from '../source/helpers.js';
import { checkRulesetBytes, etagOf } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute, type RulesetRoute } from '../../src/serve/ruleset-route.js';
import { bundleSdk } from './support/bundle.js';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';

/** Counts the EventSource instances the page makes: still the browser's own class underneath. */
const PAGE = `<!doctype html><script src="/sdk.js"></script><script>
window.opened = [];
const Native = window.EventSource;
window.EventSource = class extends Native {
  constructor(url, init) { super(url, init); window.opened.push(String(url)); }
};
window.client = splitkit.createClient({
  environment: 'browser',
  source: { url: '/ruleset.json', stream: true, pollIntervalMs: 0, cache: false },
});
</script>`;

/** A page that listens to `splitkit serve`'s stream on /served.json as the SDK does, counting its heartbeats. */
const PING_PAGE = `<!doctype html><script>
window.pings = 0;
new EventSource('/served.json').addEventListener('ping', () => window.pings++);
</script>`;

describe.skipIf(!browserTestsEnabled)('ruleset stream through EventSource in headless Chromium', () => {
  let browser: Browser;
  let server: Server;
  let origin: string;
  let body = JSON.stringify(rulesetWith(false, '2026-01-01T00:00:00Z'));
  let version = 1;
  const streams = new Set<ServerResponse>();
  let route: RulesetRoute;
  /** Last-Event-ID of each stream request, in order. */
  const streamIds: (string | undefined)[] = [];
  const event = () => `event: ruleset\nid: "v${version}"\ndata: ${JSON.stringify({ etag: `"v${version}"`, body })}\n\n`;

  beforeAll(async () => {
    const sdk = await bundleSdk();
    const bytes = Buffer.from(JSON.stringify(rulesetWith(true)));
    const checked = checkRulesetBytes(bytes);
    if (!checked.ok) throw new Error('fixture must be valid');
    route = createRulesetRoute(
      { bytes, text: bytes.toString(), etag: etagOf(bytes), signature: undefined, ruleset: checked.ruleset },
      { pingMs: 50 },
    );
    server = createServer((request, response) => {
      if (request.url === '/served.json') return void route.handle(request, response);
      if (request.url === '/pings') return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(PING_PAGE);
      if (request.url === '/sdk.js')
        return void response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(sdk);
      if (request.url !== '/ruleset.json')
        return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      if (request.headers.accept === 'text/event-stream') {
        streamIds.push(request.headers['last-event-id'] as string | undefined);
        response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        response.write('retry: 100\n\n');
        if (request.headers['last-event-id'] !== `"v${version}"`) response.write(event());
        streams.add(response);
        request.on('close', () => streams.delete(response));
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json', ETag: `"v${version}"` }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    route?.close();
    await browser?.close();
    for (const stream of streams) stream.destroy();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('applies pushed rulesets, and the browser reconnects with Last-Event-ID after a drop', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const gate = () => page.evaluate(`client.checkGate('g', { userID: 'u1' })`);
    await expect.poll(() => streamIds.length, { timeout: 10_000 }).toBe(1);
    // The first connection of an EventSource carries no Last-Event-ID.
    expect(streamIds).toEqual([undefined]);
    expect(await gate()).toBe(false);

    body = JSON.stringify(rulesetWith(true, '2026-01-02T00:00:00Z'));
    version = 2;
    for (const stream of streams) stream.write(event());
    await expect.poll(gate, { timeout: 10_000 }).toBe(true);

    for (const stream of streams) stream.destroy();
    await expect.poll(() => streamIds.length, { timeout: 10_000 }).toBe(2);
    // The browser reconnected the same EventSource itself, with the id of the last event it saw.
    expect(streamIds).toEqual([undefined, '"v2"']);
    expect(await page.evaluate('window.opened')).toEqual(['/ruleset.json']);
    await page.close();
  }, 60_000);

  it("delivers splitkit serve's heartbeats to a page's EventSource as events (what the half-open check counts)", async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/pings`);
    // Comments would never reach the page: only an event with a data line is dispatched.
    await expect.poll(() => page.evaluate('window.pings'), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await page.close();
  }, 60_000);
});
