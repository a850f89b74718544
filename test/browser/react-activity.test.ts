/**
 * `<SplitkitProvider options>` under React 19's `<Activity>`: hiding the subtree runs the effects' cleanups
 * (as an unmount does) but keeps its state, so the provider must not leave its state holding a client it shut
 * down when the subtree is shown again.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { pageScript } from './support/react-site.js';

const ENTRY = fileURLToPath(new URL('../react/fixtures/activity-entry.ts', import.meta.url));

/**
 * Hides the provider's subtree until the cleanup has shut its client down (an unmounted provider does so a tick
 * later), renders a second gate while hidden (read for the first time: its exposure is due when shown, on the live
 * client), and shows the subtree again.
 */
async function hideAndShow(page: Page): Promise<void> {
  await page.evaluate(() => window.setMode('hidden'));
  await page.waitForFunction(
    () => (window.client as unknown as { _parts: { delivery: { stopped?: true } } })._parts.delivery.stopped === true,
  );
  await page.evaluate(() => window.showSecondGate());
  await page.evaluate(() => window.setMode('visible'));
  await page.waitForFunction(() => document.getElementById('gate2') !== null);
}

describe.skipIf(!browserTestsEnabled)('splitkit/react under <Activity> (React 19)', () => {
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    script = await pageScript(ENTRY);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a provider hidden and shown again serves one live client: its events are sent, none dropped', async () => {
    const page = await browser.newPage();
    await page.setContent('<div id="root"></div>');
    await page.addScriptTag({ content: script });
    await page.waitForFunction(() => document.getElementById('gate')?.textContent === 'true');
    // A login, and a device id the client made: what the app changed at run time must survive the hiding.
    const before = await page.evaluate(() => {
      window.client.setUser({ userID: 'u2', plan: 'pro' });
      return window.client.getUser();
    });
    expect(before).toMatchObject({ userID: 'u2', plan: 'pro', deviceID: expect.any(String) });
    await hideAndShow(page);
    await page.waitForFunction(() => document.getElementById('gate2')?.textContent === 'true');
    expect(await page.evaluate(() => window.client.getUser())).toStrictEqual(before);
    // One client polls after the show (StrictMode runs the showing effect twice): 10 polls a second.
    const shown = await page.evaluate(() => window.sourceFetches);
    await page.waitForTimeout(1000);
    expect((await page.evaluate(() => window.sourceFetches)) - shown).toBeLessThanOrEqual(14);
    await page.evaluate(async () => {
      window.client.track('after_show');
      await window.client.flush();
    });
    const events = await page.evaluate(() => window.events.map((event) => `${event.type}:${event.name}`));
    expect(await page.evaluate(() => window.errors)).toStrictEqual([]);
    expect(events).toContain('event:after_show');
    // The second gate's exposure, once, for the logged-in user, on the client that replaced the stopped one.
    const second = await page.evaluate(() =>
      window.events.filter((event) => event.type === 'exposure' && event.name === 'g2').map((event) => event.units),
    );
    expect(second).toStrictEqual([expect.objectContaining({ userID: 'u2', deviceID: before.deviceID })]);
    await page.close();
  });

  it('the client that takes over keeps the overrides and the identity consent set at run time', async () => {
    const page = await browser.newPage();
    await page.setContent('<div id="root"></div>');
    await page.addScriptTag({ content: script });
    await page.waitForFunction(() => document.getElementById('gate')?.textContent === 'true');
    // A QA panel forces the second gate off; the visitor withdraws consent, which erases the stored id.
    await page.evaluate(() => {
      window.client.override({ gates: { g2: false } });
      window.client.setIdentityConsent(false);
    });
    expect(await page.evaluate(() => window.deviceStore.size)).toBe(0);
    const first = await page.evaluateHandle(() => window.client);
    await hideAndShow(page);
    // Another client took over (else the first one, which holds both settings, would pass every check below).
    await page.waitForFunction((old) => window.client !== old, first, { timeout: 5_000 });
    expect(await page.evaluate(() => document.getElementById('gate2')?.textContent)).toBe('false');
    // A new login without a device id: the replacement makes one in memory and stores nothing.
    const user = await page.evaluate(() => {
      window.client.setUser({ userID: 'u3' });
      return window.client.getUser();
    });
    expect(user).toMatchObject({ userID: 'u3', deviceID: expect.any(String) });
    expect(await page.evaluate(() => window.deviceStore.size)).toBe(0);
    // Consent comes back, and a store holds this visitor's id from an earlier visit: the id made without
    // consent gives way to it, on the client that took over as on the first.
    const adopted = await page.evaluate(() => {
      window.deviceStore.set('splitkit.deviceID', 'returning');
      window.client.setIdentityConsent(true);
      return window.client.getUser();
    });
    expect(adopted).toStrictEqual({ userID: 'u3', deviceID: 'returning' });
    expect(await page.evaluate(() => window.errors)).toStrictEqual([]);
    await page.close();
  });

  it("the client that takes over keeps a ruleset the app put in use with setRuleset ('static')", async () => {
    const page = await browser.newPage();
    await page.setContent('<div id="root"></div>');
    await page.addScriptTag({ content: script });
    await page.waitForFunction(() => document.getElementById('gate')?.textContent === 'true');
    // The app's own ruleset, newer than the one the source serves (which is then refused as older), turns g2 off.
    const origin = await page.evaluate(() => {
      const next = structuredClone(window.client.getRuleset()) as { revision: number; gates: { g2: object } };
      next.revision = 2;
      next.gates.g2 = { rules: [{ id: 'none', rollout: 0 }] };
      window.client.setRuleset(next);
      return window.client.status().origin;
    });
    expect(origin).toBe('static');
    const first = await page.evaluateHandle(() => window.client);
    await hideAndShow(page);
    await page.waitForFunction((old) => window.client !== old, first, { timeout: 5_000 });
    // A few polls later, the replacement still serves the app's ruleset, not the bootstrap's or the source's.
    const polled = await page.evaluate(() => window.sourceFetches);
    await page.waitForFunction((n) => window.sourceFetches >= n + 3, polled);
    expect(await page.evaluate(() => document.getElementById('gate2')?.textContent)).toBe('false');
    expect(await page.evaluate(() => window.client.getRuleset().revision)).toBe(2);
    await page.close();
  });
});
