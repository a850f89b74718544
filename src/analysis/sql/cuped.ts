/**
 * SQL form of CUPED (docs/analysis.md, "CUPED"), the same definitions as
 * cuped-values.ts: the pre-exposure tallies (attributed events with
 * entered − lookback ≤ t < entered), the covariate X of each adjusted metric
 * in `sk_values` (capped at the thresholds Y was capped at), the pooled θ and
 * mean of X in `sk_cuped_fit`, and per variant (and per segment value) the
 * moments of X, its covariance with Y and the moments of Y − θ(X − X̄).
 * Node fits θ again from the per-variant moments for the report's figures
 * (cupedOutcome), exactly as the in-memory path does from its values.
 */
import type { CupedOutcome } from '../cuped-values.js';
import { cupedOutcome, cupedSkipReason } from '../cuped-values.js';
import type { ResolvedOptions } from '../options.js';
import type { CupedMoments } from '../stats/cuped.js';
import type { ResolvedMetric } from '../metric-definition.js';
import { literal, numberLiteral, sampleVariance } from './dialect.js';

/** A row as an engine returns it. */
type Row = Record<string, unknown>;

const DOUBLE = (sql: string) => `CAST(${sql} AS DOUBLE PRECISION)`;

/** Indices of the metrics CUPED adjusts (conversion, count, sum) when the option is on; empty otherwise. */
export function cupedMetricIndices(options: ResolvedOptions): number[] {
  if (options.cuped === undefined) return [];
  return options.metrics.flatMap((metric, k) => (cupedSkipReason(metric) === undefined ? [k] : []));
}

/** Where metric events are read from under CUPED: `lookback` before `from` (exposures keep `from`). */
export function eventsFrom(options: ResolvedOptions): number | undefined {
  if (options.from === undefined || options.cuped === undefined) return options.from;
  return options.from - options.cuped.lookback;
}

