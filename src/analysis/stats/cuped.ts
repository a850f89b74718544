/**
 * CUPED (Deng, Xu, Kohavi & Walker 2013, "Improving the sensitivity of online
 * controlled experiments by utilizing pre-experiment data"): each unit's
 * outcome Y is adjusted by a covariate X measured before the unit entered
 * the experiment, Y' = Y − θ(X − X̄), with θ = cov(Y, X) / var(X) pooled
 * over all units of all variants (sample moments, n − 1). X does not depend
 * on the variant, so the adjusted means differ by the same expected amount
 * as the raw ones, with variance shrunk by about ρ(X, Y)².
 *
 * Everything here works on per-group moments, so an engine that only has
 * sums (SQL) computes the same numbers.
 */
import { AnalysisError } from '../../errors/index.js';

/** Per-group moments of outcome Y and covariate X; variances and covariance unbiased (n − 1). */
export interface CupedMoments {
  n: number;
  meanY: number;
  meanX: number;
  varianceY: number;
  varianceX: number;
  covariance: number;
}

/** One group after adjustment: what a Welch comparison of adjusted means needs. */
export interface CupedGroup {
  n: number;
  /** Mean of Y' = Y − θ(X − X̄): the group's mean of Y − θ(its mean of X − the pooled mean of X). */
  mean: number;
  /** Unbiased variance of Y' within the group: var(Y) − 2θ cov(Y, X) + θ² var(X). */
  variance: number;
  /** 1 − var(Y') / var(Y) within the group (0 when Y has no variance). */
  varianceReduction: number;
}

/** The fitted adjustment. */
export interface CupedFit {
  theta: number;
  /** Mean of X over all units. */
  meanX: number;
  /** 1 − var(Y') / var(Y) over all units (= the squared correlation of X and Y). */
  varianceReduction: number;
  /** Per group, in the input order. */
  groups: CupedGroup[];
}

/** Moments of paired values, by two passes (exact for sums that would cancel). */
export function cupedMoments(y: readonly number[], x: readonly number[]): CupedMoments {
  const n = y.length;
  if (x.length !== n) throw new AnalysisError('outcome and covariate have different lengths');
  let sy = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) {
    sy += y[i] ?? 0;
    sx += x[i] ?? 0;
  }
  const meanY = n === 0 ? 0 : sy / n;
  const meanX = n === 0 ? 0 : sx / n;
  let syy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dy = (y[i] ?? 0) - meanY;
    const dx = (x[i] ?? 0) - meanX;
    syy += dy * dy;
    sxx += dx * dx;
    sxy += dx * dy;
  }
  const d = n > 1 ? n - 1 : 1;
  return { n, meanY, meanX, varianceY: syy / d, varianceX: sxx / d, covariance: sxy / d };
}

/** Per-variant sums as a SQL engine collects them (the spec's sufficient statistics). */
export interface CupedSums {
  k: number;
  sumY: number;
  sumY2: number;
  sumX: number;
  sumX2: number;
  sumXY: number;
}

/**
 * Moments from sums (k ≥ 1). One pass over sums loses digits when the mean is
 * large against the spread; prefer {@link cupedMoments} when the values are at hand.
 */
export function cupedMomentsFromSums(s: CupedSums): CupedMoments {
  const { k } = s;
  const meanY = k === 0 ? 0 : s.sumY / k;
  const meanX = k === 0 ? 0 : s.sumX / k;
  const d = k > 1 ? k - 1 : 1;
  return {
    n: k,
    meanY,
    meanX,
    varianceY: Math.max(0, s.sumY2 - k * meanY * meanY) / d,
    varianceX: Math.max(0, s.sumX2 - k * meanX * meanX) / d,
    covariance: (s.sumXY - k * meanX * meanY) / d,
  };
}

/**
 * θ pooled over all groups and each group's adjusted mean and variance.
 *
 * @throws AnalysisError when there are fewer than 2 units in all, or X has
 *   no variance over all units (nothing to adjust with).
 */
export function cupedFit(groups: readonly CupedMoments[]): CupedFit {
  let n = 0;
  let sumY = 0;
  let sumX = 0;
  for (const g of groups) {
    n += g.n;
    sumY += g.n * g.meanY;
    sumX += g.n * g.meanX;
  }
  if (n < 2) throw new AnalysisError('CUPED needs at least 2 units');
  const meanY = sumY / n;
  const meanX = sumX / n;
  // Pooled sums of squares: within-group plus between-group parts (the parallel-variance identity).
  let syy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const g of groups) {
    if (g.n === 0) continue;
    const dy = g.meanY - meanY;
    const dx = g.meanX - meanX;
    syy += (g.n - 1) * g.varianceY + g.n * dy * dy;
    sxx += (g.n - 1) * g.varianceX + g.n * dx * dx;
    sxy += (g.n - 1) * g.covariance + g.n * dx * dy;
  }
  if (!(sxx > 0))
    throw new AnalysisError('the pre-exposure covariate has no variance, so there is nothing to adjust with');
  const theta = sxy / sxx;
  const reduction = (vy: number, vAdjusted: number) => (vy > 0 ? 1 - vAdjusted / vy : 0);
  const adjusted = (vy: number, vx: number, c: number) => Math.max(0, vy - 2 * theta * c + theta * theta * vx);
  return {
    theta,
    meanX,
    varianceReduction: reduction(syy, adjusted(syy, sxx, sxy)),
    groups: groups.map((g) => {
      const variance = adjusted(g.varianceY, g.varianceX, g.covariance);
      return {
        n: g.n,
        mean: g.meanY - theta * (g.meanX - meanX),
        variance,
        varianceReduction: reduction(g.varianceY, variance),
      };
    }),
  };
}
