/**
 * Signed rulesets in headless Chromium: the browser build, given
 * `source.publicKeys`, verifies the Ed25519 signature with the browser's own
 * WebCrypto. The ruleset comes from another loopback origin, served by
 * `splitkit serve`'s ruleset route (its CORS headers expose the signature)
 * and signed by serve's signing code with a key from `splitkit keygen`'s
 * generator: a correctly signed ruleset is used; a tampered or unsigned one
 * is refused, reported through `onError`, and the page keeps the default.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { etagOf, readRulesetFile, type ServedRuleset } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute, type RulesetRoute } from '../../src/serve/ruleset-route.js';
import { generateSigningKeys, loadSigner } from '../../src/serve/signing.js';
import { bundleSdk } from './support/bundle.js';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { close, listen } from '../support/loopback-server.js';

const RULESET = `${JSON.stringify({
  version: 1,
  revision: 'signed-1',
  gates: { new_checkout: { rules: [{ id: 'everyone', rollout: 100 }] } },
  params: { banner: { default: 'signed' } },
})}\n`;

/** What the page reports once `ready()` resolved. */
interface PageResult {
  from: string;
  /** The gate and the parameter as the page shows them in the DOM. */
  shown: { gate: string; banner: string };
  errors: string[];
}

/** The page: the browser build, a client on `?ruleset=` with `?key=` as its one public key. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<p>gate: <span id="gate">-</span>, banner: <span id="banner">-</span></p>
<script src="/sdk.js"></script>
<script>
  const query = new URLSearchParams(location.search);
  const errors = [];
  const client = splitkit.createClient({
    user: { userID: 'visitor-1' },
    source: { url: query.get('ruleset'), publicKeys: [query.get('key')], pollIntervalMs: 0 },
    onError: (error) => errors.push(error.code + ': ' + error.message),
  });
  window.result = client.ready({ timeoutMs: 10000 }).then((from) => {
    // What was reported about the ruleset itself; reads without one add their own FLAG_NOT_FOUND reports.
    const reported = errors.slice();
    document.getElementById('gate').textContent = String(client.checkGate('new_checkout'));
    document.getElementById('banner').textContent = client.getParam('banner', 'default');
    return { from, errors: reported };
  });
</script></body></html>`;

describe.skipIf(!browserTestsEnabled)('signed rulesets verified by WebCrypto in headless Chromium', () => {
  let browser: Browser;
  let pageServer: Server;
  let rulesetServer: Server;
  let pageOrigin: string;
  let rulesetOrigin: string;
  let dir: string;
  let publicKey: string;
  const routes = new Map<string, RulesetRoute>();
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [sdk, launched] = await Promise.all([bundleSdk('browser'), launchChromium()]);
    browser = launched;
    // Signed the way `splitkit keygen` + `splitkit sign` / `serve --key` sign: the same modules.
    const keys = generateSigningKeys();
    publicKey = keys.publicKey;
    dir = await mkdtemp(join(tmpdir(), 'splitkit-signed-'));
    const file = join(dir, 'ruleset.json');
    await writeFile(file, RULESET);
    const read = await readRulesetFile(file, loadSigner(keys.privateKeyPem));
    if (!read.ok) throw new Error(`the test ruleset does not validate: ${JSON.stringify(read.problems)}`);
    const signed = read.served;
    expect(signed.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    // A proxy changed one value and kept the signature; the ETag is the new body's, as a cache would compute it.
    const forgedText = signed.text.replace('"signed"', '"forged"');
    const forgedBytes = Buffer.from(forgedText);
    const tampered: ServedRuleset = { ...signed, text: forgedText, bytes: forgedBytes, etag: etagOf(forgedBytes) };
    const unsigned: ServedRuleset = { ...signed, text: forgedText, bytes: forgedBytes, signature: undefined };
    for (const [name, served] of [
      ['signed', signed],
      ['tampered', tampered],
      ['unsigned', unsigned],
    ] as const) {
      routes.set(`/${name}/ruleset.json`, createRulesetRoute(served, { cors: { origins: '*' } }));
    }

    rulesetServer = createServer((req: IncomingMessage, res: ServerResponse) => {
      const route = routes.get(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (route) return route.handle(req, res);
      res.writeHead(404).end();
    });
    pageServer = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const headers = { 'Cache-Control': 'no-store' };
      if (path === '/sdk.js')
        return void res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(sdk);
      if (path === '/') return void res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(PAGE);
      res.writeHead(404, headers).end();
    });
    // Two origins (two ports): the page reads the signature header across origins, as from a CDN or `serve`.
    [pageOrigin, rulesetOrigin] = await Promise.all([listen(pageServer), listen(rulesetServer)]);
  }, 60_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    for (const route of routes.values()) route.close();
    await browser?.close();
    await Promise.all([close(pageServer), close(rulesetServer)]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the page on a fresh visitor (no cache) with the ruleset at `/<name>/ruleset.json`. */
  async function visit(name: string): Promise<PageResult & { rulesetRequests: number }> {
    const context = await browser.newContext();
    contexts.push(context);
    let rulesetRequests = 0;
    context.on('request', (request) => {
      if (request.url().startsWith(rulesetOrigin)) rulesetRequests++;
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => void problems.push(error.message));
    const url = `${rulesetOrigin}/${name}/ruleset.json`;
    await page.goto(`${pageOrigin}/?ruleset=${encodeURIComponent(url)}&key=${encodeURIComponent(publicKey)}`);
    await page.waitForFunction('window.result !== undefined', undefined, { timeout: 10_000 }).catch(() => {
      throw new Error(`the page did not start its client: ${problems.join('; ')}`);
    });
    const { from, errors } = (await page.evaluate('window.result')) as Omit<PageResult, 'shown'>;
    const shown = {
      gate: (await page.locator('#gate').textContent()) ?? '',
      banner: (await page.locator('#banner').textContent()) ?? '',
    };
    expect(problems).toEqual([]);
    return { from, shown, errors, rulesetRequests };
  }

  it('uses a ruleset whose signature verifies with source.publicKeys', async () => {
    const result = await visit('signed');
    expect(result).toMatchObject({
      from: 'network',
      shown: { gate: 'true', banner: 'signed' },
      errors: [],
    });
    expect(result.rulesetRequests).toBeGreaterThan(0);
  }, 30_000);

  it.each([
    ['tampered', 'its signature does not verify with any of source.publicKeys'],
    ['unsigned', 'it is unsigned (no Splitkit-Signature) and source.publicKeys is set'],
  ])(
    'refuses a %s ruleset: the page keeps the defaults and onError says why',
    async (name, why) => {
      const url = `${rulesetOrigin}/${name}/ruleset.json`;
      const result = await visit(name);
      // The client asked for the ruleset and got it (the server answers 200), then refused it.
      expect(result.rulesetRequests).toBeGreaterThan(0);
      expect(result).toMatchObject({
        from: 'none',
        shown: { gate: 'false', banner: 'default' },
        errors: [`INVALID_RULESET: ruleset from ${url} refused: ${why}; the last good ruleset stays in use`],
      });
    },
    30_000,
  );
});
