/**
 * Sample ratio mismatch: are the units split between variants as the weights
 * planned? A mismatch means assignment or logging is broken (a variant that
 * crashes before logging, bots filtered in one arm, a redirect losing users),
 * and no comparison of that experiment can be trusted.
 */
import { isSplitkitError } from '../errors/index.js';
import { sampleRatioMismatch } from './stats/index.js';
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
    if (result.status === 'ok') check.assumed = { chiSquare: result.chiSquare, pValue: result.pValue };
    return check;
  }
  return result;
}

function test(counts: readonly number[], weights: readonly number[]): SrmResult {
  try {
    const { chiSquare, pValue } = sampleRatioMismatch([...counts], [...weights]);
    return { status: 'ok', chiSquare, pValue, threshold: SRM_THRESHOLD, mismatch: pValue < SRM_THRESHOLD };
  } catch (error) {
    if (isSplitkitError(error) && error.code === 'ANALYSIS_INPUT') {
      return { status: 'not enough data', reason: error.message, threshold: SRM_THRESHOLD, mismatch: false };
    }
    throw error;
  }
}
