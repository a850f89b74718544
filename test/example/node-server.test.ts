/**
 * examples/node-server end to end: a real `splitkit serve` process and the
 * example server process. A new visitor gets the variant rendered and a device
 * id cookie; the cookie brings back the same variant; the page's bootstrap,
 * evaluated in Node, reads the same values; the exposures its reads log
 * reach serve's event store; and `/?client=lean` is the same page with the
 * smaller `splitkit/lean` bundle.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { SplitkitClient } from '../../src/client/client.js';
import { readFlags, type PageFlags } from '../../examples/node-server/flags.js';
import type { PageConfig } from '../../examples/node-server/page.js';
import { EXAMPLE_RULESET, startExample, type ExampleProcesses } from './support/processes.js';
import { storedEvents } from './support/stored-events.js';

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The page at `path` as a visitor with `cookie` (none: a new visitor) gets it. */
async function visit(
  origin: string,
  cookie?: string,
  path = '/',
): Promise<{ html: string; setCookie: string; shown: PageFlags; config: PageConfig; script: string }> {
  const response = await fetch(`${origin}${path}`, cookie ? { headers: { cookie } } : {});
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await response.text();
  const flag = (name: string): string => new RegExp(`data-flag="${name}">([^<]*)<`).exec(html)?.[1] ?? '(missing)';
  const shown = {
    checkout: flag('checkout') === 'true',
    color: flag('color') === 'none' ? null : flag('color'),
    threshold: Number(flag('threshold')),
  };
  const config = JSON.parse(
    /<script type="application\/json" id="splitkit-config">([^<]*)<\/script>/.exec(html)![1]!,
  ) as PageConfig;
  const script = /<script src="([^"]*)" defer><\/script>/.exec(html)?.[1] ?? '(missing)';
  return { html, setCookie: response.headers.get('set-cookie') ?? '', shown, config, script };
}

