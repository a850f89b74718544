/**
 * Loopback origins for the `splitkit/lean` pages: one node:http server on
 * 127.0.0.1 that serves the lean bundle at {@link LEAN_SCRIPT} and lets the
 * test answer everything else (pages, the ruleset). The ruleset shares the
 * page's origin, so no CORS is involved.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { close, listen } from '../../support/loopback-server.js';
import { bundleSdk } from './bundle.js';
import { launchChromium } from './chromium.js';

/** Where a page loads the lean bundle from: `window.splitkit` is `splitkit/lean`. */
export const LEAN_SCRIPT = '/lean.js';

/** Answers one request; returns false to let the site answer 404. */
export type LeanRoute = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/** A running site. */
export interface LeanSite {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  server: Server;
  close(): Promise<void>;
}

let bundled: Promise<string> | undefined;

/** The lean bundle, made once per test file. */
export function leanBundle(): Promise<string> {
  return (bundled ??= bundleSdk('lean'));
}

/** Starts a site serving the lean bundle and what `route` answers. Nothing is cached: every load runs again. */
export async function startLeanSite(route: LeanRoute): Promise<LeanSite> {
  const bundle = await leanBundle();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === LEAN_SCRIPT)
      return void res
        .writeHead(200, { 'Cache-Control': 'no-store', 'Content-Type': 'text/javascript; charset=utf-8' })
        .end(bundle);
    if (!route(req, res, path)) res.writeHead(404, { 'Cache-Control': 'no-store' }).end();
  });
  const origin = await listen(server);
  return { origin, server, close: () => close(server) };
}

/** A lean site and a Chromium for the tests of one describe block (see leanPages). */
export interface LeanPages {
  /** The running site, once the block's first beforeAll has run. */
  site: LeanSite;
  /** A new browser context (its own cookies and storage), closed after the test that made it. */
  newContext(): Promise<BrowserContext>;
}

/**
 * Starts a lean site answering `route`, and Chromium, before the tests of the describe block it is called in
 * (before that block's own beforeAll hooks), closes each test's contexts after it, and both after the block.
 */
export function leanPages(route: LeanRoute): LeanPages {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pages = {
    async newContext() {
      const context = await browser!.newContext();
      contexts.push(context);
      return context;
    },
  } as LeanPages;
  beforeAll(async () => {
    [pages.site, browser] = await Promise.all([startLeanSite(route), launchChromium()]);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await pages.site?.close();
  });
  return pages;
}

/** Answers with `html`, never cached. */
export function sendHtml(res: ServerResponse, html: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(200, { 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8', ...headers }).end(html);
}

export { inlineJson } from './page.js';

/**
 * The value of the page's global `name` once it is set (awaited when it is a promise), or an error naming what
 * the page threw: a broken bundle would otherwise show up as a bare timeout.
 */
export async function pageValue<T>(page: Page, name: string, timeout = 10_000): Promise<T> {
  const problems: string[] = [];
  const onError = (error: Error): void => void problems.push(error.message);
  page.on('pageerror', onError);
  try {
    await page.waitForFunction(`window[${JSON.stringify(name)}] !== undefined`, undefined, { timeout });
    return (await page.evaluate(`window[${JSON.stringify(name)}]`)) as T;
  } catch (error) {
    throw new Error(`the page did not set ${name}: ${problems.join('; ') || String(error)}`);
  } finally {
    page.off('pageerror', onError);
  }
}
