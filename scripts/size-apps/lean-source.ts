/**
 * Size app (f): `splitkit/lean` fetching its ruleset from a URL (ETag, polling, the stream, the localStorage
 * cache, signature checks), starting from a server-rendered bootstrap, with exposures and the page's click sent
 * by the app's own analytics: what GrowthBook's bundle does (app (d)), for comparison with it.
 */
import { createClient, type LeanClient } from '../../src/lean.js';
import { PAGE_USER } from './page.js';

const analytics = (globalThis as { analytics?: { track(name: string, data?: unknown): void } }).analytics;
const client = createClient({
  source: { url: '/ruleset.json', stream: true, publicKeys: ['MCowBQYDK2VwAyEA'] },
  bootstrap: (globalThis as { __SPLITKIT__?: Parameters<typeof createClient>[0]['bootstrap'] }).__SPLITKIT__,
  user: PAGE_USER,
  onExposure: (exposure) => analytics?.track('exposure', exposure),
});

function usePage(client: LeanClient): void {
  const checkout = client.checkGate('new_checkout');
  const color = client.getExperiment('button_color').get('color', 'gray');
  document.body.dataset.checkout = String(checkout);
  document.body.style.setProperty('--button-color', color);
}
client.subscribe(() => usePage(client));
void client.ready().then(() => usePage(client));
document.addEventListener('click', () => analytics?.track('click', { value: 1 }));
