/**
 * The two logical flags every SDK evaluates, written once per SDK:
 * - gate `new_checkout`: on for `country in [US, CA]`, rolled out to 20% of them;
 * - experiment `button_color`: three variants split 50/25/25 over everyone.
 * Each SDK also gets `new_checkout_targeting`, the same gate at 100%, which the
 * sanity check uses to compare the targeting alone.
 */
import type { RulesetInput } from '../src/lite.js';
import type { FeatureDefinition } from '@growthbook/growthbook';
import { TARGET_COUNTRIES } from './users.js';

/** Gate under test. */
export const GATE = 'new_checkout';
/** The same targeting without the rollout. */
export const TARGETING_GATE = 'new_checkout_targeting';
/** Experiment under test. */
export const EXPERIMENT = 'button_color';
/** Rollout share of the gate among targeted users. */
export const ROLLOUT = 0.2;
/** Variants and their shares. */
export const VARIANTS: readonly (readonly [string, number])[] = [
  ['control', 0.5],
  ['blue', 0.25],
  ['green', 0.25],
];

const countries = [...TARGET_COUNTRIES];

/** splitkit's ruleset (JSON, validated by the full client, trusted by the lite one). */
export const splitkitRuleset: RulesetInput = {
  gates: {
    [GATE]: { rules: [{ id: 'north_america', when: { country: { $in: countries } }, rollout: ROLLOUT * 100 }] },
    [TARGETING_GATE]: { rules: [{ id: 'north_america', when: { country: { $in: countries } } }] },
  },
  experiments: {
    [EXPERIMENT]: { variants: VARIANTS.map(([key, share]) => ({ key, weight: share * 100 })) },
  },
};

/** GrowthBook features: a force rule with coverage is its percentage rollout; an experiment rule splits. */
export const growthbookFeatures: Record<string, FeatureDefinition> = {
  [GATE]: {
    defaultValue: false,
    rules: [
      {
        id: 'north_america',
        condition: { country: { $in: countries } },
        force: true,
        coverage: ROLLOUT,
        hashAttribute: 'userID',
        hashVersion: 2,
      },
    ],
  },
  [TARGETING_GATE]: {
    defaultValue: false,
    rules: [{ id: 'north_america', condition: { country: { $in: countries } }, force: true }],
  },
  [EXPERIMENT]: {
    defaultValue: 'control',
    rules: [
      {
        key: EXPERIMENT,
        variations: VARIANTS.map(([key]) => key),
        weights: VARIANTS.map(([, share]) => share),
        coverage: 1,
        hashAttribute: 'userID',
        hashVersion: 2,
      },
    ],
  },
};

function flagdGate(percent: number) {
  return {
    state: 'ENABLED',
    variants: { on: true, off: false },
    defaultVariant: 'off',
    targeting: {
      if: [
        { in: [{ var: 'country' }, countries] },
        percent >= 100
          ? 'on'
          : {
              fractional: [
                ['on', percent],
                ['off', 100 - percent],
              ],
            },
        'off',
      ],
    },
  };
}

/** flagd's flag configuration (the JSON `setConfigurations` takes). */
export const flagdConfig: string = JSON.stringify({
  flags: {
    [GATE]: flagdGate(ROLLOUT * 100),
    [TARGETING_GATE]: flagdGate(100),
    [EXPERIMENT]: {
      state: 'ENABLED',
      variants: Object.fromEntries(VARIANTS.map(([key]) => [key, key])),
      defaultVariant: 'control',
      targeting: { fractional: VARIANTS.map(([key, share]) => [key, share * 100]) },
    },
  },
});
