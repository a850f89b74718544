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

const client = createClient({
  ruleset,
  user: { userID: 'user-42', country: 'US' },
  collector: { url: 'https://collector.example.com/events' },
});
const checkout = client.checkGate('new_checkout');
const color = client.getExperiment('button_color').get('color', 'gray');
document.body.dataset.checkout = String(checkout);
document.body.style.setProperty('--button-color', color);
document.addEventListener('click', () => client.track('click', { value: 1 }));
