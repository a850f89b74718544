/**
 * `splitkit validate` and `serve` warn about a pattern that tests less text than a reader expects: the
 * evaluator's bound for its quantifiers (regex-cap.ts) leaves the usual e-mail pattern at 30 characters.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { shortRegexes, shortRegexWarning } from '../../src/ruleset/short-regexes.js';
import { checkRulesetBytes, rulesetWarnings, etagOf } from '../../src/serve/ruleset-file.js';

const EMAIL = '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$';
const ruleset = {
  version: 1,
  gates: {
    staff: {
      rules: [
        { id: 'email', when: { email: { $regex: EMAIL } } },
        { id: 'domain', when: { email: { $regex: '@acme\\.com$' } } },
        { id: 'nested', when: { $and: [{ $not: { name: { $regexi: '^a+b+c+d+$' } } }] } },
      ],
    },
  },
  // A parameter's value is data, not a condition, whatever its keys.
  params: { p: { default: { $regex: '^a+b+c+d+$' } } },
};

describe('short regexes', () => {
  it('lists every condition pattern under 500 characters, with its path and bound, and nothing else', () => {
    expect(shortRegexes(parseRuleset(ruleset))).toEqual([
      { path: 'gates.staff.rules[0].when.email.$regex', cap: 30 },
      { path: 'gates.staff.rules[2].when.$and[0].$not.name.$regexi', cap: 14 },
    ]);
  });

  it('says what the evaluator does: a longer value never matches', () => {
    const client = createClient({ ruleset, environment: 'server' });
    const address = (length: number) => `${'a'.repeat(length - 9)}@acme.org`;
    // The name keeps the third rule out of it.
    expect(client.getGateDetails('staff', { email: address(30), name: 'abcd' })).toMatchObject({
      value: true,
      ruleId: 'email',
    });
    expect(client.checkGate('staff', { email: address(31), name: 'abcd' })).toBe(false);
    expect(shortRegexWarning({ path: 'x.$regex', cap: 30 })).toMatch(
      /^x\.\$regex: the pattern tests at most 30 characters .*a longer value never matches/,
    );
  });

  it('is one of the warnings validate and serve print', () => {
    const bytes = Buffer.from(JSON.stringify(ruleset));
    const checked = checkRulesetBytes(bytes);
    if (!checked.ok) throw new Error('the fixture is valid');
    const served = {
      bytes,
      text: bytes.toString(),
      etag: etagOf(bytes),
      signature: undefined,
      ruleset: checked.ruleset,
    };
    const warnings = rulesetWarnings(served, Date.now());
    expect(warnings.filter((warning) => warning.includes('the pattern tests at most'))).toHaveLength(2);
  });
});
