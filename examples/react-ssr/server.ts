/**
 * React server rendering with splitkit, no flicker: one server client
 * evaluates each request, `renderToString` renders the app with the values
 * the browser will compute, and the page carries the bootstrap the browser
 * bundle hydrates from (see README.md next to this file).
 *
 *   npx tsx examples/react-ssr/server.ts          (PORT, default 8788; SPLITKIT_COLLECTOR, optional)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { createClient, ensureDeviceId, type User } from 'splitkit';
import { SplitkitProvider } from 'splitkit/react';
import { App, PAGE_DATA_ID, type PageData } from './app.js';

const port = Number(process.env.PORT ?? 8788);
const host = '127.0.0.1';
const collectorUrl = process.env.SPLITKIT_COLLECTOR || undefined;

const ruleset: unknown = JSON.parse(
  readFileSync(fileURLToPath(new URL('../quickstart/ruleset.json', import.meta.url)), 'utf8'),
);
// One client for the process; each request passes its own user.
const client = createClient({ ruleset, environment: 'server' });

// Installed from npm, esbuild's browser platform picks splitkit's browser build (its `browser` export
// condition). In this repo tsconfig's paths point `splitkit` at the sources' main entry; point the bundle
// at the browser entry instead, as the installed package would. Only the bare name: `splitkit/react`
// keeps its tsconfig path.
const REPO_BROWSER_ENTRY = fileURLToPath(new URL('../../src/browser.ts', import.meta.url));

async function bundleBrowserEntry(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser.ts', import.meta.url))],
    plugins: existsSync(REPO_BROWSER_ENTRY)
      ? [
          {
            name: 'splitkit-browser',
            setup: (b) => b.onResolve({ filter: /^splitkit$/ }, () => ({ path: REPO_BROWSER_ENTRY })),
          },
        ]
      : [],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const bundle = await bundleBrowserEntry();
// The name changes with the content, so browsers may keep it for good.
const bundlePath = `/app.${createHash('sha256').update(bundle).digest('base64url').slice(0, 12)}.js`;

function renderPage(data: PageData): string {
  const html = renderToString(
    createElement(
      SplitkitProvider,
      { options: { bootstrap: data.bootstrap, user: data.user, environment: 'server' } },
      createElement(App),
    ),
  );
  // `<` escaped: a value containing `</script>` cannot end the script element early.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>splitkit react-ssr example</title></head>
<body>
<div id="root">${html}</div>
<script type="application/json" id="${PAGE_DATA_ID}">${json}</script>
<script type="module" src="${bundlePath}"></script>
</body>
</html>
`;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === bundlePath) {
    res.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
    res.end(bundle);
    return;
  }
  if (req.method !== 'GET' || url.pathname !== '/') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  // A logged-out visitor is its device id: the same splitkit_did cookie the browser client reads.
  const device = ensureDeviceId(req.headers.cookie, { secure: false });
  // Stands in for a geo lookup at your edge.
  const country = req.headers['x-country'];
  const user: User = { deviceID: device.id, country: typeof country === 'string' ? country : 'US' };
  // Values mode (the default): this visitor's answers only (with its variant's params), not the rules;
  // `?mode=ruleset` sends the ruleset instead.
  const bootstrap =
    url.searchParams.get('mode') === 'ruleset' ? client.snapshot(user, { mode: 'ruleset' }) : client.snapshot(user);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'private, no-store',
    'Set-Cookie': device.setCookie,
  });
  res.end(renderPage({ bootstrap, user, ...(collectorUrl ? { collectorUrl } : {}) }));
}

const server = createServer(handle);
server.listen(port, host, () => {
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : port;
  console.log(`react-ssr example listening on http://${host}:${listening}/ (bundle ${bundlePath})`);
});

const stop = (): void => {
  server.close();
  server.closeIdleConnections();
  void client.shutdown().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
