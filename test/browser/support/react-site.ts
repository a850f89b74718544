/**
 * A loopback server-rendering site for the React tests, with one React
 * major on both sides: `/?i=N` renders the app for visitor N with React's
 * `renderToString` and a server client, and puts the ruleset and the visitor
 * in the page for the browser client; `/?i=N&bootstrap=values|ruleset`
 * renders with a client made from `snapshot(user, { mode })` instead and
 * puts that bootstrap in the page, for `<SplitkitProvider options={{ bootstrap }}>`; `&source=1` adds
 * `/ruleset.json` as the browser client's source.
 * `/app.js` is the hydrating bundle (React's development build, so
 * hydration mismatches are reported).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createClient, type EventBatch, type SnapshotMode } from '../../../src/index.js';
import type { ServerEntry } from '../../react/fixtures/server-entry.js';
import { reactRuleset, visitor } from '../../react/fixtures/ruleset.js';
import { importWithReact, reactAliases, type ReactMajor } from '../../react/support/react-versions.js';

const ENTRY = fileURLToPath(new URL('../../react/fixtures/browser-entry.ts', import.meta.url));
const SERVER_ENTRY = fileURLToPath(new URL('../../react/fixtures/server-entry.ts', import.meta.url));

/** The running site. */
export interface ReactSite {
  url(visitor: number): string;
  /** How many times the server rendered, and the exposures its clients logged (must stay 0). */
  serverExposures(): number;
  close(): Promise<void>;
}

/** A page script: `entry` bundled as a browser would load it, React's development build (its warnings on). */
export async function pageScript(entry: string, alias?: { [module: string]: string }): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    alias,
    define: { 'process.env.NODE_ENV': '"development"' },
  });
  return result.outputFiles[0]!.text;
}

function bundle(major: ReactMajor): Promise<string> {
  return pageScript(ENTRY, reactAliases(major));
}

/** Starts the site on a free loopback port, rendering with React `major` on both sides. */
export async function startReactSite(major: ReactMajor): Promise<ReactSite> {
  const [script, { renderApp }] = await Promise.all([
    bundle(major),
    major === 19
      ? (import('../../react/fixtures/server-entry.js') as Promise<ServerEntry>)
      : importWithReact<ServerEntry>(SERVER_ENTRY, major),
  ]);
  let exposures = 0;
  const transport = async (batch: EventBatch) => {
    exposures += batch.events.filter((event) => event.type === 'exposure').length;
    return { status: 200 };
  };
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    if (url.pathname === '/ruleset.json') {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"r1"' }).end(JSON.stringify(reactRuleset));
      return;
    }
    const user = visitor(Number(url.searchParams.get('i') ?? 0));
    const mode = url.searchParams.get('bootstrap') as SnapshotMode | null;
    const client = createClient({ ruleset: reactRuleset, user, environment: 'server', transport });
    // With a bootstrap, the server renders from it as the browser will, so both sides read the same snapshot.
    const bootstrap = mode ? client.snapshot(user, { mode }) : undefined;
    const renderer = bootstrap ? createClient({ bootstrap, environment: 'server', transport }) : client;
    const markup = renderApp({ client: renderer });
    await Promise.all([client.shutdown(), renderer.shutdown()]);
    const source = url.searchParams.has('source') ? { source: '/ruleset.json' } : {};
    const page = JSON.stringify(
      bootstrap ? { bootstrap, user, ...source } : { ruleset: reactRuleset, user, ...source },
    ).replace(/</g, '\\u003c');
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
