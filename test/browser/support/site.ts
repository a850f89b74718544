/**
 * The loopback server the browser talks to (node:http on 127.0.0.1, a free
 * port): the test page at `/`, the SDK bundle, a blank page on the same
 * origin, and the collector at `/events`. One origin, so no CORS is involved.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventOptions } from '../../../src/client/options.js';
import { TestCollector } from './collector.js';
import { BLANK_PAGE, pageQuery, renderPage } from './page.js';

const BUNDLE_PATH = '/splitkit.js';
const CACHEABLE_PATH = '/cacheable';

/** A running test site. */
export interface TestSite {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  collector: TestCollector;
  /** The SDK page, its client configured with `events`. */
  pageUrl(events: EventOptions): string;
  /** The SDK page served so that Chromium may keep it in its back/forward cache (no `no-store`). */
  cacheablePageUrl(events: EventOptions): string;
  /** A page on the same origin that does not load the SDK. */
  blankUrl: string;
  close(): Promise<void>;
}

/** Starts the site, serving `bundle` as the SDK. */
export async function startSite(bundle: string): Promise<TestSite> {
  const collector = new TestCollector();
  const page = renderPage(BUNDLE_PATH);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && path === '/events') return collector.handle(req, res);
    // No caching: every load must run the SDK again, as a first visit or a reload would.
    const headers = { 'Cache-Control': 'no-store' };
    if (req.method !== 'GET') return void res.writeHead(405, headers).end();
    if (path === '/')
      return void res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    // The same page without no-store, which keeps a page out of Chromium's back/forward cache.
    if (path === CACHEABLE_PATH)
      return void res
        .writeHead(200, { 'Cache-Control': 'no-cache', 'Content-Type': 'text/html; charset=utf-8' })
        .end(page);
    if (path === BUNDLE_PATH)
      return void res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bundle);
    if (path === '/blank')
      return void res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(BLANK_PAGE);
    res.writeHead(404, headers).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    collector,
    pageUrl: (events) => `${origin}/${pageQuery(events)}`,
    cacheablePageUrl: (events) => `${origin}${CACHEABLE_PATH}${pageQuery(events)}`,
    blankUrl: `${origin}/blank`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
