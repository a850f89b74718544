/**
 * A sticky experiment's kept variant through the OpenFeature server provider: the variant the store kept, with
 * OpenFeature's reason SPLIT (no new reason to map) and splitkit's `ruleId` "sticky" in the flag metadata.
 */
import { afterEach, expect, it } from 'vitest';
import { OpenFeature } from '@openfeature/server-sdk';
import {
  createAssignmentStore,
  createClient,
  createMemoryStorage,
  stickyAssignments,
  type RulesetInput,
} from '../../src/index.js';
import { SplitkitServerProvider } from '../../src/openfeature/index.js';

afterEach(async () => {
  await OpenFeature.clearProviders();
});

const weighted = (control: number): RulesetInput => ({
  experiments: {
    test: {
      sticky: true,
      variants: [
        { key: 'control', weight: control },
        { key: 'treatment', weight: 100 - control },
      ],
    },
  },
});

it('resolves the kept variant as SPLIT, with rule "sticky" in the metadata', async () => {
  const store = createAssignmentStore(createMemoryStorage());
  const client = createClient({ ruleset: weighted(0), environment: 'server', assignments: stickyAssignments(store) });
  await OpenFeature.setProviderAndWait(new SplitkitServerProvider(client));
  const of = OpenFeature.getClient();
  expect((await of.getStringDetails('test', 'none', { targetingKey: 'u1', userID: 'u1' })).value).toBe('treatment');
  client.setRuleset(weighted(100));
  const kept = await of.getStringDetails('test', 'none', { targetingKey: 'u1', userID: 'u1' });
  expect(kept).toMatchObject({ value: 'treatment', variant: 'treatment', reason: 'SPLIT' });
  expect(kept.flagMetadata).toMatchObject({ reason: 'SPLIT', ruleId: 'sticky' });
  // A unit first seen now gets the new weights.
  expect((await of.getStringDetails('test', 'none', { targetingKey: 'u2', userID: 'u2' })).value).toBe('control');
});
