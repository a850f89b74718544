/**
 * The analysis as SQL stages, written once against a {@link SqlDialect}:
 *
 * 1. `sk_rows`: the stored rows the analysis reads (this experiment's
 *    exposures, every identify event, the metric events), typed; a view, so
 *    each stage streams the scan instead of holding every row;
 * 2. `sk_exposures` → `sk_units`: the first valid exposure per unit, with the
 *    exclusions of assignments.ts (units seen in several variants, forced
 *    assignments, unknown variants, missing ids, bad times) and the segment
 *    values from the earliest exposure that recorded them;
 * 3. `sk_links`, `sk_events`, `sk_stitched`: identity stitching by time, as
 *    identities.ts does it, and the validity checks of validity.ts;
 * 4. `sk_tallies` → `sk_values`: per unit and metric event, count and sum of
 *    the events at or after entry; per unit, each metric's value (a funnel's
 *    reach per step from `sk_funnel<k>`, funnel.ts; a quantile's sample is
 *    `sk_sample<k>`, read by the queries of quantile.ts);
 * 5. `sk_caps`: winsorization thresholds over all units (percentile_cont is
 *    the type 7 quantile the in-memory engine uses);
 * 6. the queries: counts, caps, and per variant (and per segment value and
 *    variant) the sufficient statistics of every metric.
 *
 * With `cuped`, cuped.ts adds the pre-exposure tallies, the covariates in
 * `sk_values`, the pooled fit `sk_cuped_fit` and the adjusted moments; with
 * `timeline`, timeline.ts adds its stages after these and two queries.
 *
 * Only the queries' few rows leave the engine.
 */
import { CLOCK_SKEW_MS, MAX_EVENT_VALUE } from '../validity.js';
import { NO_SEGMENT_VALUE, NOT_RANDOMIZED_REASONS } from '../assignments.js';
import { metricEventNames } from '../metric-values.js';
import type { ResolvedOptions } from '../options.js';
import type { ResolvedMetric } from '../metric-definition.js';
import { printable } from '../../shared/printable.js';
import { literal, numberLiteral, sampleVariance } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { capColumns } from './caps.js';
import { linksStage } from './links.js';
import { DAY_MS, activeDaysValues, observationEnd, retentionValues } from './day-kinds.js';
import { funnelStage, funnelStepColumn } from './funnel.js';
import {
  quantileGroup,
  quantileOrderStatisticsQuery,
  quantileSampleStage,
  quantileStatisticsQuery,
} from './quantile.js';
import {
  covariateColumns,
  cupedFitStage,
  cupedMetricIndices,
  cupedStatistics,
  eventsFrom,
  preExposureTallies,
} from './cuped.js';
import { timelineSql } from './timeline.js';

/** The statements of one analysis: stages to run in order, then the queries whose rows are read. */
export interface AnalysisSql {
  /** `CREATE TEMP VIEW` / `CREATE TEMP TABLE` statements, in order. */
  stages: string[];
  queries: {
    /** Rows `(what, n)`: exposure and event statuses, exclusions and attribution counts. */
    counts: string;
    /** One row: `first`, `last` entry time. */
    window: string;
    /** One row of caps and clipped-unit counts, when a metric is winsorized. */
    caps?: string;
    /** One row, `end_time`: when active-day and retention days must be complete (with such metrics). */
    end?: string;
    /** Per variant: `variant`, `n` and each metric's statistics. */
    variants: string;
    /** Per segment attribute: `segment`, `variant`, `n` and the statistics. */
    segments: string[];
    /**
     * Quantile metrics, for printing: the per-variant statistics query, then
     * the order statistics one (run-sql.ts builds them per grouping, with the ranks).
     */
    quantiles: string[];
    /** With the `timeline` option: its span (one row) and its per-day, per-variant statistics. */
    timeline?: { span: string; days: string };
  };
}

