/**
 * GrowthBook's cases, both ways it evaluates per user on a server:
 * - `GrowthBookClient` (its multi-user server API): one instance, a user
 *   context per call (pre-built, outside the timing);
 * - one `GrowthBook` instance re-targeted with `setAttributes` before each read
 *   (no sticky buckets or remote eval, so the attributes apply synchronously).
 * "Tracking on" gives GrowthBookClient a tracking callback that does nothing:
 * GrowthBook calls it for experiment views (not for rollouts) and batches nothing.
 */
import { GrowthBook, GrowthBookClient, type UserContext } from '@growthbook/growthbook';
import { EXPERIMENT, GATE, growthbookFeatures } from '../flags.js';
import type { BenchCase } from '../harness.js';
import type { BenchUser } from '../users.js';

/** A multi-user client loaded with the benchmark features. */
export function growthbookClient(tracking: boolean): GrowthBookClient {
  const client = new GrowthBookClient(tracking ? { trackingCallback: () => {} } : {});
  return client.initSync({ payload: { features: growthbookFeatures } });
}

/** The per-call user contexts GrowthBookClient takes. */
export function growthbookContexts(users: readonly BenchUser[]): UserContext[] {
  return users.map((user) => ({ attributes: { ...user } }));
}

/** Gate and experiment cases for both APIs. */
export function growthbookCases(users: readonly BenchUser[]): BenchCase[] {
  const n = users.length;
  const contexts = growthbookContexts(users);
  const client = growthbookClient(false);
  const tracked = growthbookClient(true);
  const instance = new GrowthBook({ features: growthbookFeatures });
  const sdk = 'GrowthBook';
  return [
    { group: 'gate', sdk, mode: 'GrowthBookClient', operations: n, run: (a, b) => clientGate(client, contexts, a, b) },
    { group: 'gate', sdk, mode: 'GrowthBook + setAttributes', operations: n, run: (a, b) => instanceGate(instance, users, a, b) },
    { group: 'experiment', sdk, mode: 'GrowthBookClient', operations: n, run: (a, b) => clientExperiment(client, contexts, a, b) },
    { group: 'experiment', sdk, mode: 'GrowthBookClient, tracking on', operations: n, run: (a, b) => trackedExperiment(tracked, contexts, a, b) },
    { group: 'experiment', sdk, mode: 'GrowthBook + setAttributes', operations: n, run: (a, b) => instanceExperiment(instance, users, a, b) },
  ];
}

function clientGate(client: GrowthBookClient, contexts: readonly UserContext[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) if (client.isOn(GATE, contexts[i]!)) sum++;
  return sum;
}

function instanceGate(gb: GrowthBook, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    void gb.setAttributes(users[i]!);
    if (gb.isOn(GATE)) sum++;
  }
  return sum;
}

function clientExperiment(client: GrowthBookClient, contexts: readonly UserContext[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += client.getFeatureValue(EXPERIMENT, '', contexts[i]!).length;
  return sum;
}

function trackedExperiment(client: GrowthBookClient, contexts: readonly UserContext[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += client.getFeatureValue(EXPERIMENT, '', contexts[i]!).length;
  return sum;
}

function instanceExperiment(gb: GrowthBook, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    void gb.setAttributes(users[i]!);
    sum += gb.getFeatureValue(EXPERIMENT, '').length;
  }
  return sum;
}
