/**
 * splitkit's cases: the full server client with exposure logging off (no
 * transport) and on (a transport that does nothing), and the lite client.
 * Each loop is its own function so V8 keeps separate type feedback per case.
 */
import { createClient, type SplitkitClient } from '../../src/index.js';
import { createClient as createLite } from '../../src/lite.js';
import type { ExperimentResult } from '../../src/index.js';
import { EXPERIMENT, GATE, splitkitRuleset } from '../flags.js';
import type { BenchCase } from '../harness.js';
import type { BenchUser } from '../users.js';

/** The clients the cases use, for the caller's checks and shutdown. */
export interface SplitkitClients {
  off: SplitkitClient;
  on: SplitkitClient;
  lite: SplitkitClient;
}

/**
 * Creates the clients. The logging client's queue holds a whole pass of
 * exposures (every call is a new exposure: 200,000 distinct users cycle
 * through the server's 100,000-entry dedupe LRU, so it never hits).
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
  return [
    { group: 'gate', sdk: 'splitkit', mode: 'exposures off', operations: n, run: () => gateOff(clients.off, users) },
    { group: 'gate', sdk: 'splitkit', mode: 'exposures on', operations: n, run: () => gateOn(clients.on, users), settle },
    { group: 'gate', sdk: 'splitkit/lite', mode: 'no events', operations: n, run: () => gateLite(clients.lite, users) },
    { group: 'experiment', sdk: 'splitkit', mode: 'exposures off', operations: n, run: () => experimentOff(clients.off, users) },
    { group: 'experiment', sdk: 'splitkit', mode: 'exposures on', operations: n, run: () => experimentOn(clients.on, users), settle },
    { group: 'experiment', sdk: 'splitkit/lite', mode: 'no events', operations: n, run: () => experimentLite(clients.lite, users) },
  ];
}

function variantLength(result: ExperimentResult): number {
  return result.variant === null ? 0 : result.variant.length;
}

function gateOff(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) if (client.checkGate(GATE, users[i])) sum++;
  return sum;
}

function gateOn(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) if (client.checkGate(GATE, users[i])) sum++;
  return sum;
}

function gateLite(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) if (client.checkGate(GATE, users[i])) sum++;
  return sum;
}

function experimentOff(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) sum += variantLength(client.getExperiment(EXPERIMENT, users[i]));
  return sum;
}

function experimentOn(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) sum += variantLength(client.getExperiment(EXPERIMENT, users[i]));
  return sum;
}

function experimentLite(client: SplitkitClient, users: readonly BenchUser[]): number {
  let sum = 0;
  for (let i = 0; i < users.length; i++) sum += variantLength(client.getExperiment(EXPERIMENT, users[i]));
  return sum;
}
