/**
 * SQL form of the quantile metric kind (docs/analysis.md, "Metric kinds";
 * Deng, Knoblich & Yu 2018), in two queries per grouping of the units
 * (per variant, or per segment value and variant):
 *
 * 1. per group: n values, the type-1 quantile Q = X_(⌈q·n⌉) (row_number over
 *    the sorted values at the rank computed in doubles, as Node computes it,
 *    rather than each engine's own rounding in percentile_disc), and
 *    over all the group's units (zeros included) the whole-number sums of
 *    N_i (values), S_i (values ≤ Q), S², N² and S·N;
 * 2. the values at the ranks L and U of the interval, which Node computes from
 *    those sums exactly as the in-memory engine does (stats/quantile.ts).
 *
 * Only one row per group and two values per group reach Node.
 */
import { isSplitkitError } from '../../errors/index.js';
import type { AnalysisAggregates, QuantileAggregate } from '../aggregates.js';
import type { ResolvedOptions } from '../options.js';
import { splitSegmentValues } from '../segment-aggregates.js';
import { quantileEstimateOf, quantileInterval } from '../stats/quantile.js';
import type { QuantileInterval, QuantileStatistics } from '../stats/quantile.js';
import { literal, numberLiteral } from './dialect.js';
import type { SqlExecutor } from './run-sql.js';

/**
 * `CREATE TEMP TABLE sk_sample<k>`: the counted values of quantile metric
 * `k`'s event, with their unit, its variant and its `segments` segment columns.
 */
export function quantileSampleStage(k: number, event: string, segments: number): string {
  const columns = Array.from({ length: segments }, (_, a) => `, u.seg${a}`).join('');
  return `CREATE TEMP TABLE sk_sample${k} AS
SELECT a.unit_id, u.variant${columns}, a.value
FROM sk_attributed a JOIN sk_units u ON u.unit_id = a.unit_id
WHERE a.event = ${literal(event)} AND a.t >= u.entered`;
}

/**
 * How rows of `sk_units` or `sk_sample<k>` are grouped: `grp`, the group number, 0 for every row (per
 * variant), or for segment column `seg<a>`, the position of its value among the `shown` values of
 * `sk_shown<a>` (queries.ts), joined as `join`, and `shown` for any other value (the pooled `(other)`).
 */
export interface QuantileGrouping {
  grp: string;
  join: string;
}

/** The {@link QuantileGrouping} per variant, or by segment attribute `attribute` with `shown` values shown. */
export function quantileGroup(segment?: { attribute: number; shown: number }): QuantileGrouping {
  if (segment === undefined || segment.shown === 0) return { grp: '0', join: '' };
  const { attribute: a, shown } = segment;
  return { grp: `coalesce(sg.grp, ${shown})`, join: ` LEFT JOIN sk_shown${a} sg ON sg.label = seg${a}` };
}

// The sample with each value's group and its rank in its group and variant.
function ranked(k: number, group: QuantileGrouping): string {
  return `SELECT grp, variant, unit_id, value,
    row_number() OVER (PARTITION BY grp, variant ORDER BY value) AS r,
    count(*) OVER (PARTITION BY grp, variant) AS n
  FROM (SELECT ${group.grp} AS grp, variant, unit_id, value FROM sk_sample${k}${group.join}) x`;
}

/**
 * Per group and variant (`grp`, `variant`): `k` units, `with_values`, `n`
 * values, `q` (NULL without values), `negative` values, and the sums `s`
 * (Σ S), `ss` (Σ S²), `nn` (Σ N²), `sn` (Σ S N). Units without values add
 * nothing to the sums, so they are taken over the sample; `k` counts every
 * unit. Groups without units have no row.
 */
export function quantileStatisticsQuery(k: number, q: number, group: QuantileGrouping): string {
  // ⌈q·n⌉ in doubles, as Node computes it (a bare decimal literal would be exact NUMERIC in PostgreSQL).
  const rank = `greatest(1, CAST(ceil(CAST(${numberLiteral(q)} AS DOUBLE PRECISION) * CAST(n AS DOUBLE PRECISION)) AS BIGINT))`;
  return `WITH s AS (
  ${ranked(k, group)}
), e AS (
  SELECT grp, variant, max(n) AS n, max(value) FILTER (WHERE r = ${rank}) AS q,
    count(*) FILTER (WHERE value < 0) AS negative
  FROM s GROUP BY grp, variant
), p AS (
  SELECT s.grp, s.variant, s.unit_id, count(*) AS cnt, count(*) FILTER (WHERE s.value <= e.q) AS below
  FROM s JOIN e ON e.grp = s.grp AND e.variant = s.variant
  GROUP BY s.grp, s.variant, s.unit_id
), m AS (
  SELECT grp, variant, count(*) AS with_values, sum(below) AS s, sum(below * below) AS ss,
    sum(cnt * cnt) AS nn, sum(below * cnt) AS sn
  FROM p GROUP BY grp, variant
), u AS (
  SELECT grp, variant, count(*) AS k FROM (SELECT ${group.grp} AS grp, variant FROM sk_units${group.join}) x GROUP BY grp, variant
)
SELECT u.grp, u.variant, u.k, m.with_values, m.s, m.ss, m.nn, m.sn, e.n, e.q, e.negative
FROM u LEFT JOIN m ON m.grp = u.grp AND m.variant = u.variant
  LEFT JOIN e ON e.grp = u.grp AND e.variant = u.variant`;
}

/** A 1-based rank wanted in one group and variant. */
export interface WantedRank {
  group: number;
  variant: number;
  rank: number;
}

