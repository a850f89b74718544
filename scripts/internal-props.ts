/**
 * Internal property names the browser-facing build shortens (esbuild
 * `mangleProps`), the way Preact ships its internals. Property names survive
 * minification, so on a small SDK the names of compiled-ruleset fields and
 * private client members are a measurable share of the gzip size.
 *
 * A name belongs here only when it is never part of a contract: not in the
 * public types (options, results, events, the ruleset), not read from JSON,
 * storage or the wire, not a property of any platform object, and never used
 * as a string (`obj['name']`, `'name' in obj`). test/build/internal-props.test.ts
 * checks all of that, and that code bundled with the list behaves exactly as
 * the source does. A name missing from the list only costs bytes; a wrong one
 * would break the package, hence the checks.
 */

/** Grouped by where they live; each group sorted. */
export const INTERNAL_PROPS: readonly string[] = [
  // Compiled ruleset (src/eval/compiled.ts): what the evaluator reads on every call.
  'endMs', 'scheduled', 'shippedIndex', 'startMs', 'usesTime', 'variantEnds', 'variantKeys', 'variantPrefix',
  // The incremental murmur3 state (src/eval/hasher.ts).
  'tailWord',
  // Client internals (src/client).
  'deliver', 'setUnitNames',
  // Event pipeline internals (src/events).
  'isBlocked', 'keepUnconfirmed', 'markDirty', 'oversized', 'waiters', 'wakeWhenOpen', 'writeNow',
];

/** The pattern esbuild's `mangleProps` takes: exactly the listed names. */
export const INTERNAL_PROPS_PATTERN = new RegExp(`^(?:${INTERNAL_PROPS.join('|')})$`);
