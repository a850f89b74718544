/**
 * The `sticky` field of an experiment (docs/bucketing.md#sticky-assignments): a boolean, absent by default, kept
 * by normalization, and refused with its path when it is anything else.
 */
import { describe, expect, it } from 'vitest';
import { normalizeRuleset } from '../../src/ruleset/normalize.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { fullDocument, issueLines, withChanges } from './helpers.js';

describe('experiment.sticky', () => {
  it('is accepted as a boolean and kept by parseRuleset and normalizeRuleset', () => {
    const input = withChanges((document) => {
      document.experiments!['button_color']!.sticky = true;
      document.experiments!['checkout_copy']!.sticky = false;
    });
    const parsed = parseRuleset(input);
    expect(parsed.experiments['button_color']?.sticky).toBe(true);
    expect(parsed.experiments['checkout_copy']?.sticky).toBe(false);
    expect(parseRuleset(JSON.parse(JSON.stringify(parsed)))).toStrictEqual(parsed);
  });

  it('is absent by default: existing rulesets normalize as before', () => {
    const parsed = parseRuleset(fullDocument());
    expect(parsed.experiments['button_color']).not.toHaveProperty('sticky');
    expect(normalizeRuleset(fullDocument()).experiments['button_color']).not.toHaveProperty('sticky');
  });

  it.each([['yes'], [1], [null], [{}]])('refuses %j with the path of the field', (value) => {
    const input = withChanges((document) => {
      (document.experiments!['button_color'] as { sticky?: unknown }).sticky = value;
    });
    expect(issueLines(input)).toStrictEqual([expect.stringMatching(/^experiments\.button_color\.sticky: .*boolean/)]);
  });
});
