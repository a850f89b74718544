/**
 * What events cost on the app's hot path, with a transport that does nothing
 * (delivery is timed separately, in `settle`):
 * - `track()` for 200,000 distinct users, one event each, in one burst and in
 *   steady slices of 100 (see subjects/splitkit.ts);
 * - reads by a small set of returning users (1,000 users, 200 reads each):
 *   after their first read every exposure is a dedupe hit, the steady state of
 *   a busy server. The cost of a newly logged exposure comes from the main
 *   cases (every read by 200,000 distinct users logs one).
 */
import { createClient, type SplitkitClient } from '../../src/index.js';
import { EXPERIMENT, splitkitRuleset } from '../flags.js';
import type { BenchCase } from '../harness.js';
import { STEADY_SLICE } from '../subjects/splitkit.js';
import type { BenchUser } from '../users.js';

/** Distinct returning users. */
export const RETURNING_USERS = 1_000;
/** Reads per returning user. */
export const READS_PER_USER = 200;

/** A server client whose transport accepts every batch and does nothing. */
export function loggingClient(queueBound: number): SplitkitClient {
  return createClient({
    ruleset: splitkitRuleset,
    environment: 'server',
    transport: async () => ({ status: 200 }),
    events: { maxQueuedEvents: queueBound },
  });
}

/** The event cases and the clients they use (for stats and shutdown). */
export function eventCases(users: readonly BenchUser[]): { cases: BenchCase[]; clients: SplitkitClient[] } {
  const tracking = loggingClient(users.length + 10_000);
  const returning = loggingClient(users.length + 10_000);
  const silent = createClient({ ruleset: splitkitRuleset, environment: 'server' });
  const repeats: BenchUser[] = [];
  for (let r = 0; r < READS_PER_USER; r++) for (let u = 0; u < RETURNING_USERS; u++) repeats.push(users[u]!);
  const settleTracking = () => tracking.flush();
  const cases: BenchCase[] = [
    {
      group: 'track',
      sdk: 'splitkit',
      mode: 'burst',
      operations: users.length,
      run: (a, b) => trackLoop(tracking, users, a, b),
      settle: settleTracking,
    },
    {
      group: 'track',
      sdk: 'splitkit',
      mode: 'steady',
      operations: users.length,
      run: (a, b) => trackLoop(tracking, users, a, b),
      slice: STEADY_SLICE,
      settle: settleTracking,
    },
    {
      group: 'experiment, returning users',
      sdk: 'splitkit',
      mode: 'exposures off',
      operations: repeats.length,
      run: (a, b) => returningOff(silent, repeats, a, b),
    },
    {
      group: 'experiment, returning users',
      sdk: 'splitkit',
      mode: 'exposures on (deduped)',
      operations: repeats.length,
      run: (a, b) => returningOn(returning, repeats, a, b),
      settle: () => returning.flush(),
    },
  ];
  return { cases, clients: [tracking, returning, silent] };
}

function trackLoop(client: SplitkitClient, users: readonly BenchUser[], from: number, to: number): number {
  for (let i = from; i < to; i++) client.track('purchase', { value: i, user: users[i] });
  return to - from;
}

function returningOff(client: SplitkitClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) if (client.getExperiment(EXPERIMENT, users[i]).variant !== null) sum++;
  return sum;
}

function returningOn(client: SplitkitClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) if (client.getExperiment(EXPERIMENT, users[i]).variant !== null) sum++;
  return sum;
}
