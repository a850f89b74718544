/**
 * Cookie name prefixes: a browser drops a `__Secure-` cookie that is not Secure, and a `__Host-` one with a
 * Domain or a path other than `/`, so the server would hand the visitor a new device id on every request.
 * `deviceIdSetCookie` (and `ensureDeviceId`) refuse such settings, naming the option.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { deviceIdSetCookie, ensureDeviceId } from '../../src/adapters/device-cookie.js';

const ID = 'd-1';

function problems(options: Parameters<typeof deviceIdSetCookie>[1]): string[] {
  try {
    deviceIdSetCookie(ID, options);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
}

describe('device id cookie name prefixes', () => {
  it('refuses a __Secure- cookie that is not Secure, in any case of the prefix', () => {
    expect(problems({ name: '__Secure-did', secure: false })).toEqual([
      'secure: a __Secure- cookie must be Secure (a browser drops it)',
    ]);
    expect(problems({ name: '__secure-did', secure: false })).toHaveLength(1);
    expect(() => ensureDeviceId(undefined, { name: '__Secure-did', secure: false })).toThrow(ConfigError);
  });

  it('refuses a __Host- cookie with a Domain, a path other than /, or not Secure, naming each option', () => {
    expect(problems({ name: '__Host-did', domain: '.example.com', path: '/app', secure: false })).toEqual([
      'secure: a __Host- cookie must be Secure (a browser drops it)',
      'domain: a __Host- cookie must have no Domain (a browser drops it)',
      "path: a __Host- cookie must have the path '/' (a browser drops it)",
    ]);
  });

  it('writes the cookies browsers keep', () => {
    expect(deviceIdSetCookie(ID, { name: '__Host-did' })).toMatch(/^__Host-did=d-1; .*Path=\/.*Secure/);
    expect(deviceIdSetCookie(ID, { name: '__Host-did', path: '/' })).not.toMatch(/Domain/);
    expect(deviceIdSetCookie(ID, { name: '__Secure-did', domain: '.example.com' })).toMatch(/Domain=\.example\.com/);
    // SameSite=None is written Secure whatever `secure` says: a browser keeps it.
    expect(deviceIdSetCookie(ID, { name: '__Secure-did', secure: false, sameSite: 'None' })).toMatch(/; Secure$/);
    // Without a prefix, plain-http development may turn Secure off.
    expect(deviceIdSetCookie(ID, { name: 'did', secure: false })).not.toMatch(/Secure/);
  });
});
