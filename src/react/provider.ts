/**
 * `<SplitkitProvider>`: gives a subtree a client. Pass a `client` the app
 * created, or a `bootstrap` (from `client.snapshot(user)` on the server) and
 * the options to create one from it, synchronously, on the first render,
 * so the first paint already shows the values the server rendered. A client
 * the provider creates trusts its ruleset or bootstrap, as the browser build
 * of `createClient` does (it came from the app's own server); pass
 * `options.validate` to validate it anyway.
 */
import { createElement, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SplitkitClient } from '../client/client.js';
import { buildClient } from '../client/build-client.js';
import type { ClientOptions } from '../client/options.js';
import { SplitkitContext } from './context.js';

/** Props of {@link SplitkitProvider}: a client, or what to create one from. */
export type SplitkitProviderProps =
  | { client: SplitkitClient; children?: ReactNode }
  | {
      /** createClient's options, e.g. `{ bootstrap, user, collector }`; read once, on the first render. */
      options: ClientOptions;
      children?: ReactNode;
    };

/** Provides a splitkit client to the hooks below it. A client it created itself is shut down on unmount. */
export function SplitkitProvider(props: SplitkitProviderProps): ReactNode {
  const given = 'client' in props ? props.client : undefined;
  const [own] = useState(() =>
    given === undefined && 'options' in props ? buildClient(props.options, false) : undefined,
  );
  // StrictMode unmounts effects and mounts them again at once: the client is shut down only when no mount
  // follows within a tick, or a StrictMode page would drop every event after its first render.
  const unmounting = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (own === undefined) return;
    clearTimeout(unmounting.current);
    return () => {
      unmounting.current = setTimeout(() => void own.shutdown(), 0);
    };
  }, [own]);
  return createElement(SplitkitContext.Provider, { value: given ?? own ?? null }, props.children);
}