describe('examples/node-server with splitkit serve', () => {
  let run: ExampleProcesses;
  let reference: SplitkitClient;

  beforeAll(async () => {
    run = await startExample();
    // What any server with the same ruleset computes: the reference the page must agree with.
    reference = createClient({
      ruleset: JSON.parse(await readFile(EXAMPLE_RULESET, 'utf8')),
      environment: 'server',
      logger: QUIET,
    });
  });

  afterAll(async () => {
    await run?.stop();
  });

  it("renders a new visitor's variant and sets a device id cookie, with the ruleset fetched from serve", async () => {
    const page = await visit(run.exampleOrigin);
    const cookie = /^splitkit_did=([^;]+); Path=\/; Max-Age=31536000; SameSite=Lax$/.exec(page.setCookie);
    expect(cookie, page.setCookie).not.toBeNull();
    const id = cookie![1]!;
    expect(id).toMatch(UUID);
    expect(page.shown).toEqual(readFlags(reference, { deviceID: id, country: 'US' }, false));
    expect(page.shown.color === 'red' || page.shown.color === 'blue').toBe(true);
    expect(page.config.user).toEqual({ deviceID: id, country: 'US' });
    expect(page.config.rulesetUrl).toBe(`${run.serveOrigin}/ruleset.json`);
    expect(page.config.eventsUrl).toBe(`${run.serveOrigin}/events`);
    // The example's client got its ruleset from serve (its access log), not from a file.
    expect(run.example.stdout()).toContain(`ruleset from ${run.serveOrigin}/ruleset.json: network`);
    expect(run.serve.stdout()).toMatch(/GET \/ruleset\.json 200 /);
    const scriptPath = /<script src="(\/app\.[A-Za-z0-9_-]{12}\.js)" defer><\/script>/.exec(page.html)?.[1];
    expect(scriptPath).toBeDefined();
    const script = await fetch(`${run.exampleOrigin}${scriptPath}`);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await script.text()).length).toBeGreaterThan(1_000);
  });

  it('gives the same visitor the same variant and id on every request, and other visitors both variants', async () => {
    const colors = new Set<string | null>();
    for (let visitor = 0; visitor < 12; visitor++) {
      const first = await visit(run.exampleOrigin);
      const cookie = first.setCookie.split(';')[0]!;
      for (let again = 0; again < 2; again++) {
        const next = await visit(run.exampleOrigin, `theme=dark; ${cookie}`);
        expect(next.setCookie.split(';')[0]).toBe(cookie);
        expect(next.shown).toEqual(first.shown);
        expect(next.config.user).toEqual(first.config.user);
      }
      colors.add(first.shown.color);
    }
    // 12 visitors on a 50/50 split: both variants with probability 1 - 2^-11.
    expect(colors).toEqual(new Set(['red', 'blue']));
    const canadian = await fetch(`${run.exampleOrigin}/`, { headers: { 'x-country': 'CA' } });
    expect(await canadian.text()).toContain('data-flag="threshold">75<');
  });

  it('hands the page a bootstrap that reads the rendered values in Node, and their exposures reach serve', async () => {
    const page = await visit(run.exampleOrigin);
    expect(page.config.bootstrap).toMatchObject({ splitkit: 1, mode: 'values' });
    // Through JSON as the page carries it, into a client with no ruleset and no source: only the bootstrap.
    const browserLike = createClient({
      bootstrap: JSON.parse(JSON.stringify(page.config.bootstrap)),
      user: page.config.user,
      collector: { url: page.config.eventsUrl },
      environment: 'server',
      logger: QUIET,
    });
    expect(readFlags(browserLike)).toEqual(page.shown);
    await browserLike.shutdown({ timeoutMs: 5_000 });

    const mine = (await storedEvents(run.eventsFile)).filter(
      (event) => event.type === 'exposure' && event.units?.deviceID === page.config.user.deviceID,
    );
    expect(mine.map((event) => event.name).sort()).toEqual(['button_color', 'new_checkout']);
  });

  it("links a login to the device id: same variant, and an identify event from the server in serve's store", async () => {
    const first = await visit(run.exampleOrigin);
    const cookie = first.setCookie.split(';')[0]!;
    const response = await fetch(`${run.exampleOrigin}/`, { headers: { cookie, 'x-user-id': 'u42' } });
    const html = await response.text();
    expect(html).toContain(`data-flag="color">${first.shown.color}<`);
    expect(html).toContain('"userID":"u42"');
    // The server's client sends its batch within its flush interval (5 s on servers).
    const deadline = Date.now() + 15_000;
    let linked = false;
    while (!linked && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      linked = (await storedEvents(run.eventsFile)).some(
        (event) =>
          event.type === 'identify' &&
          event.units?.userID === 'u42' &&
          event.units?.deviceID === first.config.user.deviceID,
      );
    }
    expect(linked).toBe(true);

    // Later page views of that login carry the example's linked cookie: no identify event again. Another
    // user on the device is linked; the server's pipeline sends in order, so once that link is stored, a
    // repeated u42 link would be too.
    const linkedCookie = response.headers.getSetCookie().find((text) => text.startsWith('example_linked='));
    expect(linkedCookie).toBe('example_linked=u42; Path=/; HttpOnly; SameSite=Lax');
    const both = `${cookie}; ${linkedCookie!.split(';')[0]!}`;
    const again = await fetch(`${run.exampleOrigin}/`, { headers: { cookie: both, 'x-user-id': 'u42' } });
    expect(again.headers.getSetCookie()).toHaveLength(1);
    await again.text();
    await (await fetch(`${run.exampleOrigin}/`, { headers: { cookie: both, 'x-user-id': 'u43' } })).text();
    const links = async () =>
      (await storedEvents(run.eventsFile)).filter(
        (event) => event.type === 'identify' && event.units?.deviceID === first.config.user.deviceID,
      );
    while (!(await links()).some((event) => event.units?.userID === 'u43') && Date.now() < deadline + 15_000)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await links()).map((event) => event.units?.userID)).toEqual(['u42', 'u43']);
  });

  it('serves the same page with the splitkit/lean bundle on ?client=lean, which is the smaller one', async () => {
    const full = await visit(run.exampleOrigin);
    const cookie = full.setCookie.split(';')[0]!;
    const lean = await visit(run.exampleOrigin, cookie, '/?client=lean');
    // The same visitor, values and bootstrap (snapshot() of the same user and ruleset): only the script differs.
    expect(lean.shown).toEqual(full.shown);
    expect(lean.config).toEqual(full.config);
    expect(lean.html.replace(lean.script, '')).toBe(full.html.replace(full.script, ''));
    expect(full.script).toMatch(/^\/app\.[A-Za-z0-9_-]{12}\.js$/);
    expect(lean.script).toMatch(/^\/app-lean\.[A-Za-z0-9_-]{12}\.js$/);
    // Any other value of `client` is the default page.
    expect((await visit(run.exampleOrigin, cookie, '/?client=full')).script).toBe(full.script);

    const script = async (path: string): Promise<string> => {
      const response = await fetch(`${run.exampleOrigin}${path}`);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      return response.text();
    };
    const fullBytes = gzipSync(await script(full.script)).byteLength;
    const leanBytes = gzipSync(await script(lean.script)).byteLength;
    // The sizes the server reports at startup are those of the scripts it serves.
    expect(run.example.stdout()).toContain(
      `browser bundle ${fullBytes} B gzip, splitkit/lean's ${leanBytes} B gzip on /?client=lean`,
    );
    // No event pipeline in it: about a third less (26 KB against 18 KB when this was written).
    expect(leanBytes).toBeLessThan(fullBytes * 0.8);
    expect(leanBytes).toBeGreaterThan(5_000);
  });

  it('answers 404 for anything but the page and its scripts', async () => {
    const response = await fetch(`${run.exampleOrigin}/nope`);
    expect(response.status).toBe(404);
    await response.text();
  });
});
