/**
 * splitkit/react in headless Chromium, React 19 and 18, under StrictMode, with components that read one gate,
 * experiment or parameter each (test/react/fixtures/probe-entry.ts): what mounted hooks log and render when
 * the client changes under them.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import type { Read } from '../react/fixtures/probe-entry.js';
import { REACT_MAJORS, reactAliases } from '../react/support/react-versions.js';
import { browserTestsEnabled, chromiumForBlock } from './support/chromium.js';
import { pageScript } from './support/react-site.js';
import { openProbePage } from './support/probe-page.js';

const ENTRY = fileURLToPath(new URL('../react/fixtures/probe-entry.ts', import.meta.url));

/** A gate on the user id and an experiment on the device id, each 50/50, and a parameter for France. */
const SPLIT = {
  gates: { g: { unit: 'userID', rules: [{ id: 'half', rollout: 50 }] } },
  experiments: {
    e: {
      unit: 'deviceID',
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
    },
  },
  params: { p: { default: { x: 1 }, rules: [{ id: 'fr', when: { country: 'FR' }, value: { x: 2 } }] } },
};

describe.skipIf(!browserTestsEnabled)('splitkit/react probes in Chromium', () => {
  const chromium = chromiumForBlock();

  describe.each(REACT_MAJORS)('with React %i', (major) => {
    let script: string;

    beforeAll(async () => {
      script = await pageScript(ENTRY, reactAliases(major));
    });

    /** The probe page with this block's React (`clock`: on Playwright's fake clock). */
    const probePage = (options: { clock?: true } = {}): Promise<Page> =>
      openProbePage(chromium.browser, script, major, options);

    it('a ruleset update that leaves a shown value alone but makes its exposure due logs it (gate and parameter)', async () => {
      const page = await probePage();
      await page.evaluate(() => {
        // Visitor in FR: no rule matches, so the gate is false and the parameter 50, by default (no exposure).
        const client = window.makeClient({
          ruleset: {
            gates: { g: { unit: 'userID', rules: [{ id: 'ca', when: { country: 'CA' }, rollout: 50 }] } },
            params: { p: { default: 50 } },
          },
          user: { userID: 'u1', country: 'FR', companyID: 'c1' },
        });
        window.show([{ gate: 'g' }, { param: 'p', fallback: 0 }], { client });
      });
      await page.waitForFunction(() => document.getElementById('param:p')?.textContent === '50');
      expect(await page.evaluate(() => window.exposures())).toStrictEqual({});
      const renders = await page.evaluate(() => ({ ...window.renders }));
      // A rollout starts at 0%: the visitor still sees false and 50, now from a rule's split (its control
      // group), which is an exposure the analysis needs; the parameter's rule splits by a unit new to the
      // ruleset, which its exposure carries.
      await page.evaluate(() =>
        window.client.setRuleset({
          gates: { g: { unit: 'userID', rules: [{ id: 'all', rollout: 0 }] } },
          params: { p: { default: 50, rules: [{ id: 'all', unit: 'companyID', rollout: 0, value: 75 }] } },
        }),
      );
      // Bounded wait for the exposures (a fixed sleep would fail on a loaded machine), then exact checks.
      for (let waited = 0; waited < 10_000; waited += 20) {
        if (Object.keys(await page.evaluate(() => window.exposures())).length >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await page.evaluate(() => window.shown())).toStrictEqual({ 'gate:g': 'false', 'param:p': '50' });
      expect(await page.evaluate(() => window.exposures())).toStrictEqual({ g: 1, p: 1 });
      const units = await page.evaluate(() => window.events.find((event) => event.name === 'p')?.units);
      expect(units).toMatchObject({ userID: 'u1', companyID: 'c1' });
      // Nothing re-rendered for it.
      expect(await page.evaluate(() => window.renders)).toStrictEqual(renders);
      expect(await page.evaluate(() => [window.errors, window.reactErrors])).toStrictEqual([[], []]);
      await page.close();
    });

    it('hydrates a ruleset bootstrap made for a visitor without a device id (a first visit) with no mismatch, then shows and logs the variant of the browser device id', async () => {
      const page = await probePage();
      const ruleset = SPLIT;
      for (let i = 0; i < 6; i++) {
        const result = await page.evaluate(
          async ({ ruleset, i }) => {
            window.reactRoot?.unmount();
            window.reactErrors.length = 0;
            window.events.length = 0;
            window.renders = {};
            // The server knows no device id yet: the experiment on deviceID has no unit there (variant null).
            const user = { userID: `u${i}`, country: 'FR' };
            const server = window.createClient({ ruleset, environment: 'server' });
            const bootstrap = JSON.parse(JSON.stringify(server.snapshot(user, { mode: 'ruleset' })));
            const reads = [{ gate: 'g' }, { experiment: 'e' }, { param: 'p', fallback: {} }];
            const html = window.serverHtml(reads, { options: { bootstrap, user, environment: 'server' } });
            // The browser client makes one (no stores: a new visitor), so its own reads differ from the server's.
            window.hydrate(html, reads, {
              options: window.recordingOptions({ bootstrap, user }),
            });
            // Until hydration and the re-render after it show the browser client's own values (bounded: a fixed
            // sleep would fail on a loaded machine); the checks below say what differs if they never do.
            const settled = () => {
              const own = window.providerClient;
              const shown = window.shown();
              return (
                own !== undefined &&
                shown['gate:g'] === String(own.checkGate('g', undefined, { exposure: false })) &&
                shown['experiment:e'] === `${own.getExperiment('e', undefined, { exposure: false }).variant} SPLIT`
              );
            };
            for (let waited = 0; !settled() && waited < 10_000; waited += 10)
              await new Promise((resolve) => setTimeout(resolve, 10));
            // The mount effects log the exposures after the commit.
            await new Promise((resolve) => setTimeout(resolve, 50));
            const client = window.providerClient;
            await client.flush();
            return {
              html,
              shown: window.shown(),
              expected: {
                'gate:g': String(client.checkGate('g')),
                'experiment:e': `${client.getExperiment('e', undefined, { exposure: false }).variant} SPLIT`,
                'param:p': '{"x":2}',
              },
              errors: window.reactErrors,
              exposed: window.events
                .filter((event) => event.type === 'exposure')
                .map((event) => [event.name, event.units.deviceID === client.getUser().deviceID]),
            };
          },
          { ruleset, i },
        );
        expect(result.html).toContain('null UNIT_MISSING');
        expect(result.errors).toStrictEqual([]);
        expect(result.shown).toStrictEqual(result.expected);
        expect(result.exposed.filter(([name]) => name === 'e')).toStrictEqual([['e', true]]);
      }
      await page.close();
    });

    it('serves the defaults outside a provider, without throwing, and says so once', async () => {
      const page = await probePage();
      await page.evaluate(() => window.show([{ gate: 'g' }, { experiment: 'e' }, { param: 'p', fallback: 3 }]));
      await page.waitForFunction(() => document.getElementById('param:p') !== null);
      expect(await page.evaluate(() => window.shown())).toStrictEqual({
        'gate:g': 'false',
        'experiment:e': 'null ERROR',
        'param:p': '3',
      });
      const errors = await page.evaluate(() => window.reactErrors);
      expect(errors).toStrictEqual([
        expect.stringMatching(/^splitkit\/react: useGate\('g'\) has no <SplitkitProvider>/),
      ]);
      await page.close();
    });

    it('shuts down the clients that renders React threw away built from inline options (a sibling suspended)', async () => {
      const page = await probePage({ clock: true });
      await page.evaluate(() => {
        const ruleset = { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } };
        window.show([{ gate: 'g' }, { suspend: 300 }], {
          // A new options object on every render: each render React throws away builds a client.
          inline: () => ({
            ruleset,
            user: { userID: 'u1' },
            identityStores: [],
            source: {
              url: '/ruleset.json',
              pollIntervalMs: 100,
              cache: false,
              fetch: async () => {
                window.sourceFetches++;
                return new Response(JSON.stringify(ruleset), { headers: { 'content-type': 'application/json' } });
              },
            },
          }),
        });
      });
      for (let i = 0; i < 20 && (await page.evaluate(() => !document.getElementById('suspend:300'))); i++)
        await page.clock.runFor(100);
      expect(await page.evaluate(() => window.shown())).toStrictEqual({ 'gate:g': 'true', 'suspend:300': 'loaded' });
      // One live client polls: 10 requests a second.
      let before = await page.evaluate(() => window.sourceFetches);
      await page.clock.runFor(1_000);
      expect(await page.evaluate(() => window.sourceFetches)).toBeGreaterThan(before);
      // Unmounted, and past the time a client built in a render may wait for its commit: nothing polls.
      await page.evaluate(() => window.reactRoot.unmount());
      await page.clock.runFor(15_000);
      before = await page.evaluate(() => window.sourceFetches);
      await page.clock.runFor(2_000);
      expect(await page.evaluate(() => window.sourceFetches)).toBe(before);
      expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
      await page.close();
    });

    it('a provider whose first commit comes after that time (a long suspension) serves a live client', async () => {
      const page = await probePage({ clock: true });
      await page.evaluate(() => {
        const ruleset = { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } };
        window.show([{ gate: 'g' }, { suspend: 12_000 }], {
          options: window.recordingOptions({ ruleset, user: { userID: 'u1' } }),
        });
      });
      for (let i = 0; i < 40 && (await page.evaluate(() => !document.getElementById('suspend:12000'))); i++)
        await page.clock.runFor(500);
      expect(await page.evaluate(() => window.shown())).toStrictEqual({ 'gate:g': 'true', 'suspend:12000': 'loaded' });
      await page.clock.runFor(1_000);
      await page.evaluate(async () => {
        window.providerClient.track('after_commit');
        await window.providerClient.flush();
      });
      expect(
        await page.evaluate(() => window.events.map((event) => `${event.type}:${event.name}`).sort()),
      ).toStrictEqual(['event:after_commit', 'exposure:g']);
      expect(await page.evaluate(() => [window.errors, window.reactErrors])).toStrictEqual([[], []]);
      await page.close();
    });

    it.each(['values', 'ruleset'] as const)(
      'hydrates what renderToReadableStream streamed from a %s bootstrap, through a Suspense boundary, with one exposure per entity',
      async (mode) => {
        // The server is another page: one realm running React's server and client renderers at once is no app.
        const serverPage = await probePage();
        const page = await probePage();
        const ruleset = SPLIT;
        const server = createClient({ ruleset, environment: 'server' });
        // Typed after the page gets them: Playwright's types of an argument holding Json recurse too deep.
        const reads: unknown = [{ gate: 'g' }, { suspend: 50 }, { experiment: 'e' }, { param: 'p', fallback: {} }];
        const variants = new Set<string>();
        for (let i = 0; i < 8; i++) {
          const user = { userID: `u${i}`, deviceID: `d${i}`, country: i % 2 ? 'FR' : 'US' };
          const bootstrap = JSON.parse(JSON.stringify(server.snapshot(user, { mode })));
          const html = await serverPage.evaluate(
            ({ reads, bootstrap, user }) =>
              window.streamedHtml(reads as Read[], { options: { bootstrap, user, environment: 'server' } }),
            { reads, bootstrap, user },
          );
          const due = [
            server.getGateDetails('g', user, { exposure: false }),
            server.getExperimentDetails('e', user, { exposure: false }),
            server.getParamDetails('p', {}, user, { exposure: false }),
          ]
            .filter((details) => details.exposure)
            .map((details) => details.name);
          const observed = await page.evaluate(
            async ({ html, reads, bootstrap, user, due }) => {
              window.reactRoot?.unmount();
              window.events.length = 0;
              window.hydrate(html, reads as Read[], {
                options: window.recordingOptions({ bootstrap, user }),
              });
              // Until hydration committed and its effects logged what is due (bounded: a fixed sleep would fail on
              // a loaded machine; the checks below say what differs if it never does), then a little longer, so a
              // second exposure of one entity would show.
              const logged = () => window.events.filter((event) => event.type === 'exposure').map((e) => e.name);
              for (let waited = 0; waited < 10_000; waited += 10) {
                await window.providerClient?.flush();
                if (due.every((name) => logged().includes(name))) break;
                await new Promise((resolve) => setTimeout(resolve, 10));
              }
              await new Promise((resolve) => setTimeout(resolve, 100));
              await window.providerClient.flush();
              return {
                shown: window.shown(),
                exposed: window.events.filter((event) => event.type === 'exposure').map((event) => event.name),
              };
            },
            { html, reads, bootstrap, user, due },
          );
          const expected = {
            'gate:g': String(server.checkGate('g', user, { exposure: false })),
            'experiment:e': `${server.getExperiment('e', user, { exposure: false }).variant} SPLIT`,
            'param:p': JSON.stringify(server.getParam('p', {}, user, { exposure: false })),
            'suspend:50': 'loaded',
          };
          variants.add(expected['experiment:e']);
          expect(observed.shown).toStrictEqual(expected);
          for (const [id, text] of Object.entries(expected))
            expect(html).toContain(`id="${id}">${text.replace(/"/g, '&quot;')}<`);
          expect(observed.exposed.sort()).toStrictEqual([...due].sort());
        }
        expect(variants.size).toBe(2);
        expect(await page.evaluate(() => window.reactErrors)).toStrictEqual([]);
        expect(await serverPage.evaluate(() => window.reactErrors)).toStrictEqual([]);
        await Promise.all([page.close(), serverPage.close()]);
      },
    );

    it('follows a provider whose client prop changes: reads, exposures and subscriptions move to the new client', async () => {
      const page = await probePage();
      const ruleset = {
        gates: { g: { unit: 'userID', rules: [{ id: 'half', rollout: 50 }] } },
        experiments: {
          e: {
            unit: 'userID',
            variants: [
              { key: 'a', weight: 50 },
              { key: 'b', weight: 50 },
            ],
          },
        },
      };
      const server = createClient({ ruleset, environment: 'server' });
      const shownFor = (user: { userID: string }) => ({
        'gate:g': String(server.checkGate('g', user, { exposure: false })),
        'experiment:e': `${server.getExperiment('e', user, { exposure: false }).variant} SPLIT`,
      });
      await page.evaluate((ruleset) => {
        const first = window.makeClient({ ruleset, user: { userID: 'u1' } });
        window.show([{ gate: 'g' }, { experiment: 'e' }], { client: first });
      }, ruleset);
      await page.waitForFunction(() => document.getElementById('experiment:e') !== null);
      expect(await page.evaluate(() => window.shown())).toStrictEqual(shownFor({ userID: 'u1' }));
      // u2 reads both values the other way.
      expect(shownFor({ userID: 'u2' })).not.toMatchObject({ 'gate:g': shownFor({ userID: 'u1' })['gate:g'] });
      expect(shownFor({ userID: 'u2' })).not.toMatchObject({
        'experiment:e': shownFor({ userID: 'u1' })['experiment:e'],
      });
      const first = await page.evaluateHandle(() => window.client);
      await page.evaluate((ruleset) => {
        const second = window.makeClient({ ruleset, user: { userID: 'u2' } });
        window.show([{ gate: 'g' }, { experiment: 'e' }], { client: second });
      }, ruleset);
      await page.waitForFunction(
        (expected: { [id: string]: string }) => {
          const shown: { [id: string]: string } = window.shown();
          return Object.keys(expected).every((id) => shown[id] === expected[id]);
        },
        shownFor({ userID: 'u2' }),
        { timeout: 10_000 },
      );
      expect(await page.evaluate(() => window.shown())).toStrictEqual(shownFor({ userID: 'u2' }));
      const renders = await page.evaluate(() => ({ ...window.renders }));
      // The first client no longer drives the components: a login and an emptied ruleset on it change nothing.
      await page.evaluate((old) => {
        old.setUser({ userID: 'u9' });
        old.setRuleset({});
      }, first);
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => window.renders)).toStrictEqual(renders);
      expect(await page.evaluate(() => window.shown())).toStrictEqual(shownFor({ userID: 'u2' }));
      // Each client logged its own user's exposures, once each.
      const exposed = await page.evaluate(async (old) => {
        await old.flush();
        await window.client.flush();
        return window.events
          .filter((event) => event.type === 'exposure')
          .map((event) => `${event.name}:${event.units.userID}`);
      }, first);
      expect(exposed.sort()).toStrictEqual(['e:u1', 'e:u2', 'g:u1', 'g:u2']);
      expect(await page.evaluate(() => [window.errors, window.reactErrors])).toStrictEqual([[], []]);
      await page.close();
    });
  });
});
