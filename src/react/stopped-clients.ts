/** Which clients a `<SplitkitProvider>` shut down, for the provider and the hooks below it. */
import type { SplitkitClient } from '../client/client.js';

/**
 * Clients a `<SplitkitProvider>` shut down. An `<Activity>` that hid the provider ran its cleanup (as an
 * unmount does) and keeps its state: when shown again the provider replaces the client, and the hooks below,
 * whose effects run before the provider's, must not log exposures to the stopped one meanwhile (it would
 * report them dropped; they are logged to the replacement once it is in the context).
 */
export const stoppedClients = new WeakSet<SplitkitClient>();
