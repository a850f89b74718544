/** The client a subtree reads from, set by {@link SplitkitProvider}. */
import { createContext, useContext } from 'react';
import type { SplitkitClient } from '../client/client.js';
import { buildClient } from '../client/build-client.js';

/** React context holding the client; null outside a provider. */
export const SplitkitContext = createContext<SplitkitClient | null>(null);

/** The client of the nearest {@link SplitkitProvider}, e.g. to `track` or to `setUser` on login. Throws outside one: a wiring mistake, whose events would be lost. */
export function useSplitkit(): SplitkitClient {
  const client = useContext(SplitkitContext);
  if (client === null) throw new Error('splitkit/react: useSplitkit needs a <SplitkitProvider> above it');
  return client;
}

/** What the read hooks read from outside a provider: a client without a ruleset, built on first use. */
let orphan: SplitkitClient | undefined;

/**
 * The client of the nearest provider, for read hook `hook` of `name` ('' for `useSplitkitStatus`). Outside one, reads
 * never throw: a client without a ruleset serves every read its default (reason ERROR), logs no exposure and
 * reports nothing, and console.error says once what happened.
 */
export function useReadClient(hook: string, name: string): SplitkitClient {
  const client = useContext(SplitkitContext);
  if (client !== null) return client;
  if (orphan === undefined) {
    console.error(
      `splitkit/react: ${hook}(${name && `'${name}'`}) has no <SplitkitProvider> above it; hooks serve their defaults`,
    );
    orphan = buildClient({ ruleset: {}, environment: 'server', onError() {} }, false);
  }
  return orphan;
}
