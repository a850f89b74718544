/**
 * Size app (b): the full browser client a real app ships: ruleset validation,
 * the device identity (cookie and localStorage), exposure logging and `track`
 * through the event pipeline to a collector URL, page-unload delivery.
 */
import { createClient } from '../../src/index.js';
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
