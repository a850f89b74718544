/**
 * The example's request handler: one server-side client for the process, fed
 * by `splitkit serve`; per request, the visitor's device id from its cookie
 * (or a new one), the flags rendered into the HTML, and a bootstrap for the
 * browser bundle: the full client's (browser.ts), or `splitkit/lean`'s
 * (browser-lean.ts) on `/?client=lean`. Both are built once at startup.
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
  /** Size of the browser bundle (the full client's), gzipped, in bytes. */
  bundleGzipBytes: number;
  /** Size of the `/?client=lean` page's bundle (`splitkit/lean`'s), gzipped, in bytes. */
  leanBundleGzipBytes: number;
  /** Flushes the server client's events. */
  close(): Promise<void>;
}

// Installed from npm, esbuild's browser platform picks splitkit's browser build (its `browser` export
// condition), and `splitkit/lean` its lean entry. In this repo tsconfig's paths point `splitkit` at the
// sources' main entry; point each page script at the entry the installed package would give it. Each
// bundle gets only its own name: esbuild would carry an alias of `splitkit` over to `splitkit/lean`.
const REPO_ENTRIES = {
  splitkit: fileURLToPath(new URL('../../src/browser.ts', import.meta.url)),
  'splitkit/lean': fileURLToPath(new URL('../../src/lean.ts', import.meta.url)),
};

/** Bundles a page script (`browser.ts` or `browser-lean.ts`): one minified file, the source chunk inlined. */
async function bundleBrowserEntry(script: string, client: keyof typeof REPO_ENTRIES): Promise<string> {
  const entry = REPO_ENTRIES[client];
  const result = await build({
    ...(existsSync(entry) ? { alias: { [client]: entry } } : {}),
    entryPoints: [fileURLToPath(new URL(script, import.meta.url))],
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
  const [from, bundle, leanBundle] = await Promise.all([
    client.ready(),
    bundleBrowserEntry('./browser.ts', 'splitkit'),
    bundleBrowserEntry('./browser-lean.ts', 'splitkit/lean'),
  ]);
  const hashed = (name: string, text: string): string =>
    `/${name}.${createHash('sha256').update(text).digest('base64url').slice(0, 12)}.js`;
  const bundlePath = hashed('app', bundle);
  const leanBundlePath = hashed('app-lean', leanBundle);
  const scripts = new Map([
    [bundlePath, bundle],
    [leanBundlePath, leanBundle],
  ]);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const script = req.method === 'GET' ? scripts.get(url.pathname) : undefined;
    if (script !== undefined) {
      // The name changes with the content, so browsers keep it for good and never ask again.
      res.writeHead(200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=31536000, immutable',
      });
      res.end(script);
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
    // The same page and bootstrap for both clients: only the script differs.
    const page = url.searchParams.get('client') === 'lean' ? leanBundlePath : bundlePath;
    res.end(renderPage(flags, { bootstrap, user, rulesetUrl, eventsUrl }, page));
  };

  return {
    handle,
    from,
    bundleGzipBytes: gzipSync(bundle).byteLength,
    leanBundleGzipBytes: gzipSync(leanBundle).byteLength,
    close: async () => {
      await client.shutdown({ timeoutMs: 2_000 });
    },
  };
}
