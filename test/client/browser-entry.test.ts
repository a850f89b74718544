import { describe, expect, it } from 'vitest';
import {
  createClient as createBrowserClient,
  parseRuleset,
  ConfigError,
  type SplitkitError,
} from '../../src/browser.js';
import { createClient } from '../../src/index.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';

describe('the browser build (export condition "browser")', () => {
  it('evaluates exactly like the main entry', () => {
    const browser = createBrowserClient({ ruleset: issueRuleset, environment: 'server' });
    const node = createClient({ ruleset: issueRuleset, environment: 'server' });
    for (let i = 0; i < 300; i++) {
      const user = {
        userID: `u${i}`,
        deviceID: `d${i}`,
        country: ['US', 'CA', 'FR'][i % 3],
        email: i % 7 ? 'x@y.org' : 'x@acme.com',
      };
      expect(browser.getGateDetails('new_checkout', user)).toEqual(node.getGateDetails('new_checkout', user));
      expect(browser.getExperimentDetails('button_color', user)).toEqual(
        node.getExperimentDetails('button_color', user),
      );
    }
  });

  it('trusts the ruleset by default: a bad rule is not validated, and nothing throws', () => {
    const errors: SplitkitError[] = [];
    const bad = { gates: { g: { rules: [{ id: 'r', rollout: 250 }] } } };
    const client = createBrowserClient({ ruleset: bad, environment: 'server', onError: (e) => errors.push(e) });
    expect(errors).toEqual([]);
    expect(client.checkGate('g', { userID: 'u' })).toBe(true);
    const garbage = createBrowserClient({ ruleset: 'not json', environment: 'server', onError: (e) => errors.push(e) });
    expect(errors.map((e) => e.code)).toEqual(['INVALID_RULESET']);
    expect(garbage.getGateDetails('g')).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
  });

  it('validates when asked, reporting every problem with its path', () => {
    const errors: SplitkitError[] = [];
    const bad = { gates: { g: { rules: [{ id: 'r', rollout: 250 }] } } };
    const client = createBrowserClient({
      ruleset: bad,
      validate: parseRuleset,
      environment: 'server',
      onError: (e) => errors.push(e),
    });
    expect(errors[0]).toBeInstanceOf(ConfigError);
    expect(client.getGateDetails('g', { userID: 'u' })).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
  });

  it('lets Node trust a ruleset too, with validate: false', () => {
    const client = createClient({ ruleset: JSON.stringify(issueRuleset), validate: false, environment: 'server' });
    expect(client.checkGate('new_checkout', { userID: 'u', email: 'u@acme.com' })).toBe(true);
  });
});
