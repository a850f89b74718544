/**
 * The server's cookie helpers called from untyped code with `null` options: readDeviceId reads with the default
 * name (it documents no throw), and ensureDeviceId throws the ConfigError it documents, never a TypeError.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, deviceIdSetCookie, ensureDeviceId, readDeviceId } from '../../src/index.js';

const ID = '0b7f6c9e-1f0a-4c1e-9b7a-3d2f5e6a7b8c';

describe('null options', () => {
  it('readDeviceId reads the default cookie', () => {
    expect(readDeviceId(`splitkit_did=${ID}`, null as never)).toBe(ID);
  });

  it('ensureDeviceId and deviceIdSetCookie throw a ConfigError saying what is wrong', () => {
    for (const run of [
      () => ensureDeviceId(`splitkit_did=${ID}`, null as never),
      () => deviceIdSetCookie(ID, null as never),
    ]) {
      expect(run).toThrow(ConfigError);
      expect(run).toThrow('Invalid device id cookie:\nexpected an object');
    }
  });
});
