/**
 * Size app (c): GrowthBook's browser SDK doing what the lite app does: the
 * same gate (a forced rule with 20% coverage) and experiment, from features
 * bundled with the app.
 */
import { GrowthBook } from '@growthbook/growthbook';

const gb = new GrowthBook({
  attributes: { id: 'user-42', country: 'US' },
  features: {
    new_checkout: {
      defaultValue: false,
      rules: [{ condition: { country: { $in: ['US', 'CA'] } }, force: true, coverage: 0.2 }],
    },
    button_color: {
      defaultValue: 'gray',
      rules: [{ key: 'button_color', variations: ['gray', 'blue', 'green'], weights: [0.5, 0.25, 0.25] }],
    },
  },
});
const checkout = gb.isOn('new_checkout');
const color = gb.getFeatureValue('button_color', 'gray');
document.body.dataset.checkout = String(checkout);
document.body.style.setProperty('--button-color', color);
