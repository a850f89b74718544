/**
 * Sample ratio mismatch check: did units land in the variants in the planned
 * proportions? Pearson's chi-square goodness-of-fit test.
 */
import { AnalysisError } from '../../errors/index.js';
import { chiSquareSf } from './distributions/chi-square.js';
import { CompensatedSum } from './moments.js';
import type { ChiSquareTest } from './types.js';
import { requireFiniteValues } from './validate.js';

/**
 * Pearson's goodness-of-fit test of observed counts against planned weights:
 * expected_i = N·w_i/Σw with N = Σ observed, χ² = Σ (o_i − e_i)²/e_i, and the
 * p-value P(χ²ₖ₋₁ > χ²) from the upper tail (exact far below 1e-9).
 *
 * @param observed - Units seen per variant (non-negative; need not be integers).
 * @param weights - Planned weights in the same order (positive; any scale).
 * @throws AnalysisError when the arrays differ in length, have fewer than 2
 *   entries, hold a non-finite value, a negative count or a non-positive
 *   weight, or no units were observed at all.
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[]): ChiSquareTest {
  requireFiniteValues(observed, 'observed');
  requireFiniteValues(weights, 'weights');
  if (observed.length !== weights.length) {
    throw new AnalysisError(
      `observed and weights must have the same length, got ${observed.length} and ${weights.length}`,
    );
  }
  if (observed.length < 2) throw new AnalysisError(`the test needs at least 2 groups, got ${observed.length}`);
  observed.forEach((count, i) => {
    if (count < 0) throw new AnalysisError(`observed[${i}] must not be negative, got ${count}`);
  });
  weights.forEach((weight, i) => {
    if (!(weight > 0)) throw new AnalysisError(`weights[${i}] must be greater than 0, got ${weight}`);
  });
  const total = sumOf(observed);
  if (total === 0) throw new AnalysisError('no units were observed, so there is no split to test');
  const shares = plannedShares(weights);
  const chiSquare = new CompensatedSum();
  for (let i = 0; i < observed.length; i++) {
    const count = observed[i] as number;
    const expected = total * (shares[i] as number);
    const term = ((count - expected) * (count - expected)) / expected;
    // A weight so small that its expected count underflows makes any unit in that group infinitely unlikely.
    if (term === Infinity) return { chiSquare: Infinity, pValue: 0 };
    chiSquare.add(term);
  }
  const statistic = chiSquare.value();
  return { chiSquare: statistic, pValue: chiSquareSf(statistic, observed.length - 1) };
}

/**
 * Each variant's planned share of the units (summing to 1) from weights of any scale: dividing by the largest
 * first keeps their sum finite (1e308 + 1e308 is not). A share may underflow to 0.
 */
export function plannedShares(weights: readonly number[]): number[] {
  const largest = Math.max(...weights);
  const scaled = weights.map((weight) => weight / largest);
  const total = sumOf(scaled);
  return scaled.map((share) => share / total);
}

function sumOf(values: readonly number[]): number {
  const sum = new CompensatedSum();
  for (const value of values) sum.add(value);
  return sum.value();
}
