/**
 * A bootstrap object whose fields throw when read (a getter, a revoked Proxy from app code around the page's
 * JSON): both clients read it once, at creation, and report one they cannot read as an invalid option
 * (INVALID_OPTIONS), left out; createClient never throws it, and reads serve the `ruleset` option.
 */
import { describe, expect, it } from 'vitest';
import { createClient as createFull, type Bootstrap, type SplitkitError } from '../../src/index.js';
import { createClient as createLean } from '../../src/lean.js';

const ruleset = { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } };

/** A ruleset bootstrap whose `field` getter throws. */
function throwingAt(field: 'etag' | 'ruleset' | 'values'): Bootstrap {
  const bootstrap = { splitkit: 1, mode: field === 'values' ? 'values' : 'ruleset', user: { userID: 'u' } };
  Object.defineProperty(bootstrap, field, {
    enumerable: true,
    get() {
      throw new Error(`${field} unreadable`);
    },
  });
  return bootstrap as Bootstrap;
}

describe.each([
  ['full', (options: object) => createFull({ environment: 'server', ...options })],
  ['lean', (options: object) => createLean(options)],
] as const)('the %s client', (_name, create) => {
  it.each(['etag', 'ruleset', 'values'] as const)(
    'reports a bootstrap whose %s getter throws, and reads on',
    (field) => {
      const errors: SplitkitError[] = [];
      const client = create({
        ruleset,
        bootstrap: throwingAt(field),
        onError: (error: SplitkitError) => errors.push(error),
      });
      expect(errors.map((error) => `${error.code}: ${error.message}`)).toEqual([
        expect.stringMatching(new RegExp(`^INVALID_OPTIONS: .*${field} unreadable`)),
      ]);
      expect(client.status().origin).toBe('static');
      expect(client.checkGate('g', { userID: 'u' })).toBe(true);
    },
  );
});
