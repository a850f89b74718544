/**
 * Version comparisons `$veq $vne $vgt $vgte $vlt $vlte`, GrowthBook-compatible:
 * both sides are put in a padded form, then compared as strings by `$eq $ne
 * $gt $gte $lt $lte`. The operand is padded once at compile time, the
 * attribute on every call (version operators are rare, so a simple padding
 * that allocates is preferred to a streaming comparison).
 */
import { alwaysFalse } from './combine.js';
import { comparisonOperators } from './comparison.js';
import { equalityOperators } from './equality.js';
import type { OperatorCompiler } from './types.js';

/**
 * The padded form of a version, e.g. `"v1.2.3+b7"` -> `"    1-    2-    3-~"`:
 * drop a leading `v` and a `+build` suffix, split on `-` and `.`, add a `~`
 * part when there are exactly three parts (so a release sorts after its
 * pre-releases), pad all-digit parts to five characters with leading spaces,
 * and join with `-`. A number is read as its decimal text; anything else but
 * a non-empty string as `"0"`.
 */
export function paddedVersion(version: unknown): string {
  const text = typeof version === 'string' ? version || '0' : typeof version === 'number' ? String(version) : '0';
  // As in GrowthBook: `.` stops at a line break and `$` is the end of the text,
  // so a `+` with a line break after it is not a build suffix.
  const parts = text.replace(/^v|\+.*$/g, '').split(/[-.]/);
  if (parts.length === 3) parts.push('~');
  return parts.map((part) => (/^\d+$/.test(part) ? part.padStart(5, ' ') : part)).join('-');
}

/** Turns a string operator into a version operator; the operand must be a string or a number. */
function versionOf(compare: OperatorCompiler): OperatorCompiler {
  return (operand, compiler) => {
    if (typeof operand !== 'string' && typeof operand !== 'number') return alwaysFalse;
    const test = compare(paddedVersion(operand), compiler);
    return (value) => test(paddedVersion(value));
  };
}

/** `$veq $vne $vgt $vgte $vlt $vlte`. */
export const versionOperators = {
  $veq: versionOf(equalityOperators.$eq),
  $vne: versionOf(equalityOperators.$ne),
  $vgt: versionOf(comparisonOperators.$gt),
  $vgte: versionOf(comparisonOperators.$gte),
  $vlt: versionOf(comparisonOperators.$lt),
  $vlte: versionOf(comparisonOperators.$lte),
} satisfies Record<string, OperatorCompiler>;
