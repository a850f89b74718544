/**
 * The example's request handler: one server-side client for the process, fed
 * by `splitkit serve`; per request, the visitor's device id from its cookie
 * (or a new one), the flags rendered into the HTML, and a bootstrap for the
 * browser bundle, which is built once at startup.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { createClient, ensureDeviceId, type RulesetOrigin, type User } from 'splitkit';
import { readFlags } from './flags.js';
import { renderPage } from './page.js';

/** How the example reaches `splitkit serve` and sets its cookie. */
export interface ExampleOptions {
  /** Where `splitkit serve` runs, e.g. `http://127.0.0.1:8787`. */
  serveUrl: string;
  /** `Secure` on the device id cookie: on behind https, off for plain-http development. */
  secureCookie: boolean;
}

/** A started example: its handler, where its ruleset came from, and how to stop it. */
export interface Example {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** What the server client's `ready()` answered at startup. */
  from: RulesetOrigin;
  /** Size of the browser bundle, gzipped, in bytes. */
  bundleGzipBytes: number;
  /** Flushes the server client's events. */
  close(): Promise<void>;
}

// Installed from npm, esbuild's browser platform picks splitkit's browser build (its `browser` export
// condition). In this repo tsconfig's paths point `splitkit` at the sources' main entry; point the page at
// the browser entry instead, as the installed package would.
const REPO_BROWSER_ENTRY = fileURLToPath(new URL('../../src/browser.ts', import.meta.url));

/** Bundles browser.ts for the page: one minified file, the source chunk inlined. */
async function bundleBrowserEntry(): Promise<string> {
  const result = await build({
    ...(existsSync(REPO_BROWSER_ENTRY) ? { alias: { splitkit: REPO_BROWSER_ENTRY } } : {}),
    entryPoints: [fileURLToPath(new URL('./browser.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The example's stand-in for a session flag: the user this browser's device id was last linked to. */
const LINKED_COOKIE = 'example_linked';

function linkedUser(cookieHeader: string | undefined): string | undefined {
  const value = new RegExp(`(?:^|;\\s*)${LINKED_COOKIE}=([^;]*)`).exec(cookieHeader ?? '')?.[1];
  try {
    return value === undefined ? undefined : decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Starts the server-side client and builds the bundle; resolves when both are ready. */
export async function createExample(options: ExampleOptions): Promise<Example> {
  const rulesetUrl = `${options.serveUrl}/ruleset.json`;
  const eventsUrl = `${options.serveUrl}/events`;
  const client = createClient({
    environment: 'server',
    // The stream applies a change of the ruleset file within a second; polling covers the stream being down.
    source: { url: rulesetUrl, stream: true },
    collector: { url: eventsUrl },
    onError: (error) => console.error(`splitkit: ${error.message}`),
  });
  const [from, bundle] = await Promise.all([client.ready(), bundleBrowserEntry()]);
  const bundlePath = `/app.${createHash('sha256').update(bundle).digest('base64url').slice(0, 12)}.js`;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === bundlePath) {
      // The name changes with the content, so browsers keep it for good and never ask again.
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
    const device = ensureDeviceId(req.headers.cookie, { secure: options.secureCookie });
    const country = req.headers['x-country'];
    const user: User = { deviceID: device.id, country: typeof country === 'string' ? country : 'US' };
    // Stands in for your session: a logged-in visitor has a userID too, and identify() links it to the
    // device id (an identify event to serve), so the analysis joins the visits before and after login. Your
    // login handler would call it once; here a cookie remembers the user this browser was linked to, so the
    // event goes with the first request of a login (or of a new device id), not with every page view.
    const cookies = [device.setCookie];
    const userID = req.headers['x-user-id'];
    if (typeof userID === 'string' && userID !== '') {
      user.userID = userID;
      if (device.created || linkedUser(req.headers.cookie) !== userID) {
        client.identify(user);
        const secure = options.secureCookie ? '; Secure' : '';
        cookies.push(`${LINKED_COOKIE}=${encodeURIComponent(userID)}; Path=/; HttpOnly; SameSite=Lax${secure}`);
      }
    }
    const flags = readFlags(client, user, false);
    const bootstrap = url.searchParams.get('bootstrap') === '0' ? undefined : client.snapshot(user);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'Set-Cookie': cookies,
    });
    res.end(renderPage(flags, { bootstrap, user, rulesetUrl, eventsUrl }, bundlePath));
  };

  return {
    handle,
    from,
    bundleGzipBytes: gzipSync(bundle).byteLength,
    close: async () => {
      await client.shutdown({ timeoutMs: 2_000 });
    },
  };
}
