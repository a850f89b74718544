/**
 * `<SplitkitProvider>`: gives a subtree a client. Pass a `client` the app
 * created, or a `bootstrap` (from `client.snapshot(user)` on the server) and
 * the options to create one from it, synchronously, on the first render,
 * so the first paint already shows the values the server rendered. A client
 * the provider creates trusts its ruleset or bootstrap, as the browser build
 * of `createClient` does (it came from the app's own server); pass
 * `options.validate` to validate it anyway.
 */
import { createElement, useEffect, useState, type ReactNode } from 'react';
import type { SplitkitClient } from '../client/client.js';
import { buildClient } from '../client/build-client.js';
import { detectEnvironment } from '../client/environment.js';
import type { ClientOptions } from '../client/options.js';
import type { Overrides } from '../client/overrides.js';
import { SplitkitContext } from './context.js';
import { stoppedClients } from './stopped-clients.js';
import { serverUsers, startOrigin } from './server-users.js';
import { quietly } from '../io/quietly.js';

/** Props of {@link SplitkitProvider}: a client, or what to create one from. */
export type SplitkitProviderProps =
  | { client: SplitkitClient; children?: ReactNode }
  | {
      /** createClient's options, e.g. `{ bootstrap, user, collector }`; read once, on the first render. */
      options: ClientOptions;
      children?: ReactNode;
    };

/**
 * Clients built from an options object and not yet mounted. StrictMode runs the first render's state
 * initializer twice, and React may throw a first render away and render again, with the same props: each
 * such run gets the one client, not a client of its own that nothing would ever shut down.
 */
const unmounted = new WeakMap<ClientOptions, SplitkitClient>();

/** How many providers have a client mounted: it is shut down only when none has, a tick after the last unmount. */
const mounts = new WeakMap<SplitkitClient, number>();

/**
 * How long a client built in a render may wait for React to commit it. A render React throws away (a sibling
 * suspended before anything mounted) is rendered again with the props of the moment, and options written
 * inline are a new object then, so it builds another client: the first one, with its source polling, would
 * never be shut down. One still unmounted after this long is shut down; should its render commit after all
 * (a very slow hydration), the provider replaces it, as after an `<Activity>` showed it again.
 */
const UNMOUNTED_MS = 10_000;

/**
 * The client that replaces one a provider shut down, by the stopped client: built once, though StrictMode
 * runs the effect that builds it twice.
 */
const replacements = new WeakMap<SplitkitClient, SplitkitClient>();

/** Provides a splitkit client to the hooks below it. A client it created itself is shut down on unmount. */
export function SplitkitProvider(props: SplitkitProviderProps): ReactNode {
  const given = 'client' in props ? props.client : undefined;
  const options = 'options' in props ? props.options : undefined;
  const [own, setOwn] = useState(() => (given !== undefined || options === undefined ? undefined : clientFor(options)));
  // StrictMode unmounts effects and mounts them again at once: the client is shut down only when no mount
  // follows within a tick, or a StrictMode page would drop every event after its first render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: options are read once, on the first render; an inline object (new on every render) must not re-run this
  useEffect(() => {
    if (own === undefined) return;
    // Shown again after an `<Activity>` hid it: hiding ran the cleanup below but kept this state, so the
    // client in it was shut down (every event would be dropped). A new one from the same options replaces it.
    if (stoppedClients.has(own)) {
      if (options !== undefined) setOwn(replacementFor(own, options));
      return;
    }
    // Mounted: a provider rendered later with the same options object builds a client of its own.
    if (options !== undefined && unmounted.get(options) === own) unmounted.delete(options);
    mounts.set(own, (mounts.get(own) ?? 0) + 1);
    return () => {
      mounts.set(own, mounts.get(own)! - 1);
      setTimeout(() => mounts.get(own) === 0 && stop(own), 0);
    };
  }, [own]);
  return createElement(SplitkitContext.Provider, { value: given ?? own ?? null }, props.children);
}

/** The client not yet mounted for `options`, or a new one: each run of a render or effect React repeats gets the same. */
function clientFor(options: ClientOptions): SplitkitClient {
  let client = unmounted.get(options);
  if (client === undefined) {
    const built = (client = buildClient(options, false));
    unmounted.set(options, built);
    // Only where React mounts (the environment createClient decided on): a server renders a client per request,
    // which must not stay in memory that long. Unref'd where timers can be (jsdom on Node): a test runner
    // does not wait for it.
    if ((options.environment ?? detectEnvironment()) === 'browser')
      quietly(() =>
        (
          setTimeout(() => {
            if (mounts.has(built)) return;
            if (unmounted.get(options) === built) unmounted.delete(options);
            stop(built);
          }, UNMOUNTED_MS) as { unref?: () => void }
        ).unref?.(),
      );
    // The user the server rendered with, given the same options (without one, hydration reads as the client does).
    const user = quietly(() => options.user ?? options.bootstrap?.user);
    if (user) serverUsers.set(client, user);
    startOrigin(client);
  }
  return client;
}

/** Shuts `client` down, and marks it stopped for the provider and the hooks. */
function stop(client: SplitkitClient): void {
  if (stoppedClients.has(client)) return;
  stoppedClients.add(client);
  void client.shutdown();
}

/**
 * The client that takes over from `stopped`, built from the same options with what the app changed at run
 * time: the bound user (a login), its device id included, so no identity store is read or written again; a
 * ruleset the source brought since (so the page does not go back to the bootstrap's values until the new
 * source answers) or that the app put in use; the overrides in force (a QA panel's); and the device identity
 * itself, so consent withdrawn after start is not granted again by the options, and an id made before consent
 * still gives way to the stored one when consent comes. (`stopped` is always a client this module built, so the
 * internal _carried exists, under the same short name.)
 */
function replacementFor(stopped: SplitkitClient, options: ClientOptions): SplitkitClient {
  let client = replacements.get(stopped);
  if (client === undefined) {
    const { origin } = stopped.status();
    // Every ruleset in use but a bootstrap's: the source's, and the app's own ('static': the options' ruleset, or
    // one the app put in use with setRuleset, which the options do not hold).
    const fetched =
      origin !== 'bootstrap' && origin !== 'none' ? { ruleset: stopped.getRuleset(), bootstrap: undefined } : {};
    const { overrides: forced, identity } = stopped._carried();
    const overrides = {
      gates: Object.fromEntries(forced.gate) as Overrides['gates'],
      experiments: Object.fromEntries(forced.experiment) as Overrides['experiments'],
      params: Object.fromEntries(forced.param),
    };
    client = buildClient({ ...options, ...fetched, user: stopped.getUser(), overrides }, false, identity);
    replacements.set(stopped, client);
  }
  return client;
}
