/**
 * `<SplitkitProvider options>` under React 19's `<Activity>`: hiding the subtree runs the effects' cleanups
 * (as an unmount does) but keeps its state, so the provider must not leave its state holding a client it shut
 * down when the subtree is shown again.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';

const ENTRY = fileURLToPath(new URL('../react/fixtures/activity-entry.ts', import.meta.url));

describe.skipIf(!browserTestsEnabled)('splitkit/react under <Activity> (React 19)', () => {
  let browser: Browser;
  let script: string;

  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [ENTRY],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"development"' },
    });
    script = bundled.outputFiles[0]!.text;
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
    // Hidden for longer than the tick after which an unmounted provider shuts its client down.
    await page.evaluate(() => window.setMode('hidden'));
    await page.waitForTimeout(200);
    await page.evaluate(() => window.setMode('visible'));
    await page.waitForFunction(() => document.getElementById('gate')?.textContent === 'true');
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
    await page.close();
  });
});
