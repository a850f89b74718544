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
}
