/**
 * How long a text a `$regex` pattern may test, so that every read ends in
 * bounded time whether or not the ruleset went through the validator (the
 * browser build and `splitkit/lite` trust theirs).
 *
 * A backtracking engine tries the ways a pattern can split the text. Unless
 * a repeated group can itself match in several ways, an attempt is fixed by a
 * few choices: a count for each quantifier (one of at most n+1 for a text of
 * n characters), a branch for each alternation, and the start of an
 * unanchored pattern; a backreference compares up to n characters. So a read
 * makes at most (n+1)^degree × choices steps, degree counting the
 * quantifiers, backreferences and the start, and choices the branches. The
 * cap is the longest n that keeps this within a budget of 10^6, at most
 * {@link MAX_REGEX_SUBJECT}: the worst patterns then read in a few
 * milliseconds at their cap, interpreted, on a busy machine
 * (test/ruleset/regex-cap.test.ts). The scan is small (it ships in
 * the 6 KB lite bundle) and errs on the high side: every quantifier counts,
 * `{3}` and `a?` too, and so does an anchored start. A repeated group that
 * holds a quantifier, an alternation or another group (`(a+)+`, `(a|aa)*`,
 * `(\w+\s?)+`, `(\d{1,3}\.){3}`) can take time exponential in n: such a
 * pattern is refused (-1) and the operator never matches, as when it does not
 * compile.
 */
import { MAX_REGEX_SUBJECT } from './regex-subject.js';

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
        // The branches between one `(` and the next multiply the choices: at least as many as each group's
        // branches, multiplied. Every `*+?{` and backreference, plus one (the start), is a degree. The -1 keeps
        // a text of no characters within the budget: with many empty branches even it takes long.
        plain.split('(').reduce((work, part) => work / part.split('|').length, 1e6) **
          (1 / plain.split(/[*+?{\\]/).length) -
          1,
      );
}
