/**
 * The page's script (bundled by the server at startup): a client that starts
 * from the server's bootstrap, so its first reads are the values the server
 * rendered, with no request; it then fetches the ruleset from `splitkit serve`
 * (or uses its localStorage cache) and posts exposures and events there.
 */
import { createClient, type RulesetOrigin, type SplitkitClient } from 'splitkit';
import { readFlags, type PageFlags } from './flags.js';
import type { PageConfig } from './page.js';

/** What the page exposes for inspection (the browser test reads it). */
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
    /** The page's client, for the devtools console (and the example's browser test). */
    splitkitClient?: SplitkitClient;
  }
}

const field = (name: keyof PageFlags): HTMLElement => document.querySelector<HTMLElement>(`[data-flag="${name}"]`)!;

function shownFlags(): PageFlags {
  return {
    checkout: field('checkout').textContent === 'true',
    color: field('color').textContent === 'none' ? null : field('color').textContent,
    threshold: Number(field('threshold').textContent),
  };
}

function show(flags: PageFlags): void {
  field('checkout').textContent = String(flags.checkout);
  field('color').textContent = flags.color ?? 'none';
  field('threshold').textContent = String(flags.threshold);
  document.getElementById('buy')!.className = flags.color ?? 'none';
}

async function start(): Promise<HydrationReport> {
  const config = JSON.parse(document.getElementById('splitkit-config')!.textContent!) as PageConfig;
  const shown = shownFlags();
  const client = createClient({
    bootstrap: config.bootstrap,
    user: config.user,
    source: { url: config.rulesetUrl },
    collector: { url: config.eventsUrl },
  });
  window.splitkitClient = client;
  const first = readFlags(client);
  show(first);
  client.subscribe(() => show(readFlags(client)));
  document.getElementById('buy')!.addEventListener('click', () => client.track('purchase', { value: 1 }));
  const from = await client.ready();
  const after = readFlags(client);
  show(after);
  document.getElementById('client-state')!.textContent = `ready (${from})`;
  return { shown, first, from, after };
}

window.splitkitExample = start();
