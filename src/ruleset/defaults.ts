/**
 * The defaults of a ruleset that are values (units, percentages, derived
 * salts). `normalizeRuleset` writes them into a document; the compiler applies
 * the same ones while reading a trusted input directly, so the lite bundle
 * needs no normalizer. A few defaults are plain fallbacks written in both
 * places (`salt` is the key or the rule id, `enabled` true, `status`
 * running); test/eval/compile-input.test.ts checks that the two agree.
 */

/**
 * How deep prerequisites may nest: parseRuleset refuses deeper chains, and the evaluator gives up past it,
 * which also stops a cycle in a ruleset it was trusted with.
 */
export const MAX_PREREQUISITE_DEPTH = 32;

/**
 * How many gate decisions prerequisites may cost one read at most, counting a gate each time a rule requires
 * it: parseRuleset refuses more. Depth alone does not bound the work: eight levels of gates whose twenty rules
 * each require the next gate make one read decide 1.3 billion gates (half a minute). 10,000 decisions take
 * about half a millisecond, slow but no hang, so only rulesets whose work multiplies are refused, not a gate
 * whose forty rules each require a thirty-rule gate (1,241).
 */
export const MAX_PREREQUISITE_DECISIONS = 10_000;

/** Unit attribute used when an entity names none. */
export const DEFAULT_UNIT = 'userID';

/** Rollouts and allocations default to everyone. */
export const EVERYONE_PERCENT = 100;

/** A layer's salt when it names none. */
export function layerSalt(key: string): string {
  return `${key}.layer`;
}

/** A holdout's salt when it names none. */
export function holdoutSalt(key: string): string {
  return `${key}.holdout`;
}

/** The entries of one of the ruleset's maps (gates, experiments, …); an absent map has none. */
export function entriesOf<T>(map: { [key: string]: T } | undefined): [string, T][] {
  return Object.entries(map ?? {});
}
