/**
 * Per-file setup of the browser tests: bundle the SDK, start the loopback
 * site, launch one Chromium; a fresh browser context (a new visitor: empty
 * cookies and storage) for each test, closed after it.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { bundleSdk } from './bundle.js';
import { launchChromium } from './chromium.js';
import type { TestCollector } from './collector.js';
import { startSite, type TestSite } from './site.js';

/** What a test file gets from {@link useBrowserHarness}. */
export interface BrowserHarness {
  readonly site: TestSite;
  readonly collector: TestCollector;
  /** A new context, closed after the test. */
  newContext(): Promise<BrowserContext>;
}

/** Registers the hooks; call it inside the file's `describe`. `backForwardCache`: see {@link launchChromium}. */
export function useBrowserHarness(options: { backForwardCache?: boolean } = {}): BrowserHarness {
  let browser: Browser | undefined;
  let site: TestSite | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [bundle, launched] = await Promise.all([bundleSdk(), launchChromium(options)]);
    browser = launched;
    site = await startSite(bundle);
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    site?.collector.reset();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const started = (): { browser: Browser; site: TestSite } => {
    if (!browser || !site) throw new Error('the browser harness is not started (beforeAll failed?)');
    return { browser, site };
  };

  return {
    get site() {
      return started().site;
    },
    get collector() {
      return started().site.collector;
    },
    async newContext() {
      const context = await started().browser.newContext();
      contexts.push(context);
      return context;
    },
  };
}