/** Why `metric` has no SQL form, or undefined when it has one. */
export function sqlUnsupported(metric: ResolvedMetric): string | undefined {
  const supported: readonly string[] = [
    'conversion',
    'count',
    'sum',
    'ratio',
    'activeDays',
    'retention',
    'quantile',
    'funnel',
  ];
  if (!supported.includes(metric.kind)) return `metric ${metric.key} (kind ${metric.kind}) has no SQL form yet`;
  return undefined;
}

/**
 * Why the analysis of `options` cannot run in a SQL engine (every part without
 * a SQL form, joined), or undefined when it can. Sequential testing needs only
 * the aggregates, so it runs in every engine.
 */
export function sqlUnsupportedOptions(options: ResolvedOptions): string | undefined {
  const reasons = options.metrics.flatMap((metric) => sqlUnsupported(metric) ?? []);
  return reasons.length === 0 ? undefined : reasons.join('; ');
}

// Typed literals: a bare 1.0 is a DECIMAL in some engines, and every per-unit value must be a double.
const ZERO = 'CAST(0 AS DOUBLE PRECISION)';
const ONE = 'CAST(1 AS DOUBLE PRECISION)';

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
function isDayKind(metric: ResolvedMetric): boolean {
  return metric.kind === 'activeDays' || metric.kind === 'retention';
}

/** The per-unit values of a day-based metric, eligible units only, from day-kinds.ts. */
function dayKindValues(metric: ResolvedMetric, end: string): string {
  if (metric.kind === 'activeDays')
    return activeDaysValues(metric.event, Math.round((metric.window ?? 0) / DAY_MS), end);
  return retentionValues(metric.event, metric.day ?? 1, end);
}

function moments(prefix: string, value: string): string[] {
  return [
    `sum(${value}) AS ${prefix}_sum`,
    `avg(${value}) AS ${prefix}_mean`,
    `${sampleVariance(value)} AS ${prefix}_var`,
    `count(*) FILTER (WHERE ${value} <> 0) AS ${prefix}_nz`,
    `count(*) FILTER (WHERE ${value} < 0) AS ${prefix}_neg`,
  ];
}

/** The capped value of metric `k` (its raw value when it is not winsorized). */
function cappedValue(metric: ResolvedMetric, k: number): string {
  let value = `v.m${k}`;
  if (metric.winsorize?.lower !== undefined) value = `GREATEST(${value}, c.lo${k})`;
  if (metric.winsorize?.upper !== undefined) value = `LEAST(${value}, c.hi${k})`;
  return value;
}

/** The statistics columns of every metric, for the aggregate queries (over `v.m<k>`, `v.d<k>` and caps `c`). */
export function statistics(options: ResolvedOptions): string[] {
  const cuped = new Set(cupedMetricIndices(options));
  return options.metrics.flatMap((metric, k) => {
    const ratio = metric.kind === 'ratio' && metric.numerator !== undefined && metric.denominator !== undefined;
    const value = cappedValue(metric, k);
    const columns = moments(`m${k}`, value);
    if (ratio) columns.push(...moments(`d${k}`, `v.d${k}`), `covar_samp(${value}, v.d${k}) AS c${k}_cov`);
    if (metric.winsorize !== undefined) columns.push(...moments(`u${k}`, `v.m${k}`));
    if (isDayKind(metric)) columns.push(`count(v.m${k}) AS m${k}_n`);
    if (metric.kind === 'activeDays') columns.push(`sum(v.e${k}) AS e${k}_sum`);
    const steps = metric.kind === 'funnel' ? (metric.steps?.length ?? 0) : 0;
    for (let s = 0; s < steps; s++) columns.push(`sum(v.${funnelStepColumn(k, s)}) AS ${funnelStepColumn(k, s)}_sum`);
    if (cuped.has(k)) columns.push(...cupedStatistics(metric, k, value));
    return columns;
  });
}

