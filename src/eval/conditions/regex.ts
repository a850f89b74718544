/**
 * `$regex` / `$regexi`: an unanchored JavaScript regular expression tested
 * against the attribute's string form (case-insensitive for `$regexi`).
 * Compiled once; a pattern that is not a string, does not compile, or could
 * take time exponential in the text's length matches nothing, and text over
 * the pattern's cap (regex-cap.ts) does not match. Patterns get no `g`/`y`
 * flag, so the shared RegExp keeps no state between calls.
 */
import { alwaysFalse } from './combine.js';
import type { OperatorCompiler, ValueTest } from './types.js';
import { regexSubjectCap } from '../../ruleset/regex-cap.js';

export { MAX_REGEX_SUBJECT } from '../../ruleset/regex-subject.js';

/** The operator that compiles its operand as a pattern with `flags`. */
function regexOperator(flags: string): OperatorCompiler {
  return (pattern): ValueTest => {
    try {
      const regex = new RegExp(pattern as string, flags);
      // Throws for an operand that is not a string (it has no `replace`). A refused pattern's cap (-1) fails
      // every text, as alwaysFalse would.
      const cap = regexSubjectCap(pattern as string);
      // Converted as test() would (a missing attribute reads as "null"; a Symbol throws, hence fails).
      return (value) => (value = `${value}`).length <= cap && regex.test(value as string);
    } catch {
      return alwaysFalse;
    }
  };
}

/** `$regex $regexi`. */
export const regexOperators = {
  $regex: regexOperator(''),
  $regexi: regexOperator('i'),
} satisfies Record<string, OperatorCompiler>;
