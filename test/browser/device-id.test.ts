/**
 * The device id in a real browser: generated once, written to the
 * `splitkit_did` cookie and localStorage, read back after a reload (so the
 * visitor keeps their variant), different for another visitor, and made anew
 * when the stored one is not a valid id.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { readDeviceId } from '../../src/adapters/device-cookie.js';
import { browserTestsEnabled } from './support/chromium.js';
import {
  deviceId,
  EXPERIMENT,
  localStorageItem,
  openPage,
  reloadPage,
  reportedErrors,
  variant,
} from './support/driver.js';
import { useBrowserHarness } from './support/harness.js';
import { BROWSER_RULESET } from './support/ruleset.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const COOKIE = 'splitkit_did';
const STORAGE_KEY = 'splitkit.deviceID';
const DAY_SECONDS = 86_400;
// Nothing is sent by timer while these tests run.
const QUIET = { flushIntervalMs: 600_000 };

/** What a server would serve the same visitor: the same ruleset evaluated in Node with the cookie's id. */
function serverVariant(id: string): string | null {
  const server = createClient({
    ruleset: BROWSER_RULESET,
    environment: 'server',
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  return server.getExperiment(EXPERIMENT, { deviceID: id }).variant;
}

describe.skipIf(!browserTestsEnabled)('device id in headless Chromium', () => {
  const harness = useBrowserHarness();

  it('survives a reload, in the cookie and localStorage, with the same variant', async () => {
    const context = await harness.newContext();
    const page = await openPage(context, harness.site.pageUrl(QUIET));
    const id = await deviceId(page);
    expect(id).toMatch(UUID_V4);
    const served = await variant(page);
    expect(served === 'red' || served === 'blue').toBe(true);

    expect(await localStorageItem(page, STORAGE_KEY)).toBe(id);
    const cookie = (await context.cookies()).find((c) => c.name === COOKIE);
    expect(cookie).toMatchObject({ value: id, path: '/', sameSite: 'Lax', httpOnly: false });
    // Max-Age is 365 days: allow a minute either way for the time between writing and reading it.
    expect(Math.abs(cookie!.expires - (Date.now() / 1000 + 365 * DAY_SECONDS))).toBeLessThan(60);

    await reloadPage(page);
    expect(await deviceId(page)).toBe(id);
    expect(await variant(page)).toBe(served);
    // The browser and a server reading the cookie bucket the visitor alike.
    expect(serverVariant(id)).toBe(served);
    expect(await reportedErrors(page)).toEqual([]);
  });

  it('gives another visitor (a new context) a different id', async () => {
    const first = await openPage(await harness.newContext(), harness.site.pageUrl(QUIET));
    const second = await openPage(await harness.newContext(), harness.site.pageUrl(QUIET));
    const [a, b] = [await deviceId(first), await deviceId(second)];
    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(a).not.toBe(b);
  });

  it('adopts the id a server set in the cookie, and restores a cleared cookie from localStorage', async () => {
    const context = await harness.newContext();
    const fromServer = '3f2b8c1e-9d4a-4e6f-8b7c-2a1d0e9f8c7b';
    await context.addCookies([{ name: COOKIE, value: fromServer, url: harness.site.origin }]);
    const page = await openPage(context, harness.site.pageUrl(QUIET));
    expect(await deviceId(page)).toBe(fromServer);
    expect(await localStorageItem(page, STORAGE_KEY)).toBe(fromServer);
    expect(await variant(page)).toBe(serverVariant(fromServer));

    await context.clearCookies();
    await reloadPage(page);
    expect(await deviceId(page)).toBe(fromServer);
    expect((await context.cookies()).find((c) => c.name === COOKIE)?.value).toBe(fromServer);
  });

  it('replaces a tampered cookie id the server would refuse with a new one, in the cookie and localStorage', async () => {
    for (const tampered of ['x'.repeat(200), 'tampered%0Aid', '%3Cscript%3E']) {
      expect(readDeviceId(`${COOKIE}=${tampered}`)).toBeUndefined();
      const context = await harness.newContext();
      await context.addCookies([{ name: COOKIE, value: tampered, url: harness.site.origin }]);
      const page = await openPage(context, harness.site.pageUrl(QUIET));
      const id = await deviceId(page);
      expect(id).toMatch(UUID_V4);
      expect(await localStorageItem(page, STORAGE_KEY)).toBe(id);
      const cookies = (await context.cookies()).filter((c) => c.name === COOKIE);
      expect(cookies.map((c) => c.value)).toEqual([id]);
      expect(readDeviceId(`${COOKIE}=${cookies[0]!.value}`)).toBe(id);
      expect(await variant(page)).toBe(serverVariant(id));
    }
  });
});
