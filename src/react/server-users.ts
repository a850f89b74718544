/** The user each client a `<SplitkitProvider>` created from its options was given, for hydration. */
import type { SplitkitClient } from '../client/client.js';
import type { User } from '../eval/types.js';

/**
 * The user a provider's client was given (`options.user`, else the bootstrap's), before the browser's device
 * identity completed it: the user the server rendered with. Hooks read for it while React hydrates, so the
 * first render matches the server's markup even when the browser's user differs (a first visit, whose device
 * id the browser makes), and React re-renders with the browser's values after, instead of reporting a mismatch
 * and rendering the whole root again.
 */
export const serverUsers = new WeakMap<SplitkitClient, User>();