/** `CREATE TEMP TABLE sk_pre_tallies`: per unit and event name, count `c<i>` and sum `s<i>` before entry. */
export function preExposureTallies(names: readonly string[], lookbackMs: number): string {
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
 * The `sk_values` columns of adjusted metric `k` over `sk_pre_tallies p`:
 * `x<k>`, the metric on the pre-period (not capped yet), and `pc<k>`, the
 * unit's pre-period events of the metric's event.
 */
export function covariateColumns(metric: ResolvedMetric, k: number, slot: number | undefined): string {
  if (slot === undefined) return `,\n  ${DOUBLE('0')} AS x${k}, 0 AS pc${k}`;
  const count = `coalesce(p.c${slot}, 0)`;
  const x =
    metric.kind === 'conversion'
      ? `CASE WHEN ${count} > 0 THEN ${DOUBLE('1')} ELSE ${DOUBLE('0')} END`
      : metric.kind === 'count'
        ? DOUBLE(count)
        : `coalesce(p.s${slot}, ${DOUBLE('0')})`;
  return `,\n  ${x} AS x${k}, ${count} AS pc${k}`;
}

/** X of metric `k` capped at Y's thresholds in `sk_caps c` (as Y is capped), over `sk_values v`. */
function cappedCovariate(metric: ResolvedMetric, k: number): string {
  let x = `v.x${k}`;
  if (metric.winsorize?.lower !== undefined) x = `GREATEST(${x}, c.lo${k})`;
  if (metric.winsorize?.upper !== undefined) x = `LEAST(${x}, c.hi${k})`;
  return x;
}

/**
 * `CREATE TEMP TABLE sk_cuped_fit`: θ<k> = cov(Y, X) / var(X) over all units
 * and mx<k> = mean X, for each adjusted metric; `y(k)` is its capped Y.
 * θ is NULL when X has no variance (then nothing is adjusted).
 */
export function cupedFitStage(options: ResolvedOptions, y: (k: number) => string): string {
  const columns = cupedMetricIndices(options).flatMap((k) => {
    const x = cappedCovariate(options.metrics[k] as ResolvedMetric, k);
    return [`covar_samp(${y(k)}, ${x}) / NULLIF(${sampleVariance(x)}, 0) AS theta${k}`, `avg(${x}) AS mx${k}`];
  });
  if (columns.length === 0) return 'CREATE TEMP TABLE sk_cuped_fit AS\nSELECT 1 AS none';
  return `CREATE TEMP TABLE sk_cuped_fit AS\nSELECT ${columns.join(',\n  ')}\nFROM sk_values v CROSS JOIN sk_caps c`;
}

/**
 * The aggregate columns of adjusted metric `k` (over `sk_values v`,
 * `sk_caps c`, `sk_cuped_fit f`): X's mean and variance, cov(Y, X), the units
 * with pre-exposure data, and the moments of the adjusted value.
 */
export function cupedStatistics(metric: ResolvedMetric, k: number, y: string): string[] {
  const x = cappedCovariate(metric, k);
  const adjusted = `${y} - f.theta${k} * (${x} - f.mx${k})`;
  return [
    `avg(${x}) AS x${k}_mean`,
    `${sampleVariance(x)} AS x${k}_var`,
    `covar_samp(${y}, ${x}) AS xy${k}_cov`,
    `count(*) FILTER (WHERE v.pc${k} > 0) AS p${k}_n`,
    // From the group's own sums of Y and X (exact for whole-number metrics), not a sum of adjusted values:
    // two groups with the same Ȳ and X̄ then get the same adjusted mean, a difference of exactly 0, not 2e-16.
    // (sk_cuped_fit has one row: max reads its θ and X̄ outside the per-row expressions.)
    `sum(${y}) - max(f.theta${k}) * (sum(${x}) - count(*) * max(f.mx${k})) AS a${k}_sum`,
    `avg(${y}) - max(f.theta${k}) * (avg(${x}) - max(f.mx${k})) AS a${k}_mean`,
    `${sampleVariance(adjusted)} AS a${k}_var`,
    `count(*) FILTER (WHERE ${adjusted} <> 0) AS a${k}_nz`,
    `count(*) FILTER (WHERE ${adjusted} < 0) AS a${k}_neg`,
  ];
}

const value = (v: unknown): number => (v === null || v === undefined ? Number.NaN : Number(v));

// cupedMoments' conventions: means 0 without units, variances and covariance 0 below 2 units.
function momentsOf(row: Row | undefined, k: number): CupedMoments {
  const n = row === undefined ? 0 : Number(row.n ?? 0);
  const second = (key: string) => (n > 1 ? value(row?.[key]) : 0);
  return {
    n,
    meanY: n === 0 ? 0 : value(row?.[`m${k}_mean`]),
    meanX: n === 0 ? 0 : value(row?.[`x${k}_mean`]),
    varianceY: second(`m${k}_var`),
    varianceX: second(`x${k}_var`),
    covariance: second(`xy${k}_cov`),
  };
}

/**
 * Per metric (in order), what CUPED did, from the per-variant rows of the
 * aggregate query (`byVariant`, in variant order); empty when the option is off.
 */
export function cupedOutcomesFromRows(
  options: ResolvedOptions,
  byVariant: readonly (Row | undefined)[],
): (CupedOutcome | undefined)[] {
  const { cuped } = options;
  if (cuped === undefined) return [];
  return options.metrics.map((metric, k) => {
    const reason = cupedSkipReason(metric);
    if (reason !== undefined) return { result: { status: 'not adjusted', reason, lookback: cuped.lookback } };
    const withData = byVariant.reduce((total, row) => total + Number(row?.[`p${k}_n`] ?? 0), 0);
    return cupedOutcome(
      byVariant.map((row) => momentsOf(row, k)),
      cuped.lookback,
      withData,
    ).outcome;
  });
}
