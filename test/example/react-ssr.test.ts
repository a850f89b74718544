/**
 * examples/react-ssr as a child process on port 0: the page renders what a
 * direct server read gives that device id, the same on a second visit with
 * the cookie, and carries the bootstrap and the URL of its bundle, which is
 * served as JavaScript.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { SplitkitClient } from '../../src/client/client.js';
import type { PageData } from '../../examples/react-ssr/app.js';
import { spawnTsx, type ChildCli } from '../collector/support/child-collector.js';

const SERVER = 'examples/react-ssr/server.ts';
const RULESET = JSON.parse(readFileSync(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8'));
const DEVICE_COOKIE = /^splitkit_did=([0-9a-f-]{36});/;

interface Page {
  html: string;
  setCookie: string;
  shown: { gate: string; variant: string; color: string; threshold: string };
  data: PageData;
  bundlePath: string;
}

async function visit(origin: string, path: string, cookie?: string): Promise<Page> {
  const response = await fetch(`${origin}${path}`, cookie ? { headers: { cookie } } : {});
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await response.text();
  const flag = (name: string): string => new RegExp(`data-flag="${name}">([^<]*)<`).exec(html)?.[1] ?? '(missing)';
  const data = JSON.parse(
    /<script type="application\/json" id="splitkit-data">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null',
  ) as PageData;
  return {
    html,
    setCookie: response.headers.get('set-cookie') ?? '',
    shown: { gate: flag('new_checkout'), variant: flag('variant'), color: flag('color'), threshold: flag('threshold') },
    data,
    bundlePath: /<script type="module" src="(\/app\.[\w-]+\.js)"><\/script>/.exec(html)?.[1] ?? '(missing)',
  };
}

describe('examples/react-ssr', () => {
  let server: ChildCli;
  let origin: string;
  let reference: SplitkitClient;

  beforeAll(async () => {
    server = spawnTsx(SERVER, [], { PORT: '0', SPLITKIT_COLLECTOR: '' });
    origin = (await server.waitFor(/http:\/\/127\.0\.0\.1:\d+/)).replace(/\/$/, '');
    reference = createClient({ ruleset: RULESET, environment: 'server' });
  });

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await reference?.shutdown();
  });

  it('renders a direct server read for the cookie device id, the same on the next visit', async () => {
    const first = await visit(origin, '/');
    const deviceID = DEVICE_COOKIE.exec(first.setCookie)?.[1];
    expect(deviceID).toBeDefined();
    const user = { deviceID: deviceID!, country: 'US' };
    const expected = {
      gate: String(reference.checkGate('new_checkout', user)),
      variant: reference.getExperiment('button_color', user).variant ?? 'none',
      // Values mode carries the visitor's variant params (docs/delivery.md): `get` serves the variant's color.
      color: reference.getExperiment('button_color', user).get('color', '#000'),
      threshold: String(reference.getParam('free_shipping_threshold', 50, user)),
    };
    expect(['red', 'blue']).toContain(expected.variant);
    expect(expected.color).toMatch(/^#(d22|22d)$/);
    expect(first.shown).toEqual(expected);

    const second = await visit(origin, '/', `splitkit_did=${deviceID}`);
    expect(DEVICE_COOKIE.exec(second.setCookie)?.[1]).toBe(deviceID);
    expect(second.shown).toEqual(expected);

    expect(second.data.user).toEqual(user);
    expect(second.data.bootstrap).toEqual(reference.snapshot(user));
    expect(second.data.collectorUrl).toBeUndefined();
  });

  it("shows what the README's curl line says: the threshold is 75 in Canada, new_checkout false for a visitor", async () => {
    const response = await fetch(`${origin}/`, { headers: { 'x-country': 'CA' } });
    const html = await response.text();
    expect(html).toContain('data-flag="threshold">75<');
    // Bucketed by userID: a logged-out visitor has none.
    expect(html).toContain('data-flag="new_checkout">false<');
    expect((await visit(origin, '/')).shown.threshold).toBe('50');
  });

  it('renders the variant params with a ruleset bootstrap', async () => {
    const first = await visit(origin, '/');
    const deviceID = DEVICE_COOKIE.exec(first.setCookie)![1]!;
    const page = await visit(origin, '/?mode=ruleset', `splitkit_did=${deviceID}`);
    const result = reference.getExperiment('button_color', { deviceID, country: 'US' });
    expect(page.shown.variant).toBe(result.variant);
    expect(page.shown.color).toBe(result.get('color', '#000'));
    expect(page.shown.color).toMatch(/^#(d22|22d)$/);
    expect(page.data.bootstrap.mode).toBe('ruleset');
  });

  it('serves the bundle the page names as JavaScript', async () => {
    const page = await visit(origin, '/');
    expect(page.bundlePath).toMatch(/^\/app\./);
    const response = await fetch(`${origin}${page.bundlePath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await response.text();
    expect(code).toContain('splitkit-data');
    expect(code.length).toBeGreaterThan(10_000);
  });

  it('escapes < in the embedded data, so a value cannot close the script element', async () => {
    const country = '</script><script>alert(1)</script>';
    const response = await fetch(`${origin}/`, { headers: { 'x-country': country } });
    const html = await response.text();
    const embedded = /id="splitkit-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(embedded).not.toContain('<');
    expect((JSON.parse(embedded) as PageData).user.country).toBe(country);
  });
});

describe('examples/react-ssr with SPLITKIT_COLLECTOR', () => {
  it('hands the browser the collector URL to post its events to', async () => {
    const collector = 'http://127.0.0.1:8787/events';
    const server = spawnTsx(SERVER, [], { PORT: '0', SPLITKIT_COLLECTOR: collector });
    try {
      const origin = (await server.waitFor(/http:\/\/127\.0\.0\.1:\d+/)).replace(/\/$/, '');
      expect((await visit(origin, '/')).data.collectorUrl).toBe(collector);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
