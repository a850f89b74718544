/**
 * Size app (a): `splitkit/lite` evaluating a gate and an experiment from a
 * ruleset the app trusts (bundled with it). No validation, events or identity.
 */
import { createClient } from '../../src/lite.js';
import { ruleset } from './ruleset.js';

const client = createClient({ ruleset, user: { userID: 'user-42', country: 'US' } });
const checkout = client.checkGate('new_checkout');
const color = client.getExperiment('button_color').get('color', 'gray');
document.body.dataset.checkout = String(checkout);
document.body.style.setProperty('--button-color', color);
