import { createClient, type EventBatch, type RulesetInput, type SplitkitError } from '../../src/index.js';

/** Every entity kind and every value type OpenFeature resolves. */
export const providerRuleset: RulesetInput = {
  gates: {
    new_checkout: {
      unit: 'userID',
      rules: [
        { id: 'staff', when: { email: { $regex: '@acme\\.com$' } }, rollout: 100 },
        { id: 'north_america', when: { country: { $in: ['US', 'CA'] } }, rollout: 20 },
      ],
    },
    kill_switch: { unit: 'userID', enabled: false, rules: [{ id: 'all', rollout: 100 }] },
  },
  experiments: {
    button_color: {
      unit: 'userID',
      allocation: 60,
      variants: [
        { key: 'red', weight: 80, params: { color: '#d22' } },
        { key: 'blue', weight: 20, params: { color: '#22d' } },
      ],
    },
  },
  params: {
    free_shipping_threshold: { default: 50, rules: [{ id: 'canada', when: { country: 'CA' }, value: 75 }] },
    banner_text: { default: 'hello', rules: [{ id: 'fr', when: { country: 'FR' }, value: 'bonjour' }] },
    dark_mode: { default: false, rules: [{ id: 'beta', when: { plan: 'beta' }, value: true }] },
    layout: { default: { columns: 2 }, rules: [{ id: 'wide', when: { country: 'US' }, value: { columns: 3 } }] },
  },
};

/** A server client whose events and reports the test reads. */
export function recordingClient(ruleset: unknown = providerRuleset, environment: 'server' | 'browser' = 'server') {
  const batches: EventBatch[] = [];
  const errors: SplitkitError[] = [];
  const client = createClient({
    ruleset,
    environment,
    transport: async (batch) => {
      batches.push(structuredClone(batch));
      return { status: 200 };
    },
    onError: (error) => errors.push(error),
    ...(environment === 'browser' ? { identityStores: [], events: { persist: false } } : {}),
  });
  const events = async () => {
    await client.flush();
    return batches.flatMap((batch) => batch.events);
  };
  return { client, errors, events };
}

const COUNTRIES = ['US', 'CA', 'FR', 'DE', 'IN'];

/** The i-th of a deterministic population of users. */
export function userAt(i: number) {
  return {
    userID: `u${i}`,
    country: COUNTRIES[i % COUNTRIES.length]!,
    ...(i % 7 === 0 ? { email: `u${i}@acme.com` } : {}),
    ...(i % 3 === 0 ? { plan: 'beta' } : {}),
  };
}
