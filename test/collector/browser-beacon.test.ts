/**
 * What real browsers send, checked in headless Chromium against the
 * collector on another origin (page on 127.0.0.1, collector on localhost):
 * a string beacon (text/plain, no preflight), a Blob beacon typed
 * application/json (preflighted, and credentialed, so it only passes because
 * the collector echoes the origin with Allow-Credentials), and a keepalive
 * fetch. Runs where a Chromium is installed (SPLITKIT_CHROMIUM or
 * /usr/bin/chromium), and always in CI; elsewhere it is skipped with a notice.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { batch, custom } from './support/events.js';
import { memoryStore } from './support/memory-store.js';
import { serve } from './support/server.js';
import type { TestServer } from './support/server.js';
import { browserTestsEnabled, launchChromium } from '../browser/support/chromium.js';

describe.skipIf(!browserTestsEnabled)('collector and real browser beacons (cross-origin)', () => {
  let browser: Browser;
  let page: TestServer;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await serve((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>app</title>'),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await page?.close();
  });

  it("delivers string and application/json beacons and keepalive fetches with cors '*'", async () => {
    const store = memoryStore();
    const collector = createServer(createCollector({ store, cors: { origins: '*' } }));
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const url = `http://localhost:${(collector.address() as AddressInfo).port}/events`;
    try {
      const tab = await browser.newPage();
      await tab.goto(page.url);
      const bodies = ['string-beacon', 'json-blob-beacon', 'keepalive-fetch'].map((name) =>
        JSON.stringify(batch([custom(name)])),
      );
      // Plain JS source: the page cannot run functions compiled by the test's TypeScript transform.
      const sent = await tab.evaluate(`(async ([url, text, blob, fetched]) => [
        navigator.sendBeacon(url, text),
        navigator.sendBeacon(url, new Blob([blob], { type: 'application/json' })),
        (await fetch(url, { method: 'POST', keepalive: true, headers: { 'Content-Type': 'application/json' }, body: fetched })).status,
      ])(${JSON.stringify([url, ...bodies])})`);
      expect(sent).toEqual([true, true, 200]);
      // Beacons are sent in the background: wait for all three batches, for at most 10 s.
      const deadline = Date.now() + 10_000;
      while (store.events.length < 3 && Date.now() < deadline) {
        await Promise.race([store.nextAppend(), new Promise((resolve) => setTimeout(resolve, deadline - Date.now()))]);
      }
      expect(store.events.map((event) => event.name).sort()).toEqual([
        'json-blob-beacon',
        'keepalive-fetch',
        'string-beacon',
      ]);
    } finally {
      collector.closeAllConnections();
      collector.close();
    }
  });
  it("delivers a fetch carrying a header of the sender's own (the fetch transport's `headers`)", async () => {
    const store = memoryStore();
    const collector = createServer(createCollector({ store, cors: { origins: [page.url] } }));
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const url = `http://localhost:${(collector.address() as AddressInfo).port}/events`;
    try {
      const tab = await browser.newPage();
      await tab.goto(page.url);
      const body = JSON.stringify(batch([custom('with-own-header')]));
      // What createFetchTransport({ url, headers: { 'X-App': 'shop' } }) sends (docs/events.md).
      const status = await tab.evaluate(`(async ([url, body]) => {
        try {
          const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-App': 'shop' }, body });
          return res.status;
        } catch (error) {
          return String(error);
        }
      })(${JSON.stringify([url, body])})`);
      expect(status).toBe(200);
      expect(store.events.map((event) => event.name)).toEqual(['with-own-header']);
    } finally {
      collector.closeAllConnections();
      collector.close();
    }
  });
});
