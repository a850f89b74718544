/**
 * Summaries of per-unit values: size, mean and unbiased variance, and for
 * ratio metrics the means, variances and covariance of numerator and
 * denominator.
 */
import { AnalysisError } from '../../errors/index.js';
import { accurateMean, sampleCovariance } from './moments.js';
import type { RatioSummary, SampleSummary } from './types.js';
import { requireFiniteValues } from './validate.js';

function requireTwoValues(values: readonly number[], name: string): void {
  requireFiniteValues(values, name);
  if (values.length < 2) {
    throw new AnalysisError(`${name} needs at least 2 values for a variance, got ${values.length}`);
  }
}

// Finite values far apart (±1e200) have a variance beyond the largest double: say so instead of returning Infinity.
function requireRepresentable(value: number, name: string): void {
  if (!Number.isFinite(value)) {
    throw new AnalysisError(
      `${name} overflows a double (values further apart than about 1e154 have no representable variance)`,
    );
  }
}

/** {@link summarize}, with `name` (such as `control`) in the error messages. */
export function summarizeNamed(values: readonly number[], name: string): SampleSummary {
  requireTwoValues(values, name);
  const mean = accurateMean(values);
  // Rounding could leave a constant sample a hair below zero.
  const variance = Math.max(0, sampleCovariance(values, values, mean, mean));
  requireRepresentable(variance, `${name} variance`);
  return { n: values.length, mean, variance };
}

/**
 * Size, mean and unbiased sample variance (divisor n − 1) of `values`,
 * computed with compensated sums.
 *
 * @throws AnalysisError when there are fewer than 2 values or a value is not finite.
 */
export function summarize(values: readonly number[]): SampleSummary {
  return summarizeNamed(values, 'values');
}

/**
 * Per-unit moments of a ratio metric: the means of numerators and
 * denominators, their unbiased variances and their unbiased covariance.
 * Entry i of both arrays belongs to unit i.
 *
 * @throws AnalysisError when the arrays differ in length, have fewer than 2
 *   entries, or hold a value that is not finite.
 */
export function summarizeRatio(numerators: readonly number[], denominators: readonly number[]): RatioSummary {
  requireTwoValues(numerators, 'numerators');
  requireTwoValues(denominators, 'denominators');
  if (numerators.length !== denominators.length) {
    throw new AnalysisError(
      `numerators and denominators must have one entry per unit, got ${numerators.length} and ${denominators.length}`,
    );
  }
  const meanNumerator = accurateMean(numerators);
  const meanDenominator = accurateMean(denominators);
  const summary = {
    n: numerators.length,
    meanNumerator,
    meanDenominator,
    varianceNumerator: Math.max(0, sampleCovariance(numerators, numerators, meanNumerator, meanNumerator)),
    varianceDenominator: Math.max(0, sampleCovariance(denominators, denominators, meanDenominator, meanDenominator)),
    covariance: sampleCovariance(numerators, denominators, meanNumerator, meanDenominator),
  };
  requireRepresentable(summary.varianceNumerator, 'numerators variance');
  requireRepresentable(summary.varianceDenominator, 'denominators variance');
  requireRepresentable(summary.covariance, 'covariance');
  return summary;
}
