/**
 * Runs the stages in an engine and turns the queries' rows into
 * {@link AnalysisAggregates}: the only data that crosses from the engine to
 * the stats engine.
 */
import { emptyAggregate } from '../aggregates.js';
import type {
  AnalysisAggregates,
  MetricAggregates,
  Moments,
  SegmentValueAggregates,
  VariantAggregate,
} from '../aggregates.js';
import type { ResolvedOptions } from '../options.js';
import type { CapApplied } from '../metric-result.js';
import type { Exclusions } from '../types.js';
import { emptyInvalidData } from '../validity.js';
import { funnelStepColumn } from './funnel.js';
import { addQuantileAggregates } from './quantile.js';
import { OTHER_SEGMENT_VALUE } from '../assignments.js';
import { splitSegmentValues } from '../segment-aggregates.js';
import { OTHER_GROUP, keyCountsQuery, shownValuesStage } from './queries.js';
import { JSON_LABEL, labelValues, memoryLabel } from './segment-labels.js';
import { analysisSql } from './stages.js';
import type { SegmentQueries } from './stages.js';
import { cupedOutcomesFromRows } from './cuped.js';
import { timelineAggregates } from './timeline.js';
import type { SqlDialect } from './dialect.js';

/** A row as an engine returns it; numbers may arrive as number, bigint or numeric text. */
export type SqlRow = Record<string, unknown>;

/** Runs one statement and returns its rows (none for the stages). */
export type SqlExecutor = (sql: string) => Promise<SqlRow[]>;

const num = (value: unknown): number => (value === null || value === undefined ? Number.NaN : Number(value));
const count = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
/** The character the dialects' `utf16Order` cannot order as JavaScript does: a string holding it is odd. */
const LAST_CHARACTER = '\u{10FFFF}';

function momentsFrom(row: SqlRow, prefix: string, n: number): Moments {
  const variance = num(row[`${prefix}_var`]);
  return {
    n,
    sum: n === 0 ? 0 : num(row[`${prefix}_sum`]),
    mean: num(row[`${prefix}_mean`]),
    m2: n < 2 || !Number.isFinite(variance) ? 0 : Math.max(0, variance * (n - 1)),
    nonZero: count(row[`${prefix}_nz`]),
    negative: count(row[`${prefix}_neg`]),
  };
}

function aggregateFrom(
  row: SqlRow | undefined,
  key: string,
  prefix: 'm' | 'u',
  k: number,
  ratio: boolean,
): VariantAggregate {
  if (row === undefined) return emptyAggregate(key, ratio);
  // Active days and retention count only eligible units: their own n.
  const own = row[`${prefix}${k}_n`];
  const n = own === undefined ? count(row.n) : count(own);
  const aggregate: VariantAggregate = { key, ...momentsFrom(row, `${prefix}${k}`, n) };
  if (row[`e${k}_sum`] !== undefined && prefix === 'm') aggregate.events = count(row[`e${k}_sum`]);
  if (ratio && prefix === 'm') {
    aggregate.denominator = momentsFrom(row, `d${k}`, n);
    const covariance = num(row[`c${k}_cov`]);
    aggregate.coMoment = n < 2 || !Number.isFinite(covariance) ? 0 : covariance * (n - 1);
  }
  return aggregate;
}

function isRatio(options: ResolvedOptions, k: number): boolean {
  const metric = options.metrics[k];
  return metric?.kind === 'ratio' && metric.numerator !== undefined && metric.denominator !== undefined;
}

