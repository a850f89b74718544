/**
 * Server rendering with `splitkit/lean` in headless Chromium: a loopback
 * server renders each visitor's page with the full Node client (the device id
 * from the `splitkit_did` cookie, `snapshot(user)` in values mode embedded in
 * the page); the page's lean client reads the values the server rendered into
 * the DOM synchronously, before any ruleset response, and the same ones once
 * `ready()` says the source's ruleset is in use (200 visitors). With the
 * ruleset unreachable the bootstrap alone serves them.
 */
import type { IncomingMessage } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { SplitkitClient } from '../../src/client/client.js';
import { ensureDeviceId } from '../../src/adapters/device-cookie.js';
import type { User } from '../../src/eval/types.js';
import { checkRulesetBytes, etagOf } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute, type RulesetRoute } from '../../src/serve/ruleset-route.js';
import { browserTestsEnabled } from './support/chromium.js';
import { inlineJson, LEAN_SCRIPT, leanPages, pageValue, sendHtml } from './support/lean-site.js';

const VISITORS = 200;
const PARALLEL = 4;
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };
/** Every ruleset response waits this long: the first reads happen before any could arrive. */
const RULESET_DELAY_MS = 100;

/** Everything on the device id, so each visitor has their own values; Canada gets another threshold. */
const RULESET = {
  version: 1,
  revision: 'lean-ssr-1',
  gates: { new_checkout: { unit: 'deviceID', rules: [{ id: 'half', rollout: 50 }] } },
  experiments: {
    button_color: {
      unit: 'deviceID',
      allocation: 100,
      variants: [
        { key: 'red', weight: 50, params: { label: 'Buy now' } },
        { key: 'blue', weight: 50, params: { label: 'Checkout' } },
      ],
    },
  },
  params: {
    free_shipping_threshold: { default: 50, rules: [{ id: 'canada', when: { country: 'CA' }, value: 75 }] },
  },
};

/** The values one page shows. */
interface Flags {
  checkout: boolean;
  color: string | null;
  label: string;
  threshold: number;
}

/** Reads the flags as the page does (the server with exposure off: the browser logs the exposure). */
function readFlags(client: SplitkitClient, user: User): Flags {
  const options = { exposure: false };
  const experiment = client.getExperiment('button_color', user, options);
  return {
    checkout: client.checkGate('new_checkout', user, options),
    color: experiment.variant,
    label: experiment.get('label', 'none'),
    threshold: client.getParam('free_shipping_threshold', 0, user, options),
  };
}

/** Page code: the same reads on the lean client's bound user. */
const READ = `() => {
  const experiment = client.getExperiment('button_color');
  return {
    checkout: client.checkGate('new_checkout'),
    color: experiment.variant,
    label: experiment.get('label', 'none'),
    threshold: client.getParam('free_shipping_threshold', 0),
  };
}`;

/** The visitor's page: the server's values in the DOM, its bootstrap, and the lean client hydrating from it. */
function renderPage(flags: Flags, bootstrap: unknown): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>
<p>checkout <b id="checkout">${flags.checkout}</b>, color <b id="color">${flags.color ?? 'none'}</b>,
label <b id="label">${flags.label}</b>, threshold <b id="threshold">${flags.threshold}</b></p>
<script type="application/json" id="bootstrap">${inlineJson(bootstrap)}</script>
<script src="${LEAN_SCRIPT}"></script>
<script>
  const errors = [];
  const read = ${READ};
  window.client = splitkit.createClient({
    bootstrap: JSON.parse(document.getElementById('bootstrap').textContent),
    source: { url: '/ruleset.json', pollIntervalMs: 0 },
    onError: (error) => errors.push(error.code + ': ' + error.message),
  });
  // First paint: the reads the page renders with, before anything is awaited, and whether a ruleset had come.
  const fetched = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/ruleset.json'));
  window.first = { flags: read(), status: client.status(), fetched: fetched.length };
  window.result = client.ready({ timeoutMs: 10000 }).then((from) => ({
    from,
    after: read(),
    deviceID: client.getUser().deviceID,
    errors,
  }));
