/**
 * Finds and launches the system Chromium (Debian's `/usr/bin/chromium`, or
 * `SPLITKIT_CHROMIUM`). The tests never download a browser. Without one they
 * are skipped on a developer's machine, but fail in CI, where a missing
 * browser means the setup is broken, not that the tests may be left out.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Flags for a quiet, reproducible headless run (no sandbox: CI runs as root). */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium executable to drive (`SPLITKIT_CHROMIUM` when set, else Debian's), or undefined when it is not there. */
export const chromiumPath: string | undefined = ((path) => (existsSync(path) ? path : undefined))(
  process.env.SPLITKIT_CHROMIUM || '/usr/bin/chromium',
);

/** Whether the browser tests run: always in CI (where a missing Chromium fails them), else only with a Chromium. */
export const browserTestsEnabled = chromiumPath !== undefined || Boolean(process.env.CI);

if (!browserTestsEnabled) {
  console.info(
    `[splitkit] skipping real-browser tests: no Chromium at ${process.env.SPLITKIT_CHROMIUM || '/usr/bin/chromium'} (apt-get install chromium, or set SPLITKIT_CHROMIUM)`,
  );
}

/**
 * Launches headless Chromium; throws a clear error when it is missing (only reached in CI). With
 * `backForwardCache`, without the switch Playwright adds to turn Chromium's back/forward cache off.
 */
export async function launchChromium({ backForwardCache = false } = {}): Promise<Browser> {
  if (chromiumPath === undefined) {
    throw new Error(
      `CI is set but there is no Chromium at ${process.env.SPLITKIT_CHROMIUM || '/usr/bin/chromium'}: install it (apt-get install -y chromium) or set SPLITKIT_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_FLAGS,
    ignoreDefaultArgs: backForwardCache ? ['--disable-back-forward-cache'] : undefined,
  });
}

/**
 * Chromium for the tests of the describe block this is called in: launched before them (before the block's own
 * beforeAll hooks), closed after them. Read `.browser` inside hooks and tests.
 */
export function chromiumForBlock(): { browser: Browser } {
  const held = {} as { browser: Browser };
  beforeAll(async () => {
    held.browser = await launchChromium();
  });
  afterAll(async () => {
    await held.browser?.close();
  });
  return held;
}
