import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createTestClient } from '../../src/testing/index.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { createClient as createLiteClient } from '../../src/lite.js';
import { SDK } from '../../src/version.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';

// Counts validations (the real validator still runs).
vi.mock('../../src/ruleset/parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/ruleset/parse.js')>();
  return { ...actual, parseRuleset: vi.fn(actual.parseRuleset) };
});

describe('splitkit/testing', () => {
  it('forces values and records what production would log', () => {
    const client = createTestClient({
      ruleset: issueRuleset,
      overrides: { experiments: { button_color: 'blue' } },
      user: { userID: 'u', email: 'u@acme.com' },
    });
    expect(client.getExperiment('button_color').get('color', '')).toBe('#22d');
    expect(client.checkGate('new_checkout')).toBe(true);
    client.checkGate('new_checkout');
    client.track('purchase', { value: 3 });
    expect(client.events.map((e) => [e.type, e.name])).toEqual([
      ['exposure', 'new_checkout'],
      ['event', 'purchase'],
    ]);
    expect(client.events[0]).toMatchObject({ id: 'test-event-1', time: 0, source: 'client' });
  });

  it('collects errors instead of logging them, and works without a ruleset', () => {
    const client = createTestClient();
    expect(client.checkGate('anything')).toBe(false);
    expect(client.errors.map((e) => e.code)).toEqual(['FLAG_NOT_FOUND']);
  });

  it('throws on an invalid ruleset so a test fails loudly', () => {
    expect(() => createTestClient({ ruleset: { gates: 1 } })).toThrow(/gates/);
  });

  it('validates its ruleset once, each replacement too, and takes back the one in use as it is', () => {
    vi.mocked(parseRuleset).mockClear();
    const client = createTestClient({ ruleset: issueRuleset });
    expect(parseRuleset).toHaveBeenCalledOnce();
    expect(client.setRuleset({ gates: 1 })).toBe(false);
    expect(client.errors.map((e) => e.code)).toEqual(['INVALID_RULESET']);
    expect(client.checkGate('new_checkout', { userID: 'u', email: 'u@acme.com' })).toBe(true);
    expect(client.setRuleset(client.getRuleset())).toBe(true);
    expect(client.setRuleset(JSON.stringify({ gates: { only: {} } }))).toBe(true);
    expect(Object.keys(client.getRuleset().gates ?? {})).toEqual(['only']);
  });
});

describe('splitkit/lite', () => {
  it('evaluates a trusted ruleset without validation or events', () => {
    const client = createLiteClient({
      ruleset: issueRuleset,
      user: { userID: 'u', deviceID: 'd', email: 'u@acme.com' },
    });
    expect(client.checkGate('new_checkout')).toBe(true);
    expect(client.getExperiment('button_color').variant).toMatch(/^(red|blue)$/);
  });

  it('gives the same answers as the full client', async () => {
    const { createClient } = await import('../../src/index.js');
    const full = createClient({ ruleset: issueRuleset, environment: 'server' });
    const lite = createLiteClient({ ruleset: issueRuleset });
    for (let i = 0; i < 200; i++) {
      const user = { userID: `u${i}`, deviceID: `d${i}`, country: i % 2 ? 'US' : 'CA' };
      expect(lite.checkGate('new_checkout', user)).toBe(full.checkGate('new_checkout', user));
      expect(lite.getExperiment('button_color', user).variant).toBe(full.getExperiment('button_color', user).variant);
    }
  });
});

describe('package', () => {
  it('sends the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(SDK).toEqual({ name: pkg.name, version: pkg.version });
  });
});
