/**
 * Loopback origins for the `splitkit/lean` pages: one node:http server on
 * 127.0.0.1 that serves the lean bundle at {@link LEAN_SCRIPT} and lets the
 * test answer everything else (pages, the ruleset). The ruleset shares the
 * page's origin, so no CORS is involved.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { close, listen } from '../../support/loopback-server.js';
import { bundleSdk } from './bundle.js';

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

/** Answers with `html`, never cached. */
export function sendHtml(res: ServerResponse, html: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(200, { 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8', ...headers }).end(html);
}

/** JSON for an inline script: `<` escaped, so no value can close the element. */
export const inlineJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

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
