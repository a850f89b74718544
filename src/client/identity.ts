/**
 * The browser's stable device id for logged-out visitors: read from a
 * first-party cookie or localStorage, generated with a random UUID when
 * neither has a valid one (the server's rule, `isValidDeviceId`), and written
 * back to both so the server (which reads the cookie) and the browser agree.
 * Without consent, or where storage is blocked, the id lives in memory only.
 */
import type { KeyValueStorage } from '../io/storage.js';
import type { User } from '../eval/types.js';
import { quietly } from '../io/quietly.js';
import { randomUuid } from '../io/uuid.js';
import { readUnitId } from '../eval/unit-id.js';
import { isValidDeviceId } from '../adapters/cookie-storage.js';

/** A persistent store of the device id, with its key (cookie name, localStorage key). */
export interface DeviceIdStore {
  storage: KeyValueStorage;
  key: string;
}

/** The device id of a browser. */
export interface DeviceIdentity {
  /**
   * Grants or withdraws consent to persist: granting stores the current id, withdrawing erases it. Returns
   * the id granting replaced, if it did: one made without consent gives way to the id a store holds.
   */
  _setConsent(granted: boolean): string | undefined;
  /**
   * The user to bind, with the device id filled in when it has none, or when it has the id consent replaced:
   * the one the previously bound user carried (a deviceID the app bound itself stays across login), else the
   * identity's own.
   */
  _complete(user: User): User;
  /** Whether the app may persist now (the browser's default store of sticky assignments asks too). */
  _consented(): boolean;
}

/**
 * Creates the device identity from the stores `storesOf` makes, read in order (the first that
 * has a valid id wins; none: a new one, or memory only); `consent`: whether the app may persist
 * the id now. Nothing is read until the id is first needed, and the stores are made only when one is used:
 * without consent not even a probe is written (a cookie scanner records every write before consent).
 */
export function createDeviceIdentity(storesOf: () => readonly DeviceIdStore[], consent: boolean): DeviceIdentity {
  let made: readonly DeviceIdStore[] | undefined;
  const stores = (): readonly DeviceIdStore[] => (made ??= storesOf());
  let id: string | undefined;
  // The id that granting consent replaced (see _setConsent); a user carrying it is completed as if it had none.
  let replaced: string | undefined;
  // The device id of the user bound last (every user bound is completed here first).
  let bound: unknown;

  // The stores are the app's to give (`identityStores`), and a store that throws must not break createClient or
  // a read: each call is made quietly, and a store that fails counts as empty.
  const persist = (): void => {
    if (!consent || id === undefined) return;
    for (const { storage, key } of stores()) quietly(() => storage.get(key) !== id && storage.set(key, id!));
  };
  // The id of the first store that has a valid one. A stored value is the visitor's to change (or a disk's to
  // corrupt): one the server's readDeviceId would refuse counts as none, so a new id replaces it in every store.
  const stored = (): string | undefined => {
    for (const { storage, key } of stores()) {
      const found = quietly(() => storage.get(key));
      if (isValidDeviceId(found)) return found;
    }
  };
  // The device id, created on first use (a user that brings its own never makes one).
  const deviceId = (): string => {
    if (id === undefined) {
      // Without consent nothing is read.
      id = (consent && stored()) || randomUuid();
      persist();
    }
    return id;
  };
  return {
    _setConsent(granted) {
      const before = consent;
      consent = granted;
      if (!granted) for (const { storage, key } of stores()) quietly(() => storage.remove(key));
      else {
        // An id made without consent was made without reading the stores. One may hold this visitor's id from an
        // earlier visit: adopted, where persisting the new one would give every page view that learns of
        // consent late a new id. Granted again (a consent manager calls on every page), the id stays: another
        // tab's id in the store must not replace this page's in mid-view.
        const found = !before && id !== undefined && stored();
        const gaveWay = found && found !== id ? id : undefined;
        if (gaveWay !== undefined) {
          replaced = gaveWay;
          id = found as string;
        }
        persist();
        return gaveWay;
      }
    },
    _consented: () => consent,
    _complete(user) {
      // An id as evaluation reads one (a non-empty string, or a finite number: a server's numeric device id), so
      // the browser never replaces an id the server bucketed.
      const own = (deviceID: unknown) =>
        readUnitId({ deviceID } as User, 'deviceID') !== undefined && deviceID !== replaced;
      // A user without one (a login: setUser({ userID })) keeps the device id bound so far, so experiments on
      // deviceID don't jump even when the app bound that id itself (hashIdentifier, a bootstrap's id).
      bound = own(user.deviceID) ? user.deviceID : own(bound) ? bound : deviceId();
      return bound === user.deviceID ? user : { ...user, deviceID: bound as string };
    },
  };
}
