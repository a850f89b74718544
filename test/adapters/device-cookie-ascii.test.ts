/**
 * Device id cookie options that no `Set-Cookie` line can carry: non-ASCII domains and paths. Node's
 * `res.setHeader` throws on a character past U+00FF (at the first request, not at startup), and RFC 6265
 * allows only ASCII in attribute values, so both the server helpers and the client refuse them up front.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, deviceIdSetCookie, ensureDeviceId } from '../../src/index.js';
import { validateOptions } from '../../src/client/options.js';

const ID = '0b7f6c9e-1f0a-4c1e-9b7a-3d2f5e6a7b8c';

describe('device id cookie options', () => {
  it('refuse a non-ASCII domain or path with a ConfigError naming it, in the helpers and in the client', () => {
    for (const bad of [
      { path: '/日本' },
      { path: '/café' },
      { domain: 'bücher.example' },
      { domain: '.ex\u00a0ample.com' },
    ]) {
      expect(() => deviceIdSetCookie(ID, bad)).toThrow(ConfigError);
      expect(() => ensureDeviceId(undefined, bad)).toThrow(ConfigError);
      expect(() => validateOptions({ ruleset: {}, identity: { cookie: bad } })).toThrow(ConfigError);
    }
  });

  it('still take every printable ASCII path but ; and , and a punycode domain', () => {
    const path = `/${Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))
      .filter((c) => c !== ';' && c !== ',')
      .join('')}`;
    expect(deviceIdSetCookie(ID, { path, domain: '.xn--bcher-kva.example' })).toContain(`; Path=${path};`);
  });
});