/** Metric `k`'s aggregate per variant from the rows of the aggregate query (`byVariant`, in variant order). */
export function metricAggregates(
  options: ResolvedOptions,
  byVariant: (SqlRow | undefined)[],
  k: number,
  adjusted: boolean,
): VariantAggregate[] {
  const steps = options.metrics[k]?.kind === 'funnel' ? (options.metrics[k]?.steps ?? []) : undefined;
  return options.variants.map((v, i) => {
    const aggregate = aggregateFrom(byVariant[i], v.key, 'm', k, isRatio(options, k));
    const row = byVariant[i];
    if (steps !== undefined) aggregate.reached = steps.map((_, s) => count(row?.[`${funnelStepColumn(k, s)}_sum`]));
    // CUPED: the comparison is of the adjusted values' moments (only where the fit succeeded).
    if (adjusted)
      aggregate.adjusted =
        row === undefined
          ? { n: 0, sum: 0, mean: Number.NaN, m2: 0, nonZero: 0, negative: 0 }
          : momentsFrom(row, `a${k}`, aggregate.n);
    return aggregate;
  });
}

/**
 * Segment attribute `a`'s values shown and its pooled `(other)` (marked
 * `pooled`, last), each with its statistics: the labels' counts pick the
 * values shown, as the in-memory engine picks them, and only their rows and
 * `(other)`'s leave the engine, however many values the attribute has.
 */
async function segmentAggregates(
  options: ResolvedOptions,
  a: number,
  query: SegmentQueries,
  execute: SqlExecutor,
  adjusted: (k: number) => boolean,
): Promise<SegmentValueAggregates[]> {
  const labelRows = await execute(query.labels);
  const of = (row: SqlRow) => ({ label: String(row.label), units: count(row.n) });
  const keyed = labelRows.filter((row) => count(row.odd) === 0).map(of);
  const odd = labelRows.filter((row) => count(row.odd) === 1).map(of);
  // The keys the odd labels become in memory that are not among those counted: their units, if they are keys.
  // A quoted string, a doubled marker or a string holding U+10FFFF is odd itself, so never a key: not asked for
  // (a per-unit attribute of such strings would otherwise send a list that grows with its units, for nothing).
  const counted = new Set(keyed.map((k) => k.label));
  const wanted = [...new Set(odd.map((o) => memoryLabel(o.label)))].filter(
    (label) =>
      !counted.has(label) && !label.startsWith('"') && !label.startsWith(JSON_LABEL) && !label.includes(LAST_CHARACTER),
  );
  if (wanted.length > 0)
    for (const row of await execute(keyCountsQuery(a, wanted)))
      keyed.push({ label: String(row.key), units: count(row.n) });
  const keys = count(labelRows.find((row) => count(row.odd) === 0)?.keys);
  const { values: candidates, total } = labelValues(keyed, odd, keys);
  const sorted = splitSegmentValues(candidates, Number.POSITIVE_INFINITY).shown;
  const pooling = total > options.maxSegmentValues;
  const shown = pooling ? sorted.slice(0, options.maxSegmentValues - 1) : sorted;
  await execute(
    shownValuesStage(
      a,
      shown.map((value) => value.labels ?? [value.value]),
    ),
  );
  const rows = new Map<string, SqlRow>();
  for (const row of await execute(query.statistics)) rows.set(`${count(row.segment)}:${count(row.variant)}`, row);
  const value = (group: number, label: string): SegmentValueAggregates => {
    const list = options.variants.map((_, v) => rows.get(`${group}:${v}`));
    return {
      value: label,
      units: list.map((row) => count(row?.n)),
      metrics: options.metrics.map((_, k) => metricAggregates(options, list, k, adjusted(k))),
    };
  };
  const values = shown.map((s, g) => ({ ...value(g, s.value), ...(s.labels ? { labels: s.labels } : {}) }));
  if (pooling) values.push({ ...value(OTHER_GROUP, OTHER_SEGMENT_VALUE), pooled: true });
  return values;
}

