/**
 * A loopback server-rendering site for the React tests: `/?i=N` renders the
 * app for visitor N with React's `renderToString` and a server client, and
 * puts the ruleset and the visitor in the page for the browser client;
 * `/app.js` is the hydrating bundle (React's development build, so
 * hydration mismatches are reported).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { createClient } from '../../../src/index.js';
import { SplitkitProvider } from '../../../src/react/index.js';
import { App } from '../../react/fixtures/app.js';
import { reactRuleset, visitor } from '../../react/fixtures/ruleset.js';

const ENTRY = fileURLToPath(new URL('../../react/fixtures/browser-entry.ts', import.meta.url));

/** The running site. */
export interface ReactSite {
  url(visitor: number): string;
  /** How many times the server rendered, and the exposures its clients logged (must stay 0). */
  serverExposures(): number;
  close(): Promise<void>;
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"development"' },
  });
  return result.outputFiles[0]!.text;
}

/** Starts the site on a free loopback port. */
export async function startReactSite(): Promise<ReactSite> {
  const script = await bundle();
  let exposures = 0;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    const user = visitor(Number(url.searchParams.get('i') ?? 0));
    const client = createClient({
      ruleset: reactRuleset,
      user,
      environment: 'server',
      transport: async (batch) => {
        exposures += batch.events.filter((event) => event.type === 'exposure').length;
        return { status: 200 };
      },
    });
    const markup = renderToString(h(SplitkitProvider, { client }, h(App)));
    await client.shutdown();
    const page = JSON.stringify({ ruleset: reactRuleset, user }).replace(/</g, '\\u003c');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html><body><div id="root">${markup}</div><script>window.page = ${page};</script><script src="/app.js"></script></body></html>`,
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (i) => `http://127.0.0.1:${port}/?i=${i}`,
    serverExposures: () => exposures,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
