/**
 * The lean client's `onExposure` in headless Chromium: the page hands each
 * exposure to its own analytics once per unit and result, however often it
 * reads, with the variant the unit got; reads with `exposure: false` hand
 * none; and the read of a server-rendered value, then of the same value once
 * the source's ruleset answers, is one exposure. A listener that throws is
 * reported and the read still answers.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { browserTestsEnabled } from './support/chromium.js';
import { LEAN_SCRIPT, leanPages, pageValue, sendHtml } from './support/lean-site.js';

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

/** A gate and a 50/50 experiment on the user id. */
const RULESET = {
  version: 1,
  revision: 'lean-exposure-1',
  gates: { new_checkout: { rules: [{ id: 'everyone', rollout: 100 }] } },
  experiments: {
    button_color: {
      allocation: 100,
      variants: [
        { key: 'red', weight: 50 },
        { key: 'blue', weight: 50 },
      ],
    },
  },
};

/** The lean client with `?options=` (JSON) and every exposure recorded, as an app's analytics would get it. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="${LEAN_SCRIPT}"></script>
<script>
  window.errors = [];
  window.exposures = [];
  window.throwing = false;
  const options = JSON.parse(new URLSearchParams(location.search).get('options') || '{}');
  window.client = splitkit.createClient({
    ...options,
    onExposure: (details) => {
      exposures.push(details);
      if (throwing) throw new Error('analytics is down');
    },
    onError: (error) => errors.push(error.code + ': ' + error.message),
  });
  // A server-rendered page reads at first paint, from the bootstrap.
  if (options.bootstrap) window.first = [client.getExperiment('button_color').variant, client.status().origin];
  window.started = true;
</script></body></html>`;

/** The fields an analytics call needs, in a stable order. */
interface Exposure {
  kind: string;
  name: string;
  variant: string | null;
  value: unknown;
  unitId: string;
}
const EXPOSURES = `exposures.map(({ kind, name, variant, value, unitId }) => ({ kind, name, variant, value, unitId }))`;

describe.skipIf(!browserTestsEnabled)('splitkit/lean onExposure in headless Chromium', () => {
  const ruleset = JSON.stringify(RULESET);
  const pages = leanPages((_req, res, path) => {
    if (path === '/') sendHtml(res, PAGE);
    else if (path === '/ruleset.json')
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(ruleset);
    else return false;
    return true;
  });
  const reference = createClient({ ruleset: RULESET, environment: 'server', logger: QUIET });
  const variantOf = (userID: string) => reference.getExperiment('button_color', { userID }).variant;

  const open = async (options: object): Promise<Page> => {
    const page = await (await pages.newContext()).newPage();
    await page.goto(`${pages.site.origin}/?options=${encodeURIComponent(JSON.stringify(options))}`);
    await pageValue(page, 'started');
    return page;
  };

  it('hands each exposure over once per unit and result, with the variant, however often the page reads', async () => {
    const page = await open({ ruleset: RULESET, user: { userID: 'visitor-1' } });
    // Users picked so that the two get different variants: each is its own exposure.
    const [a, b] = ['visitor-1', 'visitor-2'];
    expect(variantOf(a)).not.toBe(variantOf(b));
    await page.evaluate(`(() => {
      for (let i = 0; i < 5; i++) client.getExperiment('button_color');
      for (let i = 0; i < 3; i++) client.getExperiment('button_color', { userID: 'visitor-2' });
      for (let i = 0; i < 4; i++) client.checkGate('new_checkout');
      // Not an exposure: the app asked for none.
      client.getExperiment('button_color', { userID: 'visitor-3' }, { exposure: false });
    })()`);
    expect(await page.evaluate(EXPOSURES)).toEqual([
      { kind: 'experiment', name: 'button_color', variant: variantOf(a), value: variantOf(a), unitId: a },
      { kind: 'experiment', name: 'button_color', variant: variantOf(b), value: variantOf(b), unitId: b },
      { kind: 'gate', name: 'new_checkout', variant: null, value: true, unitId: a },
    ] satisfies Exposure[]);
    // Read again later: still once each.
    await page.evaluate(`client.getExperiment('button_color'); client.checkGate('new_checkout')`);
    expect(await page.evaluate('exposures.length')).toBe(3);
    expect(await page.evaluate('errors')).toEqual([]);
  });

  it('counts a server-rendered read and the same read once the source answers as one exposure', async () => {
    const user = { userID: 'visitor-2' };
    const bootstrap = reference.snapshot(user);
    const page = await open({ bootstrap, source: { url: '/ruleset.json', pollIntervalMs: 0, cache: false } });
    expect(await page.evaluate('first')).toEqual([variantOf(user.userID), 'bootstrap']);
    expect(await page.evaluate('client.ready({ timeoutMs: 10000 })')).toBe('network');
    expect(await page.evaluate(`client.getExperiment('button_color').variant`)).toBe(variantOf(user.userID));
    expect(await page.evaluate(EXPOSURES)).toEqual([
      {
        kind: 'experiment',
        name: 'button_color',
        variant: variantOf(user.userID),
        value: variantOf(user.userID),
        unitId: user.userID,
      },
    ]);
  });

  it('reports a listener that throws and still answers the read', async () => {
    const page = await open({ ruleset: RULESET, user: { userID: 'visitor-1' } });
    await page.evaluate('window.throwing = true');
    expect(await page.evaluate(`client.getExperiment('button_color').variant`)).toBe(variantOf('visitor-1'));
    expect(await page.evaluate('errors')).toEqual(['LISTENER_FAILED: onExposure threw: Error: analytics is down']);
    // Handed over once all the same: a throwing listener is not called again for the same exposure.
    await page.evaluate(`client.getExperiment('button_color')`);
    expect(await page.evaluate('exposures.length')).toBe(1);
  });
});
