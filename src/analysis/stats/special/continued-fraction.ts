/**
 * Modified Lentz evaluation of continued fractions, shared by the incomplete
 * beta, incomplete gamma and normal tail.
 */
import { AnalysisError } from '../../../errors/index.js';

/** Stop once a convergent changes the value by less than this, relatively (a few ulps). */
const TOLERANCE = 1e-15;
/** Stand-in for a zero denominator; Lentz's method only needs it to be tiny and nonzero. */
const TINY = 1e-300;

/**
 * Evaluates `b0 + a(1) / (b(1) + a(2) / (b(2) + …))` by the modified Lentz
 * method, stopping when the value settles to about 1e-15 relative.
 *
 * @param maxTerms - Terms to try before giving up; the callers choose bounds
 *   far above what their domains need.
 * @throws AnalysisError when the fraction has not settled after `maxTerms` terms.
 */
export function continuedFraction(
  b0: number,
  a: (n: number) => number,
  b: (n: number) => number,
  maxTerms: number,
): number {
  let value = b0 === 0 ? TINY : b0;
  let c = value;
  let d = 0;
  for (let n = 1; n <= maxTerms; n++) {
    const an = a(n);
    const bn = b(n);
    d = bn + an * d;
    if (d === 0) d = TINY;
    c = bn + an / c;
    if (c === 0) c = TINY;
    d = 1 / d;
    const delta = c * d;
    value *= delta;
    if (Math.abs(delta - 1) < TOLERANCE) return value;
  }
  throw new AnalysisError(`continued fraction did not converge in ${maxTerms} terms`);
}
