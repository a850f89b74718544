/**
 * The lean client's device id in headless Chromium, as the full client keeps
 * it: made once for a visitor without one, written to the `splitkit_did`
 * cookie (what a server reads) and localStorage, and read back on reload;
 * with `identity: { persist: false }` nothing is written until
 * `setIdentityConsent(true)`; a device id the bootstrap's user brings (the
 * server's cookie) is kept, across a login too.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { readDeviceId } from '../../src/adapters/device-cookie.js';
import { browserTestsEnabled } from './support/chromium.js';
import { inlineJson, LEAN_SCRIPT, leanPages, pageValue, sendHtml } from './support/lean-site.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const COOKIE = 'splitkit_did';
const STORAGE_KEY = 'splitkit.deviceID';
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

/** An experiment on the device id, so the id a page binds decides its variant. */
const RULESET = {
  version: 1,
  gates: {},
  experiments: {
    button_color: {
      unit: 'deviceID',
      allocation: 100,
      variants: [
        { key: 'red', weight: 50 },
        { key: 'blue', weight: 50 },
      ],
    },
  },
};

/** The lean client with `?options=` (JSON) on top of the ruleset. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="${LEAN_SCRIPT}"></script>
<script>
  window.errors = [];
  window.client = splitkit.createClient({
    ruleset: ${inlineJson(RULESET)},
    ...JSON.parse(new URLSearchParams(location.search).get('options') || '{}'),
    onError: (error) => errors.push(error.code + ': ' + error.message),
  });
  window.started = { deviceID: client.getUser().deviceID, variant: client.getExperiment('button_color').variant };
</script></body></html>`;

interface Started {
  deviceID: string;
  variant: string | null;
}

describe.skipIf(!browserTestsEnabled)('splitkit/lean device id in headless Chromium', () => {
  const pages = leanPages((_req, res, path) => {
    if (path !== '/') return false;
    sendHtml(res, PAGE);
    return true;
  });
  const { newContext } = pages;
  const reference = createClient({ ruleset: RULESET, environment: 'server', logger: QUIET });
  /** The variant a server reading the cookie would serve this id. */
  const serverVariant = (deviceID: string) => reference.getExperiment('button_color', { deviceID }).variant;

  const url = (options: object = {}) => `${pages.site.origin}/?options=${encodeURIComponent(JSON.stringify(options))}`;
  const stored = async (page: Page) => ({
    cookie: (await page.context().cookies()).find((cookie) => cookie.name === COOKIE)?.value,
    local: (await page.evaluate(`localStorage.getItem(${JSON.stringify(STORAGE_KEY)})`)) as string | null,
  });

  it('makes a device id, writes it to the cookie and localStorage, and reads the same one back on reload', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(url());
    const first = await pageValue<Started>(page, 'started');
    expect(first.deviceID).toMatch(UUID_V4);
    expect(await stored(page)).toEqual({ cookie: first.deviceID, local: first.deviceID });
    // The cookie is one a server reads as the same id, and buckets alike.
    const cookies = (await page.context().cookies()).filter((cookie) => cookie.name === COOKIE);
    expect(readDeviceId(cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '))).toBe(first.deviceID);
    expect(first.variant).toBe(serverVariant(first.deviceID));

    await page.reload();
    expect(await pageValue<Started>(page, 'started')).toEqual(first);
    // A cleared cookie comes back from localStorage.
    await page.context().clearCookies();
    await page.reload();
    expect(await pageValue<Started>(page, 'started')).toEqual(first);
    expect(await stored(page)).toEqual({ cookie: first.deviceID, local: first.deviceID });
    expect(await page.evaluate('errors')).toEqual([]);
  });

  it('writes nothing with persist: false until setIdentityConsent(true), and then adopts a returning visitor’s id', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(url({ identity: { persist: false } }));
    const memory = await pageValue<Started>(page, 'started');
    expect(memory.deviceID).toMatch(UUID_V4);
    await page.evaluate(`client.checkGate('anything'); client.getExperiment('button_color')`);
    expect(await stored(page)).toEqual({ cookie: undefined, local: null });
    // Not a probe either: no key at all (a cookie scanner records every write before consent).
    expect(await page.evaluate('localStorage.length')).toBe(0);

    await page.evaluate('client.setIdentityConsent(true)');
    expect(await stored(page)).toEqual({ cookie: memory.deviceID, local: memory.deviceID });
    expect(await page.evaluate('client.getUser().deviceID')).toBe(memory.deviceID);

    // Next visit: again no consent at first, so an id in memory; consent then adopts the stored one.
    await page.reload();
    const next = await pageValue<Started>(page, 'started');
    expect(next.deviceID).not.toBe(memory.deviceID);
    await page.evaluate('client.setIdentityConsent(true)');
    expect(await page.evaluate('client.getUser().deviceID')).toBe(memory.deviceID);
    expect(await page.evaluate(`client.getExperiment('button_color').variant`)).toBe(memory.variant);
    expect(await stored(page)).toEqual({ cookie: memory.deviceID, local: memory.deviceID });

    // Withdrawn: erased from both.
    await page.evaluate('client.setIdentityConsent(false)');
    expect(await stored(page)).toEqual({ cookie: undefined, local: null });
  });

  it("keeps the device id the bootstrap's user brings, across a login", async () => {
    const fromServer = '3f2b8c1e-9d4a-4e6f-8b7c-2a1d0e9f8c7b';
    const bootstrap = reference.snapshot({ deviceID: fromServer });
    const page = await (await newContext()).newPage();
    await page.goto(url({ bootstrap }));
    expect(await pageValue<Started>(page, 'started')).toEqual({
      deviceID: fromServer,
      variant: serverVariant(fromServer),
    });
    await page.evaluate(`client.setUser({ userID: 'member-7' })`);
    expect(await page.evaluate('client.getUser()')).toEqual({ userID: 'member-7', deviceID: fromServer });
    expect(await page.evaluate(`client.getExperiment('button_color').variant`)).toBe(serverVariant(fromServer));
    expect(await page.evaluate('errors')).toEqual([]);
  });
});
