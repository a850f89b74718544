/**
 * A ruleset with one of each thing the readers evaluate: segments, a
 * prerequisite gate, a disabled gate, experiments with an allocation, with
 * targeting, in a layer and in a holdout, and parameters with rules, a
 * rollout and object values. The parity and bootstrap tests read it for many
 * visitors, so every reason (SPLIT, HOLDOUT, NOT_ALLOCATED, ...) comes up.
 */
import type { RulesetInput, User } from '../../src/index.js';

const twoColors = [
  { key: 'red', weight: 50, params: { color: '#d22' } },
  { key: 'blue', weight: 50, params: { color: '#22d' } },
];

export const shopRuleset: RulesetInput = {
  updatedAt: '2026-03-01T00:00:00Z',
  segments: {
    staff: { when: { email: { $regex: '@acme\\.com$' } } },
    testers: { ids: ['u3', 'u7', 'u11'] },
  },
  gates: {
    new_checkout: {
      rules: [
        { id: 'staff', segments: ['staff'] },
        { id: 'testers', segments: ['testers'] },
        { id: 'na', when: { country: { $in: ['US', 'CA'] } }, rollout: 30 },
      ],
    },
    dark_mode: { unit: 'deviceID', rules: [{ id: 'half', rollout: 50 }] },
    express_pay: { rules: [{ id: 'after_checkout', requires: [{ gate: 'new_checkout', pass: true }], rollout: 60 }] },
    retired: { enabled: false, rules: [{ id: 'all' }] },
  },
  experiments: {
    button_color: { unit: 'deviceID', allocation: 80, variants: twoColors },
    checkout_copy: {
      variants: [
        { key: 'short', weight: 50, params: { copy: 'Pay' } },
        { key: 'long', weight: 50, params: { copy: 'Pay securely now' } },
      ],
    },
    shipping_banner: {
      variants: [
        { key: 'off', weight: 34, params: { banner: false } },
        { key: 'free', weight: 33, params: { banner: 'Free shipping' } },
        { key: 'fast', weight: 33, params: { banner: 'Next-day delivery' } },
      ],
    },
    price_test: {
      when: { country: 'DE' },
      variants: [
        { key: 'low', weight: 50, params: { amount: 9 } },
        { key: 'high', weight: 50, params: { amount: 19 } },
      ],
    },
  },
  layers: {
    checkout: {
      experiments: [
        { experiment: 'checkout_copy', share: 40 },
        { experiment: 'shipping_banner', share: 40 },
      ],
    },
  },
  holdouts: { global: { percent: 10, experiments: ['button_color'], gates: ['dark_mode'], params: ['limit'] } },
  params: {
    limit: {
      default: 10,
      rules: [
        { id: 'big', when: { country: 'DE' }, value: 50 },
        { id: 'some', rollout: 25, value: 20 },
      ],
    },
    theme: { default: { accent: 'blue' }, rules: [{ id: 'staff', segments: ['staff'], value: { accent: 'red' } }] },
  },
};

const COUNTRIES = ['US', 'CA', 'DE', 'FR'];

/** `count` visitors: a third logged out (device id only), some staff, four countries. */
export function visitors(count: number): { [attribute: string]: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    ...(i % 3 === 0 ? {} : { userID: `u${i}` }),
    deviceID: `d${i}`,
    country: COUNTRIES[i % 4]!,
    email: i % 13 === 0 ? `p${i}@acme.com` : `p${i}@mail.test`,
  }));
}

/** Something that reads flags, as the three clients (and a client bound to a user) do. */
export interface FlagReader {
  checkGate(name: string): boolean;
  getExperiment(name: string): {
    variant: string | null;
    params: object;
    get(name: string, fallback: unknown): unknown;
  };
  getParam(name: string, fallback: unknown): unknown;
}

/** Every value a page could read from `shopRuleset`, for comparison between clients. */
export function everyRead(reader: FlagReader) {
  const experiment = (name: string) => {
    const result = reader.getExperiment(name);
    return { variant: result.variant, params: { ...result.params } };
  };
  return {
    gates: Object.fromEntries(Object.keys(shopRuleset.gates!).map((name) => [name, reader.checkGate(name)])),
    experiments: Object.fromEntries(Object.keys(shopRuleset.experiments!).map((name) => [name, experiment(name)])),
    // Through `get` as well: the variant's parameter, served from a values bootstrap on first paint.
    color: reader.getExperiment('button_color').get('color', 'fallback'),
    limit: reader.getParam('limit', 0),
    theme: reader.getParam('theme', {}),
  };
}

/** `client`'s reads for `user`, passed explicitly (server style). */
export function readsFor(
  client: {
    checkGate(name: string, user: User): boolean;
    getExperiment(name: string, user: User): ReturnType<FlagReader['getExperiment']>;
    getParam(name: string, fallback: never, user: User): unknown;
  },
  user: User,
): FlagReader {
  return {
    checkGate: (name) => client.checkGate(name, user),
    getExperiment: (name) => client.getExperiment(name, user),
    getParam: (name, fallback) => client.getParam(name, fallback as never, user),
  };
}
