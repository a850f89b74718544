/**
 * What the page's scripts do with the server-rendered HTML (page.ts), the same for both clients: read what the
 * server rendered, and hydrate it from the client.
 */
import type { RulesetOrigin, SplitkitClient } from 'splitkit';
import type { LeanClient } from 'splitkit/lean';
import { readFlags, type PageFlags } from './flags.js';

/** What the page exposes for inspection (the browser tests read it). */
export interface HydrationReport {
  /** The values in the server-rendered HTML, read before the client touched the page. */
  shown: PageFlags;
  /** The client's first reads, right after `createClient`. */
  first: PageFlags;
  /** Where `ready()` said the ruleset came from, and the reads after it. */
  from: RulesetOrigin;
  after: PageFlags;
}

declare global {
  interface Window {
    splitkitExample?: Promise<HydrationReport>;
    /** The page's client (browser-lean.ts's on `/?client=lean`), for the devtools console and the browser tests. */
    splitkitClient?: SplitkitClient | LeanClient;
  }
}

const field = (name: keyof PageFlags): HTMLElement => document.querySelector<HTMLElement>(`[data-flag="${name}"]`)!;

/** The values in the HTML as the server rendered them (or as `show` last wrote them). */
export function shownFlags(): PageFlags {
  return {
    checkout: field('checkout').textContent === 'true',
    color: field('color').textContent === 'none' ? null : field('color').textContent,
    threshold: Number(field('threshold').textContent),
  };
}

/** Renders `flags` into the page. */
export function show(flags: PageFlags): void {
  field('checkout').textContent = String(flags.checkout);
  field('color').textContent = flags.color ?? 'none';
  field('threshold').textContent = String(flags.threshold);
  document.getElementById('buy')!.className = flags.color ?? 'none';
}

/** Says on the page that the client is ready, and where its ruleset came from. */
export function showReady(from: string): void {
  document.getElementById('client-state')!.textContent = `ready (${from})`;
}

/**
 * Hydrates the page from `client`, made from the page's bootstrap: its first reads (the values the server
 * rendered, with no request), again at each change, and after `ready()`. `shown` is what the HTML held before.
 */
export async function hydrate(client: SplitkitClient | LeanClient, shown: PageFlags): Promise<HydrationReport> {
  window.splitkitClient = client;
  const first = readFlags(client);
  show(first);
  client.subscribe(() => show(readFlags(client)));
  const from = await client.ready();
  const after = readFlags(client);
  show(after);
  showReady(from);
  return { shown, first, from, after };
}
