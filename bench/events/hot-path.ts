/**
 * What events cost on the app's hot path, with a transport that does nothing
 * (delivery happens after the timed loop, in `settle`):
 * - `track()` for 200,000 distinct users, one event each;
 * - reads by a small set of returning users (1,000 users, 200 reads each):
 *   after their first read every exposure is a dedupe hit, the steady state of
 *   a busy server. The cost of a newly logged exposure comes from the main
 *   cases (every read by 200,000 distinct users logs one).
 */
import { createClient, type SplitkitClient } from '../../src/index.js';
import { EXPERIMENT, splitkitRuleset } from '../flags.js';
import type { BenchCase } from '../harness.js';
import type { BenchUser } from '../users.js';

/** Distinct returning users and how often each reads. */
export const RETURNING_USERS = 1_000;
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
  const cases: BenchCase[] = [
    { group: 'track', sdk: 'splitkit', mode: 'track(name, { value, user })', operations: users.length, run: () => trackLoop(tracking, users), settle: () => tracking.flush() },
    { group: 'experiment, returning users', sdk: 'splitkit', mode: 'exposures off', operations: repeats.length, run: () => returningOff(silent, repeats) },
    { group: 'experiment, returning users', sdk: 'splitkit', mode: 'exposures on (deduped)', operations: repeats.length, run: () => returningOn(returning, repeats), settle: () => returning.flush() },
  ];
  return { cases, clients: [tracking, returning, silent] };
}

function trackLoop(client: SplitkitClient, users: readonly BenchUser[]): number {
  for (let i = 0; i < users.length; i++) client.track('purchase', { value: i, user: users[i] });
  return users.length;
}

function returningOff(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) if (client.getExperiment(EXPERIMENT, users[i]).variant !== null) sum++;
  return sum;
}

function returningOn(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) if (client.getExperiment(EXPERIMENT, users[i]).variant !== null) sum++;
  return sum;
}
