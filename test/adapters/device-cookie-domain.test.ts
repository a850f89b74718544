/**
 * The cookie `domain` option must be a host name a browser takes as a cookie's Domain. One it refuses (a port
 * from a `HOST` variable, a URL, brackets) drops the cookie silently: the server's ensureDeviceId then made a
 * new id, and the visitor new buckets, on every request, and the browser client fell back to localStorage.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, deviceIdSetCookie, ensureDeviceId } from '../../src/index.js';
import { validateOptions } from '../../src/client/options.js';

const ID = '0b7f6c9e-1f0a-4c1e-9b7a-3d2f5e6a7b8c';

const issuesOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
};

describe('the device id cookie domain', () => {
  it('refuses what no browser keeps a cookie for, naming the option, in the helpers and in the client', () => {
    for (const domain of [
      'localhost:3000',
      'example.com:8080',
      'https://example.com',
      'example.com/',
      '[::1]',
      '*.example.com',
      '.',
      '..example.com',
      'a..example.com',
      'example.com.',
    ]) {
      expect(
        issuesOf(() => deviceIdSetCookie(ID, { domain })),
        domain,
      ).toEqual(['domain: expected a domain such as .example.com']);
      expect(() => ensureDeviceId(undefined, { domain }), domain).toThrow(ConfigError);
      expect(
        issuesOf(() => validateOptions({ ruleset: {}, identity: { cookie: { domain } } })),
        domain,
      ).toEqual(['identity.cookie.domain: expected a domain such as .example.com']);
    }
  });

  it('takes host names with or without a leading dot, IPv4 addresses, and none', () => {
    for (const domain of [
      '.example.com',
      'example.com',
      'EXAMPLE.com',
      'xn--bcher-kva.example',
      'localhost',
      '127.0.0.1',
      'my_host.internal',
      'a-b.c-d.example',
    ]) {
      expect(deviceIdSetCookie(ID, { domain }), domain).toContain(`; Domain=${domain};`);
      expect(() => validateOptions({ ruleset: {}, identity: { cookie: { domain } } })).not.toThrow();
    }
    expect(deviceIdSetCookie(ID, { domain: '' })).not.toContain('Domain');
  });
});
