/**
 * Size app (b): the full browser client a real app ships, as a bundler resolves
 * `splitkit` for the browser (the `browser` export condition → src/browser.ts):
 * the device identity (cookie and localStorage), exposure logging and `track`
 * through the event pipeline to a collector URL, page-unload delivery. The
 * ruleset comes from the app's own validated source, so it is trusted; app
 * (b+) opts into validation in the browser as well.
 */
import { createClient } from '../../src/browser.js';
import { ruleset } from './ruleset.js';
import { COLLECTOR, PAGE_USER, usePage } from './page.js';

usePage(createClient({ ruleset, user: PAGE_USER, collector: COLLECTOR }));
