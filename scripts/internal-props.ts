/**
 * Internal property names start with `_` (`compiled._gatesByName`,
 * `this._reader`), and the build shortens exactly those (esbuild
 * `mangleProps`), the way Preact ships its internals: property names survive
 * minification, so on a small SDK the names of compiled-ruleset fields and
 * private client members are a measurable share of the gzip size.
 *
 * A `_` name is never part of a contract: not in the public types (options,
 * results, events, the ruleset), not read from JSON, storage or the wire, not
 * a property of any platform or dependency object, and never used as a string
 * (`obj['_name']`, `'_name' in obj`). test/build/internal-props.test.ts checks
 * all of that, and that code bundled with the pattern behaves exactly as the
 * source does. A new internal field only needs its `_`; a public one must not
 * have it.
 */

/**
 * Names that start with `_` and are kept (esbuild `reserveProps`): `__proto__` and other dunder names, and
 * `_zod`, the property zod's schemas carry (src/ruleset/structural-issues.ts reads it). Go regular
 * expressions (esbuild's) have no lookahead, hence two patterns.
 */
export const RESERVED_PROPS_PATTERN = /^(?:__.*|_zod)$/;

/** The pattern esbuild's `mangleProps` takes: a leading `_`. */
export const INTERNAL_PROPS_PATTERN = /^_/;

/** Whether the build shortens `name`. */
export function isInternalProp(name: string): boolean {
  return INTERNAL_PROPS_PATTERN.test(name) && !RESERVED_PROPS_PATTERN.test(name);
}
