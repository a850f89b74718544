/**
 * Implementations of the I/O interfaces (src/io): the fetch and beacon
 * transports, localStorage/cookie/memory storage, and the browser page
 * lifecycle hooks.
 */
export { createFetchTransport } from './fetch-transport.js';
export type { FetchTransportOptions } from './fetch-transport.js';
export { parseRetryAfter } from './retry-after.js';
export { createBeaconSender } from './beacon.js';
export type { BeaconSenderOptions } from './beacon.js';
export { createLocalStorage, createMemoryStorage, createCookieStorage } from './storage.js';
export type { CookieStorageOptions } from './storage.js';
export { attachPageLifecycle } from './page-lifecycle.js';
