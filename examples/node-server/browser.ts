/**
 * The page's script (bundled by the server at startup): a client that starts
 * from the server's bootstrap, so its first reads are the values the server
 * rendered, with no request; it then fetches the ruleset from `splitkit serve`
 * (or uses its localStorage cache) and posts exposures and events there.
 */
import { createClient } from 'splitkit';
import { hydrate, shownFlags, type HydrationReport } from './dom.js';
import type { PageConfig } from './page.js';

async function start(): Promise<HydrationReport> {
  const config = JSON.parse(document.getElementById('splitkit-config')!.textContent!) as PageConfig;
  const shown = shownFlags();
  const client = createClient({
    bootstrap: config.bootstrap,
    user: config.user,
    source: { url: config.rulesetUrl },
    collector: { url: config.eventsUrl },
  });
  document.getElementById('buy')!.addEventListener('click', () => client.track('purchase', { value: 1 }));
  return hydrate(client, shown);
}

window.splitkitExample = start();
