/**
 * examples/node-server's page with `splitkit/lean` (`/?client=lean`) in
 * headless Chromium, against real `splitkit serve` and example processes: a
 * few visitors (node-server.test.ts runs 200 on the full client; the server
 * side is the same) read the server-rendered values at once and after the
 * ruleset arrived; each experiment's exposure reaches `window.dataLayer` once
 * however often the page reads it, and the page's posts put each in serve's
 * store once, as the exposure events the full client would have sent.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { SplitkitClient } from '../../src/client/client.js';
import { readFlags, type PageFlags } from '../../examples/node-server/flags.js';
import { EXAMPLE_RULESET, startExample, type ExampleProcesses } from '../example/support/processes.js';
import { storedEvents } from '../example/support/stored-events.js';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { domFlags, VISIT, type Visit } from './support/example-page.js';

const VISITORS = 6;
const PARALLEL = 2;
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };
/** The page posts each render's exposures at once; the bound covers a loaded machine. */
const POLL = { timeout: 10_000, interval: 200 };

/** An exposure as the page pushes it to `window.dataLayer` (the lean client's details, plus `event`). */
interface LayerEntry {
  event: string;
  kind: string;
  name: string;
  value: unknown;
  variant: string | null;
  reason: string;
  unit?: string;
  unitId?: string;
}

describe.skipIf(!browserTestsEnabled)('examples/node-server on ?client=lean in headless Chromium', () => {
  let run: ExampleProcesses;
  let browser: Browser;
  let reference: SplitkitClient;
  const contexts: BrowserContext[] = [];
  /** What any server with the example's ruleset computes for this device id. */
  const expected = (deviceID: string): PageFlags => readFlags(reference, { deviceID, country: 'US' }, false);

  beforeAll(async () => {
    [run, browser] = await Promise.all([startExample(), launchChromium()]);
    reference = createClient({
      ruleset: JSON.parse(await readFile(EXAMPLE_RULESET, 'utf8')),
      environment: 'server',
      logger: QUIET,
    });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await run?.stop();
  });

  it(`shows ${VISITORS} visitors the server's values with splitkit/lean, and hands each exposure over once`, async () => {
    const visited: string[] = [];
    const visitInTurn = async (count: number): Promise<void> => {
      const context = await browser.newContext();
      contexts.push(context);
      const page: Page = await context.newPage();
      for (let visitor = 0; visitor < count; visitor++) {
        await context.clearCookies();
        const scripts: string[] = [];
        const onRequest = (request: { url(): string }): void => void scripts.push(request.url());
        page.on('request', onRequest);
        await page.goto(`${run.exampleOrigin}/?client=lean`, { waitUntil: 'domcontentloaded' });
        const { report, dom, id } = (await page.evaluate(VISIT)) as Visit;
        page.off('request', onRequest);
        visited.push(id);
        const want = expected(id);
        // The page ran the lean bundle: its own script, and a client with no `track`.
        expect(scripts.filter((url) => url.endsWith('.js'))).toEqual([
          expect.stringMatching(/\/app-lean\.[A-Za-z0-9_-]{12}\.js$/),
        ]);
        expect(await page.evaluate('typeof window.splitkitClient.track')).toBe('undefined');
        // Under load `ready()`'s 1.5 s can pass before serve answers ('bootstrap', as documented): the ruleset
        // from serve must still arrive, and the page, re-rendered on it (subscribe), still show the same.
        expect({ dom, ...report }).toEqual({
          dom: want,
          shown: want,
          first: want,
          after: want,
          from: report.from === 'bootstrap' ? 'bootstrap' : 'network',
        });
        await page.waitForFunction("window.splitkitClient.status().origin === 'network'", undefined, {
          timeout: 10_000,
        });
        expect(await domFlags(page)).toEqual(want);

        // The page read each flag at least twice (first paint, after ready, on the ruleset's arrival); one
        // more read of each here: still one exposure per experiment and gate. The parameter serves its
        // default to a US visitor, which is no exposure.
        await page.evaluate(`(() => {
          const client = window.splitkitClient;
          client.checkGate('new_checkout');
          client.getExperiment('button_color');
          client.getParam('free_shipping_threshold', 50);
        })()`);
        const layer = (await page.evaluate('window.dataLayer')) as LayerEntry[];
        expect([...layer].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
          expect.objectContaining({
            event: 'experiment_exposure',
            kind: 'experiment',
            name: 'button_color',
            value: want.color,
            variant: want.color,
            reason: 'SPLIT',
            unit: 'deviceID',
            unitId: id,
          }),
          expect.objectContaining({
            event: 'experiment_exposure',
            kind: 'gate',
            name: 'new_checkout',
            value: want.checkout,
            unit: 'deviceID',
            unitId: id,
          }),
        ]);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, () => visitInTurn(VISITORS / PARALLEL)));
    expect(new Set(visited).size).toBe(VISITORS);

    // Posted to serve's /events, cross-origin, as the collector protocol's exposure events: each once.
    for (const id of visited) {
      await expect
        .poll(async () => (await storedEvents(run.eventsFile, id)).map((e) => `${e.type}:${e.name}`).sort(), POLL)
        .toEqual(['exposure:button_color', 'exposure:new_checkout']);
    }
    // Nothing arrives twice later (the pages stay open; their clients keep polling the ruleset).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const id of visited) {
      const events = await storedEvents(run.eventsFile, id);
      const want = expected(id);
      expect(events).toHaveLength(2);
      expect(new Set(events.map((e) => e.id)).size).toBe(2);
      expect(events.every((e) => e.source === 'client' && e.units?.deviceID === id)).toBe(true);
      expect(events.find((e) => e.name === 'button_color')?.variant).toBe(want.color);
      expect(events.find((e) => e.name === 'new_checkout')?.value).toBe(want.checkout);
    }
  }, 60_000);
});