/** The stages and queries of `options`' analysis in `dialect`. */
export function analysisSql(options: ResolvedOptions, dialect: SqlDialect): AnalysisSql {
  const names = metricEventNames(options.metrics);
  const nameIndex = new Map(names.map((name, i) => [name, i]));
  const variants = options.variants.map((v) => v.key);
  const maxTime = options.now + CLOCK_SKEW_MS;

  // Exposures and events are bounded by the analysis window as the store's reads are; identify events are read in full.
  // CUPED reads metric events from `lookback` before `from` (its pre-period), as the in-memory read does.
  const inRange = (t: string, from = options.from) => {
    const bounds: string[] = [];
    if (from !== undefined) bounds.push(dialect.timeBound(t, '>=', from));
    if (options.to !== undefined) bounds.push(dialect.timeBound(t, '<=', options.to));
    return bounds.length === 0 ? '' : ` AND ${bounds.join(' AND ')}`;
  };
  const rows = dialect.source(options.unit, ({ type, name, t }) => {
    const parts = [`(${type} = 'exposure' AND ${name} = ${literal(options.key)}${inRange(t)})`, `${type} = 'identify'`];
    if (names.length > 0)
      parts.push(
        `(${type} = 'event' AND ${name} IN (${names.map(literal).join(', ')})${inRange(t, eventsFrom(options))})`,
      );
    return parts.join(' OR ');
  });

  const timeStatus = (t: string, from = options.from) => {
    const outside: string[] = [];
    if (from !== undefined) outside.push(`${t} < ${numberLiteral(from)}`);
    if (options.to !== undefined) outside.push(`${t} > ${numberLiteral(options.to)}`);
    return [
      `WHEN ${t} IS NULL THEN 'badTime'`,
      `WHEN ${t} > ${numberLiteral(maxTime)} THEN 'futureTime'`,
      ...(outside.length > 0 ? [`WHEN ${outside.join(' OR ')} THEN 'outsideWindow'`] : []),
    ].join(' ');
  };

  const segmentColumns = options.segments.map(
    (attribute, a) => `${dialect.labelField('attributes', attribute, NO_SEGMENT_VALUE)} AS seg${a}`,
  );
  const variantIndex = `CASE variant ${variants.map((key, i) => `WHEN ${literal(key)} THEN ${i}`).join(' ')} END`;

  // Active-day and retention days are complete by the analysis `to`, else by the latest valid time read.
  const end = observationEnd(options.to);
  const cupedIndices = cupedMetricIndices(options);
  const stages = [
    `CREATE TEMP VIEW sk_rows AS\n${rows}`,
    `CREATE TEMP TABLE sk_exposures AS
SELECT unit_id, variant, t, ${[...options.segments.map((_, a) => `seg${a}`), ''].join(', ')}
  CASE WHEN reason IN (${NOT_RANDOMIZED_REASONS.map(literal).join(', ')}) THEN 'notRandomized'
    WHEN variant NOT IN (${variants.map(literal).join(', ')}) THEN 'unknownVariant'
    WHEN unit_id IS NULL OR unit_id = '' THEN 'missingUnit'
    ${timeStatus('t')}
    ELSE 'ok' END AS status
FROM (
  SELECT unit_id, variant, reason, t${segmentColumns.map((c) => `, ${c}`).join('')}
  FROM sk_rows WHERE type = 'exposure' AND kind = 'experiment' AND variant IS NOT NULL
) x`,
    // One variant per unit: min = max over the (never NULL) variants of valid exposures, which engines compute far
    // faster than count(DISTINCT) (DuckDB: 0.7 s against 0.2 s at 1M units).
    `CREATE TEMP TABLE sk_units AS
SELECT unit_id, min(${variantIndex}) AS variant, min(t) AS entered${options.segments
      .map((_, a) => `,\n  coalesce(${dialect.firstBy(`seg${a}`, 't')}, ${literal(NO_SEGMENT_VALUE)}) AS seg${a}`)
      .join('')}
FROM sk_exposures WHERE status = 'ok'
GROUP BY unit_id HAVING min(variant) = max(variant)`,
    // Only links to enrolled units can attribute an event (identities.ts skips the others).
    linksStage('sk_links', 'sk_units', dialect, options.unit),
    `CREATE TEMP TABLE sk_events AS
SELECT id AS eid, name AS event, t, value, NULLIF(unit_id, '') AS direct, units,
  CASE ${timeStatus('t', eventsFrom(options))}
    WHEN value_kind = 'other' THEN 'nonNumberValue'
    WHEN value_kind = 'nonFinite' THEN 'nonFiniteValue'
    WHEN abs(value) > ${numberLiteral(MAX_EVENT_VALUE)} THEN 'outOfRangeValue'
    ELSE 'ok' END AS status
FROM sk_rows WHERE type = 'event'`,
    // The latest link at or before the event wins, else the earliest later one; equal times go to the smaller unit id.
    `CREATE TEMP TABLE sk_stitched AS
SELECT eid, unit_id FROM (
  SELECT e.eid, l.unit_id, row_number() OVER (
    PARTITION BY e.eid
    ORDER BY CASE WHEN l.t <= e.t THEN 0 ELSE 1 END, CASE WHEN l.t <= e.t THEN -l.t ELSE l.t END, l.unit_id
  ) AS rank
  FROM sk_events e, ${dialect.entries('e.units', 'x')}, sk_links l
  WHERE e.status = 'ok' AND e.direct IS NULL AND ${dialect.entryIsText('x')}
    AND l.name = ${dialect.entryKey('x')} AND l.other = ${dialect.entryValue('x')}
) c WHERE rank = 1`,
    `CREATE TEMP TABLE sk_attributed AS
SELECT e.event, e.t, coalesce(e.value, ${ONE}) AS value, coalesce(e.direct, s.unit_id) AS unit_id, e.direct IS NULL AS stitched
FROM sk_events e LEFT JOIN sk_stitched s ON s.eid = e.eid
WHERE e.status = 'ok'`,
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
          return `,\n  k${k}.value AS m${k}${metric.kind === 'activeDays' ? `, k${k}.events AS e${k}` : ''}`;
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

  const capped = options.metrics.flatMap((metric, k) => capColumns(metric, k));
  // With no winsorized metric the aggregate queries still join its one (empty-column) row.
  stages.push(
    capped.length > 0
      ? `CREATE TEMP TABLE sk_caps AS\nSELECT ${capped.join(',\n  ')}\nFROM sk_values`
      : 'CREATE TEMP TABLE sk_caps AS\nSELECT 1 AS none',
  );

  if (cupedIndices.length > 0)
    stages.push(cupedFitStage(options, (k) => cappedValue(options.metrics[k] as ResolvedMetric, k)));

  const caps = options.metrics.flatMap((metric, k) => {
    const w = metric.winsorize;
    if (w === undefined) return [];
    const columns: string[] = [];
    if (w.lower !== undefined)
      columns.push(`max(c.lo${k}) AS lo${k}`, `count(*) FILTER (WHERE v.m${k} < c.lo${k}) AS below${k}`);
    if (w.upper !== undefined)
      columns.push(`max(c.hi${k}) AS hi${k}`, `count(*) FILTER (WHERE v.m${k} > c.hi${k}) AS above${k}`);
    return columns;
  });

  const stats = ['count(*) AS n', ...statistics(options)].join(',\n  ');
  const from = `sk_values v CROSS JOIN sk_caps c${cupedIndices.length > 0 ? ' CROSS JOIN sk_cuped_fit f' : ''}`;
  const queries: AnalysisSql['queries'] = {
    // The four attribution counts come from one pass over the attributed events, not one join each.
    counts: `SELECT 'exposure:' || status AS what, count(*) AS n FROM sk_exposures GROUP BY status
UNION ALL SELECT 'event:' || status, count(*) FROM sk_events GROUP BY status
UNION ALL SELECT 'multipleVariants', count(*) FROM (
  SELECT unit_id FROM sk_exposures WHERE status = 'ok' GROUP BY unit_id HAVING min(variant) <> max(variant)
) m
UNION ALL SELECT x.what, x.n FROM (
  SELECT count(*) FILTER (WHERE u.unit_id IS NULL) AS unattributed, count(*) FILTER (WHERE a.t < u.entered) AS early,
    count(*) FILTER (WHERE a.t >= u.entered) AS counted, count(*) FILTER (WHERE a.t >= u.entered AND a.stitched) AS stitched
  FROM sk_attributed a LEFT JOIN sk_units u ON u.unit_id = a.unit_id
) c CROSS JOIN LATERAL (VALUES ('unattributed', c.unattributed), ('beforeExposure', c.early), ('counted', c.counted),
  ('stitched', c.stitched)) AS x(what, n)`,
    window: 'SELECT min(entered) AS first, max(entered) AS last FROM sk_units',
    variants: `SELECT v.variant,\n  ${stats}\nFROM ${from}\nGROUP BY v.variant`,
    segments: options.segments.map(
      (_, a) => `SELECT v.seg${a} AS segment, v.variant,\n  ${stats}\nFROM ${from}\nGROUP BY v.seg${a}, v.variant`,
    ),
    quantiles: printableQuantiles(options),
  };
  if (caps.length > 0) queries.caps = `SELECT ${caps.join(',\n  ')}\nFROM sk_values v CROSS JOIN sk_caps c`;
  if (options.metrics.some(isDayKind)) queries.end = end;
  if (options.timeline !== undefined) {
    const timeline = timelineSql(options, dialect, {
      variantIndex,
      // The timeline covers no funnel, the one kind whose expression needs its index.
      values: (metric, names) => metricExpressions(metric, -1, names),
      statistics: (metrics) => statistics({ ...options, metrics, cuped: undefined }),
    });
    stages.push(...timeline.stages);
    queries.timeline = { span: timeline.span, days: timeline.days };
  }
  return { stages, queries };
}

/** The stages the quantile and funnel metrics add before `sk_values`: a quantile's sample, a funnel's reach per unit. */
function kindStages(options: ResolvedOptions): string[] {
  return options.metrics.flatMap((metric, k) => {
    if (metric.kind === 'quantile') return [quantileSampleStage(k, metric.event, options.segments.length)];
    if (metric.kind === 'funnel') return [funnelStage(k, metric.steps ?? [], metric.window)];
    return [];
  });
}

// The order statistics query needs the ranks Node computes from the statistics query's rows: shown for rank 1.
function printableQuantiles(options: ResolvedOptions): string[] {
  return options.metrics.flatMap((metric, k) => {
    if (metric.kind !== 'quantile') return [];
    const wanted = options.variants.map((_, variant) => ({ group: 0, variant, rank: 1 }));
    return [
      quantileStatisticsQuery(k, metric.quantile ?? 0.5, quantileGroup()),
      `-- ${printable(metric.key)}: the values at the ranks L and U Node computes per variant from the rows above (here rank 1)\n${quantileOrderStatisticsQuery(k, quantileGroup(), wanted)}`,
    ];
  });
}

/** The whole analysis as one script, for `--print-sql`. */
export function printableSql(sql: AnalysisSql): string {
  const q = sql.queries;
  const queries = [
    q.counts,
    q.window,
    ...(q.caps === undefined ? [] : [q.caps]),
    ...(q.end === undefined ? [] : [q.end]),
    q.variants,
    ...q.segments,
    ...q.quantiles,
    ...(q.timeline === undefined ? [] : [q.timeline.span, q.timeline.days]),
  ];
  return `${[...sql.stages, ...queries].join(';\n\n')};\n`;
}
