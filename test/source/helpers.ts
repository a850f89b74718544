/** Shared pieces of the ruleset source tests: rulesets, signing keys and a client that records its errors. */
import type { RulesetInput, SplitkitError } from '../../src/index.js';
import { createClient, type ClientOptions, type SplitkitClient } from '../../src/index.js';
import { createMemoryStorage } from '../../src/adapters/storage.js';

export const URL_ = 'http://flags.test/ruleset.json';

/** A ruleset whose gate `g` serves `on`, published at `updatedAt`. */
export function rulesetWith(on: boolean, updatedAt = '2026-01-01T00:00:00Z', extra: RulesetInput = {}): RulesetInput {
  return { updatedAt, gates: { g: { enabled: true, rules: [{ id: 'all', rollout: on ? 100 : 0 }] } }, ...extra };
}

/** A client on `URL_` that records every error; no cache unless given. `create`: the entry's createClient (Node's by default). */
export function sourceClient(
  source: Partial<NonNullable<ClientOptions['source']>> = {},
  options: Partial<ClientOptions> = {},
  create: (options: ClientOptions) => SplitkitClient = createClient,
): { client: SplitkitClient; errors: SplitkitError[] } {
  const errors: SplitkitError[] = [];
  const client = create({
    environment: 'server',
    onError: (error) => errors.push(error),
    ...options,
    source: { url: URL_, cache: false, ...source },
  });
  return { client, errors };
}

export { createMemoryStorage };

/** An Ed25519 key pair: `publicKey` as `source.publicKeys` takes it, `sign` as `splitkit sign` does. */
export async function signingKey(): Promise<{ publicKey: string; sign(body: string): Promise<string> }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return {
    publicKey: Buffer.from(raw).toString('base64'),
    sign: async (body) =>
      Buffer.from(
        await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(body)),
      ).toString('base64'),
  };
}

/** Lets pending promises and I/O callbacks run (msw answers on later ticks). */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Lets the event loop turn until `done()` holds, for at most `ms` of real time (read from `performance`,
 * which the tests' fake timers leave alone): fake time does not move, and a busy machine gets its time.
 */
export async function settleUntil(done: () => boolean, ms = 5_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) await settle(1);
}
