/**
 * How many levels of prerequisites evaluation follows: a gate required by an
 * entity is decided one level below it, and evaluation gives up past this
 * depth (it catches cycles in rulesets that skipped validation). Part of the
 * ruleset language: `parseRuleset` rejects chains that go deeper, so a
 * validated ruleset never hits the limit.
 */
export const MAX_PREREQUISITE_DEPTH = 32;
