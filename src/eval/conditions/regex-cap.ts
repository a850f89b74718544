/**
 * How long a text a `$regex` pattern may test, so that every read ends in
 * bounded time whether or not the ruleset went through the validator.
 *
 * A backtracking engine tries the ways a pattern can split the text. Without
 * a repetition of something that can itself match in several ways, every
 * attempt is set by a few choices: a count for each unbounded quantifier (at
 * most the text's length plus one), one of the counts of a bounded one, one
 * branch of an alternation, present or not for `?`, and the start for an
 * unanchored pattern. So the work is at most n^degree × choices, with degree
 * the number of unbounded quantifiers (plus one for an unanchored start and
 * one for each backreference, whose comparison reads up to n characters).
 * The cap is the longest n that keeps this within a fixed budget; the scan
 * errs on the high side (alternatives count as if side by side, `?` and `|`
 * count two ways each). A repetition of a group that can match in several
 * ways (`(a+)+`, `(a|aa)*`, `(\w+\s?)+`) can take time exponential in n: such
 * a pattern is refused (-1) and the operator never matches, as when it does
 * not compile.
 */
import { MAX_REGEX_SUBJECT } from '../../ruleset/regex-subject.js';

/**
 * The longest text `source` (a pattern that compiles) may test: at most
 * {@link MAX_REGEX_SUBJECT}, -1 (nothing) when no length is safe. Not always
 * a whole number: compare lengths with `<=`.
 */
export function regexSubjectCap(source: string): number {
  // Escapes (but backreferences) and classes become one character, and `(?:`, `(?=`, `(?<!`, … a plain `(`,
  // so that what is left is plain syntax.
  const plain = source.replace(/\\[^1-9k]|\[(\\.|[^\]\\])*]/g, '.').replace(/\(\?/g, '(');
  // Refused: a repeated group that holds a quantifier or `|`, or another group. The test starts at the last of
  // those before the group's `)`, so it reads each character a bounded number of times.
  return /[*+?{|)][^()*+?{|]*\)[*+{]/.test(plain)
    ? -1
    : Math.min(
        MAX_REGEX_SUBJECT,
        // Attempts: (n+1)^degree × choices, within a budget of 10^6, with which the worst patterns read in a
        // few milliseconds at their cap, interpreted, on a busy machine (test/eval/conditions/regex-cap.test.ts). Unbounded quantifiers, ranges and `?` (not a lazy one) take one of
        // at most n+1 counts (a `?` of something that can match empty text is tried once), and so do a
        // backreference (its comparison reads up to n characters) and the start unless every branch is
        // anchored. The branches between one `(` and the next multiply the choices: at least as many as each
        // group's branches, multiplied.
        plain.split('(').reduce((work, part) => work / part.split('|').length, 1e6) **
          (1 / plain.split(/[*+\\]|\{\d+,|[^*+?}]\?/).length) -
          1,
      );
}
