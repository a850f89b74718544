/**
 * splitkit's cases: the full server client with exposure logging off (no
 * transport) and on (a transport that does nothing), and the lite client.
 * Each client's loop is its own function so V8 keeps separate type feedback
 * per case.
 *
 * Logging is measured two ways. "Burst": the whole pass in one synchronous
 * loop, so its 100,000–200,000 exposures all wait in the queue until the pass
 * ends (the worst case: every event survives to old space). "Steady": slices
 * of 100 reads with the event loop turning in between, so batches leave as
 * they fill, as they would between a server's requests.
 */
import { createClient, type ExperimentResult, type SplitkitClient } from '../../src/index.js';
import { createClient as createLite, type LiteClient } from '../../src/lite.js';
import { EXPERIMENT, GATE, splitkitRuleset } from '../flags.js';
import type { BenchCase } from '../harness.js';
import type { BenchUser } from '../users.js';

/** Reads per slice in the steady-state cases (one batch of exposures). */
export const STEADY_SLICE = 100;

/** The clients the cases use, for the caller's checks and shutdown. */
export interface SplitkitClients {
  off: SplitkitClient;
  on: SplitkitClient;
  lite: LiteClient;
}

/**
 * Creates the clients. The logging client's queue holds a whole pass of
 * exposures: every read is a new exposure, because 200,000 distinct users
 * cycle through the server's 100,000-entry dedupe LRU, which never hits.
 */
export function splitkitClients(users: readonly BenchUser[]): SplitkitClients {
  return {
    off: createClient({ ruleset: splitkitRuleset, environment: 'server' }),
    on: createClient({
      ruleset: splitkitRuleset,
      environment: 'server',
      transport: async () => ({ status: 200 }),
      events: { maxQueuedEvents: users.length + 10_000 },
    }),
    lite: createLite({ ruleset: splitkitRuleset }),
  };
}

/** Gate and experiment cases for each client. */
export function splitkitCases(clients: SplitkitClients, users: readonly BenchUser[]): BenchCase[] {
  const n = users.length;
  const settle = () => clients.on.flush();
  const steady = { slice: STEADY_SLICE, settle };
  const { off, on, lite } = clients;
  return [
    { group: 'gate', sdk: 'splitkit', mode: 'exposures off', operations: n, run: (a, b) => gateOff(off, users, a, b) },
    {
      group: 'gate',
      sdk: 'splitkit',
      mode: 'exposures on, burst',
      operations: n,
      run: (a, b) => gateOn(on, users, a, b),
      settle,
    },
    {
      group: 'gate',
      sdk: 'splitkit',
      mode: 'exposures on, steady',
      operations: n,
      run: (a, b) => gateOn(on, users, a, b),
      ...steady,
    },
    {
      group: 'gate',
      sdk: 'splitkit/lite',
      mode: 'no events',
      operations: n,
      run: (a, b) => gateLite(lite, users, a, b),
    },
    {
      group: 'experiment',
      sdk: 'splitkit',
      mode: 'exposures off',
      operations: n,
      run: (a, b) => experimentOff(off, users, a, b),
    },
    {
      group: 'experiment',
      sdk: 'splitkit',
      mode: 'exposures on, burst',
      operations: n,
      run: (a, b) => experimentOn(on, users, a, b),
      settle,
    },
    {
      group: 'experiment',
      sdk: 'splitkit',
      mode: 'exposures on, steady',
      operations: n,
      run: (a, b) => experimentOn(on, users, a, b),
      ...steady,
    },
    {
      group: 'experiment',
      sdk: 'splitkit/lite',
      mode: 'no events',
      operations: n,
      run: (a, b) => experimentLite(lite, users, a, b),
    },
  ];
}

function variantLength(result: ExperimentResult): number {
  return result.variant === null ? 0 : result.variant.length;
}

function gateOff(client: SplitkitClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) if (client.checkGate(GATE, users[i])) sum++;
  return sum;
}

function gateOn(client: SplitkitClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) if (client.checkGate(GATE, users[i])) sum++;
  return sum;
}

function gateLite(client: LiteClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) if (client.checkGate(GATE, users[i])) sum++;
  return sum;
}

function experimentOff(client: SplitkitClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += variantLength(client.getExperiment(EXPERIMENT, users[i]));
  return sum;
}

function experimentOn(client: SplitkitClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += variantLength(client.getExperiment(EXPERIMENT, users[i]));
  return sum;
}

function experimentLite(client: LiteClient, users: readonly BenchUser[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += variantLength(client.getExperiment(EXPERIMENT, users[i]));
  return sum;
}
