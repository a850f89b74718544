/**
 * Longest text a `$regex` tests, in UTF-16 code units; a longer one does not
 * match. A backtracking engine can take time growing with a power of the
 * text's length, and `parseRuleset` bounds that power (regex-work.ts), so
 * with this every read of a validated ruleset ends in bounded time; the
 * evaluator lowers it for patterns with several quantifiers
 * (src/ruleset/regex-cap.ts), which bounds trusted rulesets too. Part
 * of the ruleset language: the validator and the evaluator both follow it.
 */
export const MAX_REGEX_SUBJECT = 500;
