/**
 * A small synchronous key-value store: localStorage, a first-party cookie, or
 * memory. Implementations should not throw (a full or blocked storage
 * reports failure by returning false from `set`); one the app gives that
 * throws anyway counts as empty and never breaks a client.
 */
export interface KeyValueStorage {
  get(key: string): string | null;
  /** Returns false when the value could not be stored. */
  set(key: string, value: string): boolean;
  remove(key: string): void;
  /**
   * The keys stored. Optional: with it, the event queue of each tab (each pipeline) writes a key of its own,
   * which no other tab writes; without it they all share one key.
   */
  keys?(): string[];
}
