/**
 * The page's script (bundled by the server at startup): a client that starts
 * from the server's bootstrap, so its first reads are the values the server
 * rendered, with no request; it then fetches the ruleset from `splitkit serve`
 * (or uses its localStorage cache) and posts exposures and events there.
 */
import { createClient, type RulesetOrigin, type SplitkitClient } from 'splitkit';
import type { LeanClient } from 'splitkit/lean';
import { show, showReady, shownFlags } from './dom.js';
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
    /** The page's client (browser-lean.ts's on `/?client=lean`), for the devtools console and the browser tests. */
    splitkitClient?: SplitkitClient | LeanClient;
  }
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
  showReady(from);
  return { shown, first, from, after };
}

window.splitkitExample = start();
