/**
 * `$regex` / `$regexi`: an unanchored JavaScript regular expression tested
 * against the attribute's string form (case-insensitive for `$regexi`).
 * Compiled once; a pattern that is not a string or does not compile matches
 * nothing. Patterns get no `g`/`y` flag, so the shared RegExp keeps no state
 * between calls.
 */
import { alwaysFalse } from './combine.js';
import type { OperatorCompiler, ValueTest } from './types.js';
import { MAX_REGEX_SUBJECT } from '../../ruleset/regex-subject.js';

export { MAX_REGEX_SUBJECT } from '../../ruleset/regex-subject.js';

/** The operator that compiles its operand as a pattern with `flags`. */
function regexOperator(flags: string): OperatorCompiler {
  return (pattern): ValueTest => {
    if (typeof pattern !== 'string') return alwaysFalse;
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, flags);
    } catch {
      return alwaysFalse;
    }
    // Converted as test() would (a missing attribute reads as "null"; a Symbol throws, hence fails).
    return (value) => (value = `${value}`).length <= MAX_REGEX_SUBJECT && regex.test(value as string);
  };
}

/** `$regex $regexi`. */
export const regexOperators = {
  $regex: regexOperator(''),
  $regexi: regexOperator('i'),
} satisfies Record<string, OperatorCompiler>;
