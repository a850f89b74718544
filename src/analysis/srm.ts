/**
 * Sample ratio mismatch: are the units split between variants as the weights
 * planned? A mismatch means assignment or logging is broken (a variant that
 * crashes before logging, bots filtered in one arm, a redirect losing users),
 * and no comparison of that experiment can be trusted.
 */
import { isSplitkitError } from '../errors/index.js';
import { binomialTestTwoSided } from './stats/binomial-test.js';
import { sampleRatioMismatch } from './stats/index.js';
import { plannedShares } from './stats/sample-ratio-mismatch.js';
import type { SrmResult } from './types.js';

/**
 * p-value below which the split is flagged. Deliberately strict: the check runs
 * on every analysis (and every peek at a running experiment), so a 5% level would
 * raise false alarms routinely, while real mismatches tend to give tiny p-values.
 */
export const SRM_THRESHOLD = 0.001;

const WEIGHTS_ASSUMED = 'weights assumed, not planned: give the planned weights (--ruleset) to check';

/**
 * Pearson's chi-square test of `counts` against `weights`, flagged when p < {@link SRM_THRESHOLD};
 * not checked when the weights were `assumed` rather than planned.
 */
export function checkSampleRatio(counts: readonly number[], weights: readonly number[], assumed = false): SrmResult {
  const result = test(counts, weights);
  if (assumed) {
    // An 80/20 experiment read against guessed equal weights "mismatches" at any size, so it decides
    // nothing; the numbers are still shown for whoever knows the split was in fact equal.
    const check: SrmResult = {
      status: 'not checked',
      reason: WEIGHTS_ASSUMED,
      threshold: SRM_THRESHOLD,
      mismatch: false,
    };
    if (result.status === 'ok')
      check.assumed = {
        chiSquare: result.chiSquare,
        pValue: result.pValue,
        ...(result.exact ? { exact: result.exact } : {}),
      };
    return check;
  }
  return result;
}

/** Below this expected count in some variant the chi-square approximation is not trusted: the exact test decides. */
export const SRM_MIN_EXPECTED = 5;

/**
 * The exact test where a variant expects fewer than `SRM_MIN_EXPECTED` units: each variant's count
 * against all units at its planned share by the exact two-sided binomial test; with two variants that is the
 * test (both give the same p), with more the smallest p times their number (Bonferroni), capped at 1.
 * Undefined when every variant expects enough for the chi-square test.
 */
function smallSampleTest(
  counts: readonly number[],
  weights: readonly number[],
): { pValue: number; minExpected: number } | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  const shares = plannedShares(weights);
  const minExpected = Math.min(...shares.map((share) => total * share));
  if (!(minExpected < SRM_MIN_EXPECTED) || !counts.every(Number.isInteger)) return undefined;
  const ps = counts.map((count, i) => {
    const share = shares[i] ?? 0;
    if (share > 0 && share < 1) return binomialTestTwoSided(count, total, share);
    // A share that underflows to 0 (or rounds to 1): any unit outside the plan is infinitely unlikely.
    return (share === 0 && count > 0) || (share === 1 && count < total) ? 0 : 1;
  });
  const smallest = Math.min(...ps);
  return { pValue: counts.length === 2 ? smallest : Math.min(1, smallest * counts.length), minExpected };
}

function test(counts: readonly number[], weights: readonly number[]): SrmResult {
  // A variant of weight 0 (an arm ramped down) expects no units: a unit in it cannot come from these
  // weights, so the split is flagged; without any, the other variants are tested among themselves.
  if (weights.some((weight) => weight === 0)) {
    if (counts.some((count, i) => weights[i] === 0 && count > 0))
      return { status: 'ok', chiSquare: Infinity, pValue: 0, threshold: SRM_THRESHOLD, mismatch: true };
    const planned = weights.flatMap((weight, i) => (weight > 0 ? [i] : []));
    return test(
      planned.map((i) => counts[i] ?? 0),
      planned.map((i) => weights[i] ?? 0),
    );
  }
  try {
    const { chiSquare, pValue } = sampleRatioMismatch([...counts], [...weights]);
    const exact = smallSampleTest(counts, weights);
    if (exact !== undefined) {
      return {
        status: 'ok',
        chiSquare,
        pValue: exact.pValue,
        threshold: SRM_THRESHOLD,
        mismatch: exact.pValue < SRM_THRESHOLD,
        exact: { minExpected: exact.minExpected, chiSquarePValue: pValue },
      };
    }
    return { status: 'ok', chiSquare, pValue, threshold: SRM_THRESHOLD, mismatch: pValue < SRM_THRESHOLD };
  } catch (error) {
    if (isSplitkitError(error) && error.code === 'ANALYSIS_INPUT') {
      return { status: 'not enough data', reason: error.message, threshold: SRM_THRESHOLD, mismatch: false };
    }
    throw error;
  }
}
