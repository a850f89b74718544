/**
 * Typed helpers that drive the test page. Page code is passed as strings:
 * functions compiled by the test's TypeScript transform may reference
 * helpers that do not exist in the page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_PERSISTENCE_KEY } from '../../../src/events/persistence.js';

const LOAD_TIMEOUT_MS = 10_000;

/** The experiment the page reads, from the test ruleset. */
export const EXPERIMENT = 'button_color';

async function evaluate<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

/** Opens `url` in a new page of `context` and waits until the page has created its client. */
export async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await load(page, () => page.goto(url));
  return page;
}

/** Reloads the page and waits until it has created its client again. */
export async function reloadPage(page: Page): Promise<void> {
  await load(page, () => page.reload());
}

// A broken bundle (or an SDK that throws at creation) would otherwise show up as a bare timeout.
async function load(page: Page, navigate: () => Promise<unknown>): Promise<void> {
  const problems: string[] = [];
  const onError = (error: Error): void => void problems.push(error.message);
  page.on('pageerror', onError);
  try {
    await navigate();
    await page.waitForFunction('window.client !== undefined', undefined, { timeout: LOAD_TIMEOUT_MS });
  } catch (error) {
    throw new Error(`the test page did not create its client: ${problems.join('; ') || String(error)}`);
  } finally {
    page.off('pageerror', onError);
  }
}

/** The bound user's device id. */
export function deviceId(page: Page): Promise<string> {
  return evaluate(page, 'client.getUser().deviceID');
}

/** The variant of {@link EXPERIMENT} served to the bound user. */
export function variant(page: Page): Promise<string | null> {
  return evaluate(page, `client.getExperiment(${JSON.stringify(EXPERIMENT)}).variant`);
}

/** Logs two exposures (a gate and the experiment) and `tracks` custom `purchase` events. */
export async function exercise(page: Page, tracks: number): Promise<void> {
  await page.evaluate(`harness.exercise(${tracks})`);
}

/**
 * Ids of the unsent events the SDK keeps in localStorage (works on any page of the origin), under the keys of
 * the page's one collector (the default key followed by the collector's url, and `#` and a tab's own id), every
 * tab's in key order.
 */
export function storedEventIds(page: Page): Promise<string[]> {
  return evaluate(
    page,
    `(() => {
    const keys = Object.keys(localStorage).filter((key) => key.startsWith(${JSON.stringify(`${DEFAULT_PERSISTENCE_KEY} `)})).sort();
    const queues = new Set(keys.map((key) => key.split('#')[0]));
    if (queues.size > 1) throw new Error('events stored for more than one collector: ' + keys.join(', '));
    return keys.flatMap((key) => JSON.parse(localStorage.getItem(key)).events.map((event) => event.id));
  })()`,
  );
}

/** A localStorage value of the page's origin. */
export function localStorageItem(page: Page, key: string): Promise<string | null> {
  return evaluate(page, `localStorage.getItem(${JSON.stringify(key)})`);
}

/** What the client reported through `onError`, as `code: message`. */
export function reportedErrors(page: Page): Promise<string[]> {
  return evaluate(page, 'harness.errors.slice()');
}

/** The client's pipeline counters. */
export function pipelineStats(
  page: Page,
): Promise<{ queued: number; inFlight: number; sent: number; dropped: number; retried: number }> {
  return evaluate(page, 'client.stats()');
}
