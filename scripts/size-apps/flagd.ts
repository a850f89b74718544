/**
 * Size app (d): flagd-core in the browser with the same gate and experiment
 * (json-logic targeting with `in` and `fractional`), for reference.
 */
import { FlagdCore } from '@openfeature/flagd-core';

const core = new FlagdCore();
core.setConfigurations(
  JSON.stringify({
    flags: {
      new_checkout: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: {
          if: [
            { in: [{ var: 'country' }, ['US', 'CA']] },
            {
              fractional: [
                ['on', 20],
                ['off', 80],
              ],
            },
            'off',
          ],
        },
      },
      button_color: {
        state: 'ENABLED',
        variants: { gray: 'gray', blue: 'blue', green: 'green' },
        defaultVariant: 'gray',
        targeting: {
          fractional: [
            ['gray', 50],
            ['blue', 25],
            ['green', 25],
          ],
        },
      },
    },
  }),
);
const context = { targetingKey: 'user-42', country: 'US' };
const checkout = core.resolveBooleanEvaluation('new_checkout', false, context).value;
const color = core.resolveStringEvaluation('button_color', 'gray', context).value;
document.body.dataset.checkout = String(checkout);
document.body.style.setProperty('--button-color', color);
