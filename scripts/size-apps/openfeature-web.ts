/**
 * Size app: the full browser client (b) behind OpenFeature's web SDK. Measures
 * what `splitkit/openfeature` adds to (b); OpenFeature's own SDK is the app's
 * and left out of the bundle (external), as it is the same for every provider.
 */
import { createClient } from '../../src/browser.js';
import { SplitkitWebProvider } from '../../src/openfeature/index.js';
import { ruleset } from './ruleset.js';
import { COLLECTOR, PAGE_USER, usePage } from './page.js';

const client = createClient({ ruleset, user: PAGE_USER, collector: COLLECTOR });
usePage(client);
(globalThis as { provider?: unknown }).provider = new SplitkitWebProvider(client);
