/**
 * Each enrolled unit's metric values: per unit and metric event, the count
 * and sum of its events at or after entry (`sk_tallies`); then per unit each
 * metric's value (`sk_values`), with a funnel's reach per step from
 * `sk_funnel<k>` (funnel.ts), a day-based metric's days (day-kinds.ts) and
 * CUPED's covariates (cuped.ts). A quantile's sample is `sk_sample<k>`, read
 * by the queries of quantile.ts.
 */
import type { ResolvedOptions } from '../options.js';
import type { ResolvedMetric } from '../metric-definition.js';
import { literal, ONE, ZERO } from './dialect.js';
import { DAY_MS, activeDaysValues, retentionValues } from './day-kinds.js';
import { funnelStage, funnelStepColumn } from './funnel.js';
import { quantileSampleStage } from './quantile.js';
import { covariateColumns, cupedMetricIndices, preExposureTallies } from './cuped.js';

/** Column holding slot `i`'s count (`c`) or sum (`s`) in `sk_tallies`. */
const tally = (kind: 'c' | 's', i: number) => `${kind}${i}`;

function partExpression(names: Map<string, number>, event: string, aggregate: 'sum' | 'count'): string {
  const i = names.get(event);
  if (i === undefined) return ZERO;
  return aggregate === 'count'
    ? `CAST(coalesce(t.${tally('c', i)}, 0) AS DOUBLE PRECISION)`
    : `coalesce(t.${tally('s', i)}, ${ZERO})`;
}

/** Per-unit value expressions of a metric over `sk_tallies t`: the value and, for ratios, the denominator. */
export function metricExpressions(
  metric: ResolvedMetric,
  k: number,
  names: Map<string, number>,
): { value: string; denominator?: string } {
  if (metric.kind === 'ratio' && metric.numerator && metric.denominator) {
    return {
      value: partExpression(names, metric.numerator.event, metric.numerator.aggregate),
      denominator: partExpression(names, metric.denominator.event, metric.denominator.aggregate),
    };
  }
  if (metric.kind === 'funnel') {
    return { value: `coalesce(f${k}.r${(metric.steps?.length ?? 1) - 1}, ${ZERO})` };
  }
  // A quantile's per-unit value is its number of values (its sample is sk_sample<k>, see quantile.ts).
  if (metric.kind === 'conversion') {
    return { value: `CASE WHEN ${partExpression(names, metric.event, 'count')} > 0 THEN ${ONE} ELSE ${ZERO} END` };
  }
  const aggregate = metric.kind === 'count' || metric.kind === 'quantile' ? 'count' : 'sum';
  return { value: partExpression(names, metric.event, aggregate) };
}

/** Active days and retention: only eligible units have a value (NULL for the rest, which no aggregate counts). */
export function isDayKind(metric: ResolvedMetric): boolean {
  return metric.kind === 'activeDays' || metric.kind === 'retention';
}

/** The per-unit values of a day-based metric, eligible units only, from day-kinds.ts. */
function dayKindValues(metric: ResolvedMetric, end: string): string {
  if (metric.kind === 'activeDays')
    return activeDaysValues(metric.event, Math.round((metric.window ?? 0) / DAY_MS), end);
  return retentionValues(metric.event, metric.day ?? 1, end);
}

/**
 * The `sk_tallies` stage, the quantile and funnel metrics' stages, CUPED's
 * pre-exposure tallies, and `sk_values`; `names` are the metric events read,
 * `end` when day-based metrics' days must be complete.
 */
export function valueStages(options: ResolvedOptions, names: string[], end: string): string[] {
  const nameIndex = new Map(names.map((name, i) => [name, i]));
  const cupedIndices = cupedMetricIndices(options);
  return [
    `CREATE TEMP TABLE sk_tallies AS
SELECT a.unit_id${names
      .map(
        (name, i) =>
          `,\n  count(*) FILTER (WHERE a.event = ${literal(name)}) AS ${tally('c', i)}, sum(a.value) FILTER (WHERE a.event = ${literal(name)}) AS ${tally('s', i)}`,
      )
      .join('')}
FROM sk_attributed a JOIN sk_units u ON u.unit_id = a.unit_id
WHERE a.t >= u.entered
GROUP BY a.unit_id`,
    ...kindStages(options),
    ...(cupedIndices.length > 0 ? [preExposureTallies(names, options.cuped?.lookback ?? 0)] : []),
    `CREATE TEMP TABLE sk_values AS
SELECT u.unit_id, u.variant${options.segments.map((_, a) => `, u.seg${a}`).join('')}${options.metrics
      .map((metric, k) => {
        if (isDayKind(metric))
          return `,\n  k${k}.value AS m${k}${metric.kind === 'activeDays' ? `, k${k}.events AS e${k}, k${k}.active AS ad${k}` : ''}`;
        const e = metricExpressions(metric, k, nameIndex);
        const steps = metric.kind === 'funnel' ? (metric.steps ?? []) : [];
        const reached = steps.map((_, s) => `, coalesce(f${k}.r${s}, ${ZERO}) AS ${funnelStepColumn(k, s)}`).join('');
        return `,\n  ${e.value} AS m${k}${e.denominator === undefined ? '' : `, ${e.denominator} AS d${k}`}${reached}`;
      })
      .join(
        '',
      )}${cupedIndices.map((k) => covariateColumns(options.metrics[k] as ResolvedMetric, k, nameIndex.get(options.metrics[k]?.event ?? ''))).join('')}
FROM sk_units u LEFT JOIN sk_tallies t ON t.unit_id = u.unit_id${cupedIndices.length > 0 ? '\nLEFT JOIN sk_pre_tallies p ON p.unit_id = u.unit_id' : ''}${options.metrics
      .map((metric, k) => {
        if (metric.kind === 'funnel') return `\nLEFT JOIN sk_funnel${k} f${k} ON f${k}.unit_id = u.unit_id`;
        return isDayKind(metric)
          ? `\nLEFT JOIN (${dayKindValues(metric, end)}) k${k} ON k${k}.unit_id = u.unit_id`
          : '';
      })
      .join('')}`,
  ];
}

/** The stages the quantile and funnel metrics add before `sk_values`: a quantile's sample, a funnel's reach per unit. */
function kindStages(options: ResolvedOptions): string[] {
  return options.metrics.flatMap((metric, k) => {
    if (metric.kind === 'quantile') return [quantileSampleStage(k, metric.event, options.segments.length)];
    if (metric.kind === 'funnel') return [funnelStage(k, metric.steps ?? [], metric.window)];
    return [];
  });
}
