/**
 * SQL form of CUPED's inputs (analysis issue #13): the pre-exposure tallies
 * (events with entered − lookback ≤ t < entered, attributed the same way as
 * the post-exposure ones) and, per variant, the moments and the
 * cross-product of the post value Y and the pre value X. theta and the
 * adjusted means are computed in Node from these aggregates. Not wired into
 * the stages yet: the in-memory CUPED it must equal is not on this branch.
 */
import { literal, numberLiteral } from './dialect.js';

/** Default lookback: 14 days. */
export const CUPED_LOOKBACK_MS = 14 * 86_400_000;

/** `CREATE TEMP TABLE sk_pre_tallies`: per unit and event name, count `c<i>` and sum `s<i>` before entry. */
export function preExposureTallies(names: readonly string[], lookbackMs: number = CUPED_LOOKBACK_MS): string {
  return `CREATE TEMP TABLE sk_pre_tallies AS
SELECT a.unit_id${names
    .map(
      (name, i) =>
        `,\n  count(*) FILTER (WHERE a.event = ${literal(name)}) AS c${i}, sum(a.value) FILTER (WHERE a.event = ${literal(name)}) AS s${i}`,
    )
    .join('')}
FROM sk_attributed a JOIN sk_units u ON u.unit_id = a.unit_id
WHERE a.t < u.entered AND a.t >= u.entered - ${numberLiteral(lookbackMs)}
GROUP BY a.unit_id`;
}

/**
 * Per variant: `n`, Σ and centred moments of Y and X, and their covariance,
 * from a relation `source` with columns `variant`, `y` and `x` (one row per unit).
 */
export function cupedStatistics(source: string): string {
  return `SELECT variant, count(*) AS n,
  sum(y) AS y_sum, avg(y) AS y_mean, var_samp(y) AS y_var,
  sum(x) AS x_sum, avg(x) AS x_mean, var_samp(x) AS x_var,
  covar_samp(y, x) AS xy_cov
FROM (${source}) s
GROUP BY variant`;
}
