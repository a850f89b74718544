/**
 * Size app (b+): app (b) with ruleset validation opted in on the browser
 * (`validate: parseRuleset`, zod/mini and the semantic checks).
 */
import { createClient, parseRuleset } from '../../src/browser.js';
import { ruleset } from './ruleset.js';

const client = createClient({
  ruleset,
  validate: parseRuleset,
  user: { userID: 'user-42', country: 'US' },
  collector: { url: 'https://collector.example.com/events' },
});
const checkout = client.checkGate('new_checkout');
const color = client.getExperiment('button_color').get('color', 'gray');
document.body.dataset.checkout = String(checkout);
document.body.style.setProperty('--button-color', color);
document.addEventListener('click', () => client.track('click', { value: 1 }));