/** Rows `grp`, `variant`, `r`, `value`: the values at the `wanted` ranks (at least one). */
export function quantileOrderStatisticsQuery(
  k: number,
  group: QuantileGrouping,
  wanted: readonly WantedRank[],
): string {
  const rows = wanted.map((w) => `(${w.group}, ${w.variant}, ${w.rank})`).join(', ');
  return `SELECT s.grp, s.variant, s.r, s.value FROM (
  ${ranked(k, group)}
) s JOIN (VALUES ${rows}) AS w(grp, variant, r) ON w.grp = s.grp AND w.variant = s.variant AND w.r = s.r`;
}

const whole = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * Runs both queries of quantile metric `k` for one grouping (`group`, from
 * {@link quantileGroup}, numbered 0 … `groups` − 1) and returns, per group and
 * variant, its quantile and estimate (or why it has none), as the in-memory
 * engine computes them from the values.
 */
async function quantileGroups(
  execute: SqlExecutor,
  k: number,
  q: number,
  confidence: number,
  group: QuantileGrouping,
  groups: number,
  variants: number,
): Promise<QuantileAggregate[][]> {
  const rows = await execute(quantileStatisticsQuery(k, q, group));
  const cells = Array.from({ length: groups }, (_, g) =>
    Array.from({ length: variants }, (_, v) => {
      const row = rows.find((r) => whole(r.grp) === g && whole(r.variant) === v);
      const stats: QuantileStatistics = {
        value: row?.q === null || row?.q === undefined ? Number.NaN : Number(row.q),
        n: whole(row?.n),
        units: whole(row?.k),
        unitsWithValues: whole(row?.with_values),
        sumBelow: whole(row?.s),
        sumBelowSquares: whole(row?.ss),
        sumCountSquares: whole(row?.nn),
        sumBelowCount: whole(row?.sn),
      };
      let interval: QuantileInterval | string;
      try {
        interval = quantileInterval(stats, q, confidence);
      } catch (error) {
        if (!(isSplitkitError(error) && error.code === 'ANALYSIS_INPUT')) throw error;
        interval = error.message;
      }
      return { stats, interval, negative: whole(row?.negative) };
    }),
  );
  const wanted = cells.flatMap((list, g) =>
    list.flatMap((cell, v) =>
      typeof cell.interval === 'string' ? [] : cell.interval.ranks.map((rank) => ({ group: g, variant: v, rank })),
    ),
  );
  const at = new Map<string, number>();
  if (wanted.length > 0) {
    for (const row of await execute(quantileOrderStatisticsQuery(k, group, wanted)))
      at.set(`${whole(row.grp)}:${whole(row.variant)}:${whole(row.r)}`, Number(row.value));
  }
  return cells.map((list, g) =>
    list.map(({ stats, interval, negative }, v): QuantileAggregate => {
      const value = (rank: number) => at.get(`${g}:${v}:${rank}`) ?? Number.NaN;
      return {
        values: stats.n,
        negative,
        value: stats.value,
        estimate:
          typeof interval === 'string'
            ? interval
            : quantileEstimateOf(stats, interval, [value(interval.ranks[0]), value(interval.ranks[1])], confidence),
      };
    }),
  );
}

/**
 * Fills the quantile of every quantile metric into `aggregates`: per variant,
 * per segment value shown on its own, and in each attribute's `(other)`
 * value pooled by the engine (run-sql.ts), or for the values beyond the display
 * limit that segment-aggregates.ts will pool (`otherQuantiles`).
 */
export async function addQuantileAggregates(
  options: ResolvedOptions,
  aggregates: AnalysisAggregates,
  execute: SqlExecutor,
): Promise<void> {
  const variants = options.variants.length;
  const split = aggregates.segments.map((values) => {
    const pooled = values.find((value) => value.pooled === true);
    if (pooled === undefined) return { ...splitSegmentValues(values, options.maxSegmentValues), pooled };
    return { shown: values.filter((value) => value !== pooled), rest: [pooled], pooled };
  });
  const others: (QuantileAggregate | undefined)[][][] = split.map(() => options.metrics.map(() => []));
  for (const [k, metric] of options.metrics.entries()) {
    if (metric.kind !== 'quantile') continue;
    const q = metric.quantile ?? 0.5;
    const overall = await quantileGroups(execute, k, q, options.confidence, quantileGroup(), 1, variants);
    aggregates.metrics[k]?.variants.forEach((aggregate, v) => {
      aggregate.quantile = overall[0]?.[v];
    });
    for (const [a, { shown, rest, pooled }] of split.entries()) {
      // With maxSegmentValues 1 nothing is shown: every unit is in `(other)`, group 0.
      const group = quantileGroup({ attribute: a, shown: shown.length });
      const count = shown.length + (rest.length > 0 ? 1 : 0);
      const cells = await quantileGroups(execute, k, q, options.confidence, group, count, variants);
      shown.forEach((segment, g) => {
        segment.metrics[k]?.forEach((aggregate, v) => {
          aggregate.quantile = cells[g]?.[v];
        });
      });
      pooled?.metrics[k]?.forEach((aggregate, v) => {
        aggregate.quantile = cells[shown.length]?.[v];
      });
      if (rest.length > 0 && pooled === undefined)
        (others[a] as (QuantileAggregate | undefined)[][])[k] = cells[shown.length] ?? [];
    }
  }
  if (split.some(({ rest, pooled }) => rest.length > 0 && pooled === undefined)) aggregates.otherQuantiles = others;
}
