/**
 * The browser's default device id stores, for the full client and the lean
 * one alike: the first-party cookie (what the server reads, so browser and
 * server hash the same unit), then localStorage.
 */
import type { KeyValueStorage } from '../io/storage.js';
import { createCookieStorage, createLocalStorage } from '../adapters/storage.js';
import { DEVICE_ID_COOKIE } from '../adapters/device-cookie.js';
import { createDeviceIdentity, type DeviceIdentity, type DeviceIdStore } from './identity.js';
import type { IdentityOptions } from './options.js';

/** The device identity of `options` (`identityStores` replace the default stores). */
export function browserIdentity(options: IdentityOptions = {}, identityStores?: KeyValueStorage[]): DeviceIdentity {
  const { storageKey: key = 'splitkit.deviceID', cookie, persist = true } = options;
  // Made (and probed, which writes) only when first used: never without consent.
  const stores = () =>
    identityStores?.map((storage) => ({ storage, key })) ??
    [
      // The cookie comes first: it is what the server reads, so browser and server agree on the id.
      {
        storage: cookie === false ? undefined : createCookieStorage(cookie),
        key: (cookie && cookie.name) || DEVICE_ID_COOKIE,
      },
      { storage: createLocalStorage(), key },
    ].filter((store): store is DeviceIdStore => store.storage !== undefined);
  return createDeviceIdentity(stores, persist);
}
