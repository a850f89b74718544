import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_REGEX_LENGTH, regexProblem } from '../../src/ruleset/safe-regex.js';

/** Patterns known to backtrack catastrophically (or otherwise refused), with the reason reported. */
const KNOWN_BAD: [string, RegExp][] = [
  ['(a+)+', /nested quantifiers in "\(a\+\)\+"/],
  ['(a*)*', /nested quantifiers/],
  ['^(a+)+$', /nested quantifiers/],
  ['(x+x+)+y', /nested quantifiers/],
  ['([a-zA-Z]+)*', /nested quantifiers/],
  ['(\\w+\\s?)+$', /nested quantifiers/],
  ['^(\\d+\\.?)+$', /nested quantifiers/],
  ['(?:a?)+b', /nested quantifiers/],
  ['((ab)*c)+', /nested quantifiers/],
  ['(a{1,3})+', /nested quantifiers/],
  ['(.*a){20}', /nested quantifiers in "\(\.\*a\)\{20\}"/],
  ['(.*,){2,}', /nested quantifiers/],
  ['(a{1,3}){50}', /repeats a quantified group too many times/],
  ['(?:a?){12}', /repeats a quantified group too many times/],
  ['(a|a)*', /branches of "\(a\|a\)\*" can match the same text/],
  ['(a|ab)*', /branches/],
  ['(a|ab){2,5}', /branches/],
  ['^(\\w|\\d)+$', /branches/],
  ['(.|\\s)*', /branches/],
  ['(?:[a-c]|b)+', /branches/],
  ['(?:x|(?:y|xz))+', /branches/],
  ['(?=(a+)+)', /nested quantifiers/],
  ['(a)\\1', /backreferences/],
  ['(?<word>\\w)\\k<word>', /backreferences/],
  ['a'.repeat(MAX_REGEX_LENGTH + 1), /longer than 1000 characters/],
  // Parts side by side that can take each other's characters: work grows as n³ and more.
  [
    '.*a.*a.*a.*a.*a.*a.*a.*a!',
    /parts that can take the same characters follow each other \(the unanchored start, "\.\*", "\.\*"/,
  ],
  ['^.*a.*a.*a.*a.*a.*a.*a.*a!', /follow each other \("\.\*", "\.\*", "\.\*"/],
  ['.*a.*b', /follow each other \(the unanchored start, "\.\*", "\.\*"\)/],
  ['\\s+\\s+$', /follow each other/],
  ['^\\w+\\w+\\w+$', /follow each other/],
  ['^a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaaaaaaa$', /follow each other/],
  ['^.{0,999}x.{0,999}y.{0,999}$', /follow each other/],
  ['(?=.*a).*b.*c', /follow each other/],
  ['\\s+a$|\\s+b$|\\s+c$|\\s+d$|\\s+e$', /follow each other/],
  // Harmless, but the evaluator's small scan (every build) refuses them: the validator says so instead of
  // accepting a condition that would silently match nothing.
  ['(foo|bar)+', /evaluator refuses/],
  ['^(\\d{1,3}\\.){3}\\d{1,3}$', /evaluator refuses/],
  ['(?:a|b|c)*', /evaluator refuses/],
  ['(?:\\d{3}-){2}\\d{4}', /evaluator refuses/],
];

/** Patterns that must stay usable, including the ones from the ruleset spec. */
const KNOWN_GOOD = [
  '@acme\\.com$',
  '^\\d{3}-\\d{4}$',
  '^(foo|bar)$',
  '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$',
  '^(?:\\+?1[-. ]?)?\\(?\\d{3}\\)?[-. ]?\\d{3}[-. ]?\\d{4}$',
  '^https?://([^/]+)/',
  '^(ab)+$',
  'Mozilla/5\\.0.*(iPhone|iPad)',
  '^v?\\d+\\.\\d+',
  '[{}]',
  'a{,5}',
  '\\bword\\b',
  '(?<=\\$)\\d+',
  '(?=a)b',
  '^$',
  '[\\]\\\\-]',
  '\\u00e9|\\x41',
  'a'.repeat(MAX_REGEX_LENGTH),
  // Quadratic at most, which the evaluator's cap on the text's length bounds.
  '\\s+$',
  '^.*a.*b',
  'foo.*bar',
  '^\\w+\\s\\w+$',
  '^(?=.*\\d)(?=.*[a-z]).{8,}$',
  '^[^@]+@[^@]+\\.[a-z]+$',
  '\\s+a$|\\s+b$',
];

describe('safe-regex', () => {
  it.each(KNOWN_BAD)('rejects %s', (pattern, reason) => {
    expect(regexProblem(pattern)).toMatch(reason);
  });

  it.each(KNOWN_GOOD.map((pattern) => [pattern]))('accepts %s', (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });

  it('rejects a pattern that does not compile, with the engine message', () => {
    expect(regexProblem('(')).toMatch(/^invalid regular expression \(.*Unterminated group\)$/);
    expect(regexProblem('a**')).toMatch(/^invalid regular expression/);
  });

  it('advises anchoring only a pattern whose start is part of the chain', () => {
    expect(regexProblem('.*a.*b')).toMatch(/; anchor the pattern or separate them with characters they cannot match$/);
    // Anchored already: anchoring is no advice.
    expect(regexProblem('^\\w+\\w+\\w+$')).toMatch(/length; separate them with characters they cannot match$/);
    expect(regexProblem('\\s+\\s+$')).toMatch(/; anchor the pattern or separate them/);
  });

  it('judges case-insensitive patterns with case folded', () => {
    // Without case folding the branches differ (only the evaluator's scan refuses the repeat); with it they overlap.
    expect(regexProblem('(A|a)+')).toMatch(/evaluator refuses/);
    expect(regexProblem('(A|a)+', 'i')).toMatch(/branches of .* can match the same text/);
    expect(regexProblem('(é|É)+', 'i')).toMatch(/branches of .* can match the same text/);
    expect(regexProblem('(foo|bar)+', 'i')).toMatch(/evaluator refuses/);
  });

  it('keeps accepted patterns fast on inputs that make unsafe ones backtrack', () => {
    // Each accepted pattern against long near-miss inputs; a catastrophic pattern would take seconds to years.
    // The budget is generous (the whole loop takes a few milliseconds) so a loaded CI machine cannot fail it.
    const inputs = [`${'a'.repeat(5000)}!`, `${'1'.repeat(5000)}x`, `${'ab'.repeat(2500)}\n`, `${' '.repeat(5000)}@`];
    const started = performance.now();
    for (const pattern of KNOWN_GOOD) {
      const regex = new RegExp(pattern);
      for (const input of inputs) regex.test(input);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('parses Annex B syntax without tripping: literal braces, escapes in classes, octal and control escapes', () => {
    for (const pattern of [
      'x{',
      'x{1',
      '}',
      ']',
      '[\\b]',
      '\\0',
      '\\cJ',
      '\\c',
      '[\\d-z]+',
      '\\p{L}+',
      '(?:)',
      '[^]*',
    ]) {
      expect(() => regexProblem(pattern), pattern).not.toThrow();
    }
    expect(regexProblem('x{+')).toBeUndefined();
    expect(regexProblem('(?:\\p{L}|a)+')).toMatch(/^unsafe regular expression: /);
  });

  it('never throws, whatever the pattern (many random patterns compile under Annex B)', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '.',
      '|',
      '(',
      ')',
      '(?:',
      '(?=',
      '(?<=',
      '(?<n>',
      '[',
      ']',
      '^',
      '-',
      '*',
      '+',
      '?',
      '{',
      '}',
      '{2}',
      '{1,3}',
      '{2,}',
      '\\',
      '\\d',
      '\\w',
      '\\s',
      '\\b',
      '\\1',
      '\\k<n>',
      '\\x4',
      '\\u00',
      '\\c',
      '\\0',
      '\\p{L}',
      '$',
      ',',
      '7',
    );
    const pattern = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    let compiled = 0;
    fc.assert(
      fc.property(pattern, fc.constantFrom('', 'i'), (source, flags) => {
        const problem = regexProblem(source, flags);
        expect(problem === undefined || typeof problem === 'string').toBe(true);
        if (problem === undefined || !problem.startsWith('invalid')) compiled++;
      }),
      { numRuns: 2000 },
    );
    // The property is only meaningful if many generated patterns got past compilation into the analysis.
    expect(compiled).toBeGreaterThan(200);
  });
});
