/**
 * GrowthBook's cases, both ways it evaluates per user on a server:
 * - `GrowthBookClient` (its multi-user server API): one instance, a user
 *   context per call (pre-built, outside the timing);
 * - one `GrowthBook` instance re-targeted with `setAttributes` before each read
 *   (no sticky buckets or remote eval, so the attributes apply synchronously).
 * The second is timed for the gate only: for experiments it also records every
 * assignment on the instance and was several times slower in development runs.
 * No tracking callback: GrowthBook leaves exposure delivery to the app.
 */
import { GrowthBook, GrowthBookClient, type UserContext } from '@growthbook/growthbook';
import { EXPERIMENT, GATE, growthbookFeatures } from '../flags.js';
import type { BenchCase } from '../harness.js';
import type { BenchUser } from '../users.js';

/** A multi-user client loaded with the benchmark features. */
export function growthbookClient(): GrowthBookClient {
  return new GrowthBookClient().initSync({ payload: { features: growthbookFeatures } });
}

/** The per-call user contexts GrowthBookClient takes. */
export function growthbookContexts(users: readonly BenchUser[]): UserContext[] {
  return users.map((user) => ({ attributes: { ...user } }));
}

/** Gate and experiment cases. */
export function growthbookCases(users: readonly BenchUser[]): BenchCase[] {
  const n = users.length;
  const contexts = growthbookContexts(users);
  const client = growthbookClient();
  const instance = new GrowthBook({ features: growthbookFeatures });
  const sdk = 'GrowthBook';
  return [
    { group: 'gate', sdk, mode: 'GrowthBookClient', operations: n, run: (a, b) => clientGate(client, contexts, a, b) },
    {
      group: 'gate',
      sdk,
      mode: 'GrowthBook + setAttributes',
      operations: n,
      run: (a, b) => instanceGate(instance, users, a, b),
    },
    {
      group: 'experiment',
      sdk,
      mode: 'GrowthBookClient',
      operations: n,
      run: (a, b) => clientExperiment(client, contexts, a, b),
    },
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

function clientExperiment(
  client: GrowthBookClient,
  contexts: readonly UserContext[],
  from: number,
  to: number,
): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += client.getFeatureValue(EXPERIMENT, '', contexts[i]!).length;
  return sum;
}
