/**
 * The browser's stable device id for logged-out visitors: read from a
 * first-party cookie or localStorage, generated with a random UUID when
 * neither has one, and written back to both so the server (which reads the
 * cookie) and the browser agree. Without consent, or where storage is
 * blocked, the id lives in memory only.
 */
import type { KeyValueStorage } from '../io/storage.js';
import type { User } from '../eval/types.js';
import { quietly } from '../io/quietly.js';
import { randomUuid } from '../io/uuid.js';

/** A persistent store of the device id, with its key (cookie name, localStorage key). */
export interface DeviceIdStore {
  storage: KeyValueStorage;
  key: string;
}

/** The device id of a browser. */
export interface DeviceIdentity {
  /**
   * Grants or withdraws consent to persist: granting stores the current id, withdrawing erases it. Returns
   * the id that granting replaced, if any: an id made without consent gives way to one a store holds.
   */
  _setConsent(granted: boolean): string | undefined;
  /** The user with the device id filled in when it has none. */
  _complete(user: User): User;
}

/**
 * Creates the device identity from `stores`, read in order (the first that
 * has an id wins; none: memory only); `consent`: whether the app may persist
 * the id now. Nothing is read until the id is first needed.
 */
export function createDeviceIdentity(stores: readonly DeviceIdStore[], consent: boolean): DeviceIdentity {
  let id: string | undefined;
  // Set while the id was made without consent, so no store was read. A store may still hold this visitor's
  // id from an earlier visit: granting adopts it, where persisting the new one would give every page view
  // that learns of consent late a new id.
  let unread = false;

  // The stores are the app's to give (`identityStores`), and a store that throws must not break createClient or
  // a read: each call is made quietly, and a store that fails counts as empty.
  const persist = (): void => {
    if (!consent || id === undefined) return;
    for (const { storage, key } of stores) quietly(() => storage.get(key) !== id && storage.set(key, id!));
  };
  // The id of the first store that has one.
  const stored = (): string | undefined => {
    for (const { storage, key } of stores) {
      const found = quietly(() => storage.get(key));
      if (found) return found;
    }
  };
  // The device id, created on first use (a user that brings its own never makes one).
  const deviceId = (): string => {
    if (id === undefined) {
      // Without consent nothing is read.
      id = (consent && stored()) || randomUuid();
      unread = !consent;
      persist();
    }
    return id;
  };
  return {
    _setConsent(granted) {
      consent = granted;
      if (!granted) {
        for (const { storage, key } of stores) quietly(() => storage.remove(key));
        return undefined;
      }
      const before = id;
      if (unread) {
        unread = false;
        id = stored() || id;
      }
      persist();
      return before === id ? undefined : before;
    },
    _complete: (user) =>
      typeof user.deviceID === 'string' && user.deviceID !== '' ? user : { ...user, deviceID: deviceId() },
  };
}
