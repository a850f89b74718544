/** The client a subtree reads from, set by {@link SplitkitProvider}. */
import { createContext, useContext } from 'react';
import type { SplitkitClient } from '../client/client.js';

/** React context holding the client; null outside a provider. */
export const SplitkitContext = createContext<SplitkitClient | null>(null);

/** The client of the nearest {@link SplitkitProvider}, e.g. to `track` or to `setUser` on login. Throws outside one: a wiring mistake, not data. */
export function useSplitkit(): SplitkitClient {
  const client = useContext(SplitkitContext);
  if (client === null)
    throw new Error(
      'splitkit/react: useSplitkit, useGate, useExperiment and useParam need a <SplitkitProvider> above them',
    );
  return client;
}