/** Runs the analysis of `options` through `execute` in `dialect`. */
export async function sqlAggregates(
  options: ResolvedOptions,
  dialect: SqlDialect,
  execute: SqlExecutor,
): Promise<AnalysisAggregates> {
  const sql = analysisSql(options, dialect);
  for (const stage of sql.stages) await execute(stage);
  const counts = new Map((await execute(sql.queries.counts)).map((row) => [String(row.what), count(row.n)]));
  const get = (what: string) => counts.get(what) ?? 0;
  const invalid = emptyInvalidData();
  for (const key of Object.keys(invalid.exposures) as (keyof typeof invalid.exposures)[])
    invalid.exposures[key] = get(`exposure:${key}`);
  for (const key of Object.keys(invalid.events) as (keyof typeof invalid.events)[])
    invalid.events[key] = get(`event:${key}`);
  const exclusions: Exclusions = {
    multipleVariants: get('multipleVariants'),
    missingUnit: get('exposure:missingUnit'),
    unknownVariant: get('exposure:unknownVariant'),
    notRandomized: get('exposure:notRandomized'),
  };

  const variantRows = await execute(sql.queries.variants);
  const byVariant = options.variants.map((_, i) => variantRows.find((row) => count(row.variant) === i));
  const units = byVariant.map((row) => count(row?.n));
  const totalUnits = units.reduce((a, b) => a + b, 0);
  const cuped = cupedOutcomesFromRows(options, byVariant);
  const adjusted = (k: number) => cuped[k]?.result.status === 'adjusted';
  const capsRow = sql.queries.caps === undefined || totalUnits === 0 ? undefined : (await execute(sql.queries.caps))[0];

  const metrics: MetricAggregates[] = options.metrics.map((metric, k) => {
    const result: MetricAggregates = { variants: metricAggregates(options, byVariant, k, adjusted(k)) };
    if (metric.winsorize !== undefined && capsRow !== undefined) {
      const caps: { lower?: CapApplied; upper?: CapApplied } = {};
      if (metric.winsorize.lower !== undefined)
        caps.lower = {
          quantile: metric.winsorize.lower,
          value: num(capsRow[`lo${k}`]),
          units: count(capsRow[`below${k}`]),
        };
      if (metric.winsorize.upper !== undefined)
        caps.upper = {
          quantile: metric.winsorize.upper,
          value: num(capsRow[`hi${k}`]),
          units: count(capsRow[`above${k}`]),
        };
      result.caps = caps;
      result.uncapped = options.variants.map((v, i) => aggregateFrom(byVariant[i], v.key, 'u', k, false));
    }
    return result;
  });

  const segments: SegmentValueAggregates[][] = [];
  for (const [a, query] of sql.queries.segments.entries())
    segments.push(await segmentAggregates(options, a, query, execute, adjusted));

  const aggregates: AnalysisAggregates = {
    units,
    exclusions,
    events: {
      counted: get('counted'),
      stitched: get('stitched'),
      beforeExposure: get('beforeExposure'),
      beforeExposureByVariant: options.variants.map((_, i) => get(`beforeExposure:${i}`)),
      unattributed: get('unattributed'),
    },
    invalid,
    metrics,
    segments,
  };
  if (options.metrics.some((m) => m.kind === 'quantile')) await addQuantileAggregates(options, aggregates, execute);
  if (options.cuped !== undefined) aggregates.cuped = cuped;
  if (sql.queries.timeline !== undefined) {
    const [span] = await execute(sql.queries.timeline.span);
    const days = await execute(sql.queries.timeline.days);
    aggregates.timeline = timelineAggregates(options, span, days, (metrics, rows, k) =>
      metricAggregates({ ...options, metrics }, rows, k, false),
    );
  }
  if (sql.queries.end !== undefined) {
    const [end] = await execute(sql.queries.end);
    // No valid time read at all: nothing can be complete (the in-memory engine's −Infinity).
    const t = end?.end_time;
    aggregates.eligibilityEnd = t === null || t === undefined ? -Infinity : num(t);
  }
  if (totalUnits > 0) {
    const [window] = await execute(sql.queries.window);
    aggregates.window = { from: num(window?.first), to: num(window?.last) };
  }
  return aggregates;
}
