/**
 * The ruleset the size apps ship: one targeted gate with a rollout and one
 * three-variant experiment with a parameter, the same flags the GrowthBook
 * app defines in its own format.
 */
import type { RulesetInput } from '../../src/lite.js';

/** Bundled with the app and trusted (the lite client) or validated (the full client). */
export const ruleset: RulesetInput = {
  version: 1,
  gates: {
    new_checkout: { rules: [{ id: 'north_america', when: { country: { $in: ['US', 'CA'] } }, rollout: 20 }] },
  },
  experiments: {
    button_color: {
      variants: [
        { key: 'control', weight: 50, params: { color: 'gray' } },
        { key: 'blue', weight: 25, params: { color: 'blue' } },
        { key: 'green', weight: 25, params: { color: 'green' } },
      ],
    },
  },
};
