/**
 * A pattern the validator accepts can still test less than 500 characters: the evaluator's limit
 * (src/ruleset/regex-cap.ts) counts every quantifier, identically in every client. docs/ruleset.md states the
 * numbers below; this keeps them true.
 */
import { describe, expect, it } from 'vitest';
import { createClient, parseRuleset } from '../../src/index.js';
import { createClient as createLiteClient } from '../../src/lite.js';
import { regexSubjectCap } from '../../src/ruleset/regex-cap.js';

const EMAIL = '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$';
const ruleset = { gates: { g: { rules: [{ id: 'r', when: { email: { $regex: EMAIL } } }] } } };

describe('validated patterns and the evaluator limit', () => {
  it.each([
    [EMAIL, 30],
    ['^(?=.*\\d)(?=.*[a-z]).{8,}$', 30],
    ['^\\d{3}-\\d{4}$', 98],
    ['^\\w+@\\w+\\.\\w+\\.\\w+$', 14],
    ['@acme\\.com$', 500],
    ['^[^@]+@acme\\.com$', 500],
  ])('%s passes the validator and tests at most %i characters', (pattern, characters) => {
    expect(() =>
      parseRuleset({ gates: { g: { rules: [{ id: 'r', when: { s: { $regex: pattern } } }] } } }),
    ).not.toThrow();
    expect(Math.floor(regexSubjectCap(pattern))).toBe(characters);
  });

  it('the e-mail pattern matches no address longer than 30 characters, in every client', () => {
    const short = 'jo.li@seagull.example.com'; // 25
    const long = 'jonathan.livingston@seagull-enterprises.example.com'; // 51
    expect(new RegExp(EMAIL).test(long)).toBe(true);
    const full = createClient({ ruleset, environment: 'server' });
    const lite = createLiteClient({ ruleset });
    for (const client of [full, lite]) {
      expect(client.checkGate('g', { email: short })).toBe(true);
      expect(client.checkGate('g', { email: long })).toBe(false);
    }
  });
});
