/**
 * What the page shows, read the same way on the server and in the browser, so
 * the two can only differ if their evaluations do.
 */
import type { LiteClient, User } from 'splitkit';

/** The flag values one page shows. */
export interface PageFlags {
  /** Gate `new_checkout`. */
  checkout: boolean;
  /** Experiment `button_color`'s variant (null: not in the experiment). */
  color: string | null;
  /** Parameter `free_shipping_threshold`. */
  threshold: number;
}

/**
 * Reads the page's flags for `user` (none: the client's bound user), with any client: the full one on the
 * server and in browser.ts, `splitkit/lean`'s in browser-lean.ts (both have the lite client's reads).
 */
export function readFlags(client: LiteClient, user?: User, exposure = true): PageFlags {
  // The server renders with exposure off: the one exposure is logged by the browser when it reads. No user:
  // the client's bound one.
  const options = { exposure };
  return {
    checkout: client.checkGate('new_checkout', user, options),
    color: client.getExperiment('button_color', user, options).variant,
    threshold: client.getParam('free_shipping_threshold', 50, user, options),
  };
}
