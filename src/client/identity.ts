/**
 * The browser's stable device id for logged-out visitors: read from a
 * first-party cookie or localStorage, generated with a random UUID when
 * neither has one, and written back to both so the server (which reads the
 * cookie) and the browser agree. Without consent, or where storage is
 * blocked, the id lives in memory only.
 */
import type { KeyValueStorage } from '../io/storage.js';
import type { User } from '../eval/types.js';

export interface DeviceIdentityOptions {
  /** Persistent stores, each with its key (cookie name, localStorage key), in the order they are read: first found wins. Empty: memory only. */
  stores: { storage: KeyValueStorage; key: string }[];
  uuid: () => string;
  /** Whether the app may persist the id now. */
  consent: boolean;
}

export class DeviceIdentity {
  private id: string | undefined;
  private consent: boolean;

  constructor(private readonly options: DeviceIdentityOptions) {
    this.consent = options.consent;
  }

  /** The device id, created on first use. */
  deviceId(): string {
    if (this.id !== undefined) return this.id;
    let found: string | undefined;
    if (this.consent) {
      for (const { storage, key } of this.options.stores) {
        const value = storage.get(key);
        if (value) {
          found = value;
          break;
        }
      }
    }
    this.id = found ?? this.options.uuid();
    this.persist();
    return this.id;
  }

  /** Grants or withdraws consent to persist: granting stores the current id, withdrawing erases it. */
  setConsent(granted: boolean): void {
    this.consent = granted;
    if (granted) this.persist();
    else for (const { storage, key } of this.options.stores) storage.remove(key);
  }

  /** The user with the device id filled in when it has none. */
  complete(user: User): User {
    if (typeof user.deviceID === 'string' && user.deviceID !== '') return user;
    return { ...user, deviceID: this.deviceId() };
  }

  private persist(): void {
    if (!this.consent || this.id === undefined) return;
    for (const { storage, key } of this.options.stores) {
      if (storage.get(key) !== this.id) storage.set(key, this.id);
    }
  }
}
