/**
 * Size app (c): the full browser client of app (b) fetching its ruleset from a
 * URL (ETag, polling, the stream, the localStorage cache, signature checks),
 * starting from a server-rendered bootstrap, as issue 11's apps do.
 */
import { createClient } from '../../src/browser.js';
import { COLLECTOR, PAGE_USER, usePage } from './page.js';

const client = createClient({
  source: { url: '/ruleset.json', stream: true, publicKeys: ['MCowBQYDK2VwAyEA'] },
  bootstrap: (globalThis as { __SPLITKIT__?: Parameters<typeof createClient>[0]['bootstrap'] }).__SPLITKIT__,
  user: PAGE_USER,
  collector: COLLECTOR,
});
client.subscribe(() => usePage(client));
void client.ready().then(() => usePage(client));
