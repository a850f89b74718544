/**
 * A shared budget of body bytes: requests take bytes before they hold them
 * and give them back when they are answered, so concurrent senders cannot
 * make the collector hold more than the budget in bodies (and the batches
 * parsed from them) at once.
 */

/** The bytes one request holds; {@link ByteLease.release} gives them all back (once). */
export interface ByteLease {
  /** Takes `bytes` more; false (taking nothing) when the budget cannot spare them. */
  take(bytes: number): boolean;
  /** Gives back everything taken. */
  release(): void;
}

/** A budget of `limit` bytes handing out leases. */
export interface ByteBudget {
  lease(): ByteLease;
  /** Bytes currently taken. */
  readonly used: number;
}

/** Creates a budget of `limit` bytes. */
export function createByteBudget(limit: number): ByteBudget {
  let used = 0;
  return {
    get used() {
      return used;
    },
    lease() {
      let held = 0;
      return {
        take(bytes) {
          if (used + bytes > limit) return false;
          used += bytes;
          held += bytes;
          return true;
        },
        release() {
          used -= held;
          held = 0;
        },
      };
    },
  };
}
