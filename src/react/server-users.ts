/** What the server rendered with, per client, for hydration: the user, and where its ruleset came from. */
import type { SplitkitClient } from '../client/client.js';
import type { RulesetOrigin } from '../client/delivery.js';
import type { User } from '../eval/types.js';

/**
 * The user a provider's client was given (`options.user`, else the bootstrap's), before the browser's device
 * identity completed it: the user the server rendered with. Hooks read for it while React hydrates, so the
 * first render matches the server's markup even when the browser's user differs (a first visit, whose device
 * id the browser makes), and React re-renders with the browser's values after, instead of reporting a mismatch
 * and rendering the whole root again.
 */
export const serverUsers = new WeakMap<SplitkitClient, User>();

/**
 * Where the ruleset a client started with came from, as the server saw it: `useSplitkitStatus` says it while
 * React hydrates, whatever the source brought since. A server has no cache, so a client that started from its
 * cache says `none`, as the server did; its first read sets it for a client the provider did not create.
 */
const serverOrigins = new WeakMap<SplitkitClient, RulesetOrigin>();

/**
 * Records what `client` starts from, unless recorded already; returns it. The provider records it when it
 * creates the client: a status read in a boundary that hydrates later (streamed, suspended) still says it.
 */
export function startOrigin(client: SplitkitClient): RulesetOrigin {
  let origin = serverOrigins.get(client);
  if (origin === undefined) {
    serverOrigins.set(client, (origin = asServer(client.status().origin)));
  }
  return origin;
}

/** An origin as a server has it: a browser's cache is none there. */
export const asServer = (origin: RulesetOrigin): RulesetOrigin => (origin === 'cache' ? 'none' : origin);