</script></body></html>`;
}

interface FirstPaint {
  flags: Flags;
  status: { origin: string; ready: boolean };
  fetched: number;
}
interface Hydrated {
  from: string;
  after: Flags;
  deviceID: string;
  errors: string[];
}

/** What the DOM shows (the server's rendering). */
async function domFlags(page: Page): Promise<Flags> {
  const text = async (id: string): Promise<string> => (await page.locator(`#${id}`).textContent()) ?? '';
  const color = await text('color');
  return {
    checkout: (await text('checkout')) === 'true',
    color: color === 'none' ? null : color,
    label: await text('label'),
    threshold: Number(await text('threshold')),
  };
}

async function deviceCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'splitkit_did');
  if (!cookie) throw new Error('the server set no splitkit_did cookie');
  return cookie.value;
}

describe.skipIf(!browserTestsEnabled)('splitkit/lean hydrating a server-rendered page in headless Chromium', () => {
  let route: RulesetRoute;
  let server: SplitkitClient;
  let reference: SplitkitClient;
  let rulesetRequests = 0;
  /** The If-None-Match of each ruleset request, in order. */
  const conditional: (string | undefined)[] = [];
  /** What any server with the ruleset computes for this visitor. */
  const expected = (deviceID: string, country: string): Flags => readFlags(reference, { deviceID, country });
  const render = (req: IncomingMessage, url: URL): { setCookie: string; html: string } => {
    // A logged-out visitor is their device id, from the cookie the lean client reads too (or a new one).
    const device = ensureDeviceId(req.headers.cookie, { secure: false });
    const user: User = { deviceID: device.id, country: url.searchParams.get('country') ?? 'US' };
    const mode = url.searchParams.get('mode') === 'ruleset' ? 'ruleset' : 'values';
    return {
      setCookie: device.setCookie,
      html: renderPage(readFlags(server, user), server.snapshot(user, { mode })),
    };
  };
  const pages = leanPages((req, res, path) => {
    if (path === '/ruleset.json') {
      rulesetRequests++;
      conditional.push(req.headers['if-none-match']);
      setTimeout(() => route.handle(req, res), RULESET_DELAY_MS);
      return true;
    }
    if (path !== '/') return false;
    const { setCookie, html } = render(req, new URL(req.url ?? '/', 'http://localhost'));
    sendHtml(res, html, { 'Set-Cookie': setCookie });
    return true;
  });
  const { newContext } = pages;

  // After leanPages' own beforeAll: the site is up.
  beforeAll(async () => {
    const bytes = Buffer.from(JSON.stringify(RULESET));
    const checked = checkRulesetBytes(bytes);
    if (!checked.ok) throw new Error(`the test ruleset does not validate: ${JSON.stringify(checked)}`);
    route = createRulesetRoute({
      bytes,
      text: bytes.toString(),
      etag: etagOf(bytes),
      signature: undefined,
      ruleset: checked.ruleset,
    });
    // The app's server client, fed by the same ruleset URL as the pages (its snapshots carry the ETag).
    server = createClient({
      environment: 'server',
      source: { url: `${pages.site.origin}/ruleset.json`, pollIntervalMs: 0 },
      logger: QUIET,
    });
    expect(await server.ready({ timeoutMs: 10_000 })).toBe('network');
    reference = createClient({ ruleset: RULESET, environment: 'server', logger: QUIET });
  }, 60_000);

  afterAll(async () => {
    await server?.shutdown({ timeoutMs: 1_000 });
    route?.close();
  });

  it(`shows ${VISITORS} visitors the server's values at first paint and after ready()`, async () => {
    const requestsBefore = rulesetRequests;
    const seen = { ids: new Set<string>(), checkout: 0, red: 0, blue: 0, canada: 0 };
    const visitInTurn = async (count: number, lane: number): Promise<void> => {
      const context = await newContext();
      const page = await context.newPage();
      for (let visitor = 0; visitor < count; visitor++) {
        // A new visitor each time (no cookie: the server makes the id); every third one in Canada.
        await context.clearCookies();
        const country = (visitor + lane) % 3 === 0 ? 'CA' : 'US';
        await page.goto(`${pages.site.origin}/?country=${country}`);
        const first = await pageValue<FirstPaint>(page, 'first');
        const hydrated = await pageValue<Hydrated>(page, 'result', 15_000);
        const id = await deviceCookie(context);
        const want = expected(id, country);
        expect({ dom: await domFlags(page), first, ...hydrated }).toEqual({
          dom: want,
          // Read from the bootstrap, synchronously: no ruleset response had arrived, none was waited for.
          first: { flags: want, status: { origin: 'bootstrap', stale: false, ready: false }, fetched: 0 },
          from: 'network',
          after: want,
          // The server's cookie id, bound from the bootstrap's user and kept.
          deviceID: id,
          errors: [],
        });
        seen.ids.add(id);
        if (want.checkout) seen.checkout++;
        if (want.color === 'red') seen.red++;
        if (want.color === 'blue') seen.blue++;
        if (want.threshold === 75) seen.canada++;
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, (_, lane) => visitInTurn(VISITORS / PARALLEL, lane)));
    expect(seen.ids.size).toBe(VISITORS);
    // Both sides of each 50/50 split were shown (p of fewer than 60 on a side is ~1e-8), so equal values mean
    // the page bucketed as the server did, not that everyone got the same answer.
    for (const count of [seen.checkout, VISITORS - seen.checkout, seen.red, seen.blue])
      expect(count).toBeGreaterThan(60);
    expect(seen.canada).toBeGreaterThan(50);
    // Each page asked for the ruleset once (ready said 'network').
    expect(rulesetRequests - requestsBefore).toBe(VISITORS);
  }, 90_000);

  it("starts from a ruleset-mode bootstrap's ETag: the first request is answered 304 and the same values stay", async () => {
    const context = await newContext();
    const page = await context.newPage();
    for (let visitor = 0; visitor < 5; visitor++) {
      await context.clearCookies();
      conditional.length = 0;
      await page.goto(`${pages.site.origin}/?mode=ruleset`);
      const first = await pageValue<FirstPaint>(page, 'first');
      const hydrated = await pageValue<Hydrated>(page, 'result', 15_000);
      const want = expected(await deviceCookie(context), 'US');
      expect({ dom: await domFlags(page), first: first.flags, ...hydrated }).toMatchObject({
        dom: want,
        first: want,
        from: 'network',
        after: want,
        errors: [],
      });
      // The page's one request named the ruleset it already had (the route answers 304 to it).
      expect(conditional).toEqual([route.current().etag]);
    }
  }, 60_000);

  it('serves the bootstrap alone when the ruleset is unreachable: ready() says bootstrap', async () => {
    const context = await newContext();
    let refused = 0;
    await context.route(`${pages.site.origin}/ruleset.json`, (blocked) => {
      refused++;
      return blocked.abort('connectionrefused');
    });
    const page = await context.newPage();
    for (let visitor = 0; visitor < 5; visitor++) {
      await context.clearCookies();
      await page.goto(`${pages.site.origin}/?country=${visitor % 2 ? 'CA' : 'US'}`);
      const first = await pageValue<FirstPaint>(page, 'first');
      const hydrated = await pageValue<Hydrated>(page, 'result', 15_000);
      const want = expected(await deviceCookie(context), visitor % 2 ? 'CA' : 'US');
      expect(await domFlags(page)).toEqual(want);
      expect(first.flags).toEqual(want);
      expect(hydrated).toMatchObject({ from: 'bootstrap', after: want });
      expect(hydrated.errors.every((error) => error.startsWith('TRANSPORT_FAILED'))).toBe(true);
    }
    expect(refused).toBeGreaterThanOrEqual(5);
  }, 60_000);
});
