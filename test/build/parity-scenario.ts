/**
 * One scenario run against two builds of the package (the source, and a bundle
 * with internal property names shortened) to prove they behave the same: every
 * entity for many users and two times, details, overrides (full client), reports through
 * `onError`, a rejected ruleset, the lite client, and the events the full
 * client sends (ids and times made stable by injected clocks and uuids).
 */
import { fullDocument } from '../ruleset/helpers.js';

/** The part of the package's root and lite entries the scenario uses. */
export interface PackageApi {
  createClient(options: unknown): any;
  parseRuleset(input: unknown): unknown;
}

/** The part of `splitkit/evaluation` the scenario uses. */
export interface EvaluationApi {
  evalCondition(condition: unknown, attributes: unknown): boolean;
  bucket(salt: string, unitId: string): number;
}

export interface LiteApi {
  createClient(options: unknown): any;
}

const USERS = Array.from({ length: 200 }, (_, i) => ({
  userID: i % 13 === 0 ? 'u1' : `user-${i}`,
  deviceID: `device-${i}`,
  companyID: `company-${i % 7}`,
  country: ['US', 'CA', 'DE'][i % 3],
  email: i % 10 === 0 ? `u${i}@acme.com` : `u${i}@example.com`,
}));
/** The shared document plus a running experiment in a layer with a partial allocation. */
function document(): any {
  const ruleset: any = fullDocument();
  ruleset.experiments.layered = {
    allocation: 60,
    variants: [
      { key: 'a', weight: 70 },
      { key: 'b', weight: 30, params: { size: 2 } },
    ],
  };
  ruleset.layers.checkout.experiments.push({ experiment: 'layered', share: 50 });
  return ruleset;
}

const TIMES = [Date.parse('2025-02-01T00:00:00Z'), Date.parse('2025-03-15T00:00:00Z')];

/** Every read of every entity, for every user and time, from a lite or full client. */
function reads(create: (options: unknown) => any, withDetails: boolean): unknown[] {
  const out: unknown[] = [];
  for (const now of TIMES) {
    const reports: string[] = [];
    const client = create({
      ruleset: document(),
      now: () => now,
      onError: (e: { code: string; message: string }) => reports.push(`${e.code} ${e.message}`),
    });
    for (const user of USERS) {
      const experiment = client.getExperiment('button_color', user);
      out.push(
        client.checkGate('new_checkout', user),
        client.checkGate('beta_program', user),
        [experiment.variant, experiment.reason, experiment.inExperiment, experiment.get('color', 'none')],
        [client.getExperiment('checkout_copy', user).variant, client.getExperiment('checkout_copy', user).reason],
        [
          client.getExperiment('layered', user).variant,
          client.getExperiment('layered', user).reason,
          client.getExperiment('layered', user).get('size', 0),
        ],
        client.getParam('shipping_threshold', 0, user),
      );
      if (withDetails) {
        out.push(
          client.getGateDetails('new_checkout', user),
          client.getExperimentDetails('button_color', user),
          client.getParamDetails('shipping_threshold', 0, user),
        );
      }
    }
    out.push(
      client.checkGate('missing'),
      client.getParam('shipping_threshold', 'text', USERS[0]),
      client.getExperiment('button_color', USERS[1]).get('color', 7),
    );
    if (withDetails) {
      // Overrides are the full client's.
      client.override({
        gates: { new_checkout: true },
        experiments: { button_color: 'red' },
        params: { shipping_threshold: 1 },
      });
      out.push(
        client.checkGate('new_checkout'),
        client.getExperiment('button_color').get('color', ''),
        client.getParam('shipping_threshold', 0),
      );
      client.clearOverrides();
    }
    out.push(client.setRuleset({ gates: { g: { rules: 'not a list' } } }), client.checkGate('new_checkout', USERS[2]));
    out.push(reports);
  }
  return out;
}

/** What the full client sends: exposures, a custom event and an identity link, in batches. */
async function events(api: PackageApi): Promise<unknown[]> {
  const batches: unknown[] = [];
  const client = api.createClient({
    ruleset: document(),
    user: USERS[3],
    now: () => TIMES[1],
    // A transport gets the batch itself. Event and batch ids are random and `sentAt` is the host's clock:
    // replaced by their order and a constant, which is what must match.
    transport: async (batch: unknown) => {
      let id = 0;
      batches.push(
        JSON.parse(JSON.stringify(batch), (key, value) =>
          key === 'id' || key === 'batchId' ? `id-${id++}` : key === 'sentAt' ? 'sent' : value,
        ),
      );
      return { status: 200 };
    },
    events: { batchSize: 3 },
  });
  for (const user of USERS.slice(0, 20)) {
    client.checkGate('new_checkout', user);
    client.getExperiment('button_color', user);
    client.getExperiment('layered', user);
  }
  client.track('purchase', { value: 12.5, metadata: { plan: 'pro' } });
  client.identify({ userID: 'user-9', deviceID: 'device-9' });
  await client.flush();
  const report = await client.shutdown({ timeoutMs: 100 });
  return [batches, client.stats(), report];
}

/** The whole scenario's transcript; two builds that behave the same give equal transcripts. */
export async function transcript(api: PackageApi, lite: LiteApi, evaluation: EvaluationApi): Promise<unknown> {
  let parseIssues: unknown;
  try {
    api.parseRuleset({ gates: { g: { rules: [{ id: 'a', rollout: 120, when: { x: { $bogus: 1 } } }] } } });
  } catch (error) {
    parseIssues = (error as { issues: unknown }).issues;
  }
  return {
    full: reads((options) => api.createClient(options), true),
    lite: reads((options) => lite.createClient(options), false),
    events: await events(api),
    parseIssues,
    condition: evaluation.evalCondition({ tags: { $elemMatch: { $vgt: '1.2.0' } } }, { tags: ['1.10.0'] }),
    bucket: evaluation.bucket('salt', 'ünït-☃'),
  };
}
