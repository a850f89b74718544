/**
 * The analysis as SQL stages, written once against a {@link SqlDialect}:
 *
 * 1. `sk_rows` (rows.ts): the stored rows the analysis reads (this
 *    experiment's exposures, every identify event, the metric events), typed;
 *    a view, so each stage streams the scan instead of holding every row;
 * 2. `sk_exposures` → `sk_units` (enrollment.ts): the first valid exposure per
 *    unit, with the exclusions of assignments.ts and the segment values;
 * 3. `sk_links`, `sk_events`, `sk_stitched` → `sk_attributed` (attribution.ts):
 *    identity stitching by time, as identities.ts does it, and the validity
 *    checks of validity.ts;
 * 4. `sk_tallies` → `sk_values` (unit-values.ts): per unit and metric event,
 *    count and sum of the events at or after entry; per unit, each metric's
 *    value (a funnel's reach per step from `sk_funnel<k>`, funnel.ts; a
 *    quantile's sample is `sk_sample<k>`, read by the queries of quantile.ts);
 * 5. `sk_caps` (caps.ts): winsorization thresholds over all units; per segment
 *    attribute, its labels with their units and keys `sk_labels<a>` (label-keys.ts);
 * 6. the queries (queries.ts): counts, caps, and per variant (and per segment
 *    value shown and variant) the sufficient statistics of every metric
 *    (statistics.ts); a segment attribute's values beyond the display limit
 *    are pooled into `(other)` in the engine, whatever their number.
 *
 * With `cuped`, cuped.ts adds the pre-exposure tallies, the covariates in
 * `sk_values`, the pooled fit `sk_cuped_fit` and the adjusted moments; with
 * `timeline`, timeline.ts adds its stages after these and two queries.
 *
 * Only the queries' few rows leave the engine.
 */
import { metricEventNames } from '../metric-values.js';
import type { ResolvedOptions } from '../options.js';
import type { ResolvedMetric } from '../metric-definition.js';
import type { SqlDialect } from './dialect.js';
import { attributionStages } from './attribution.js';
import { capsStage, cappedValue } from './caps.js';
import { cupedFitStage, cupedMetricIndices } from './cuped.js';
import { observationEnd } from './day-kinds.js';
import { enrollmentStages, variantIndex } from './enrollment.js';
import { labelKeysStage } from './label-keys.js';
import { analysisQueries } from './queries.js';
import { rowsView } from './rows.js';
import { statistics } from './statistics.js';
import { timelineSql } from './timeline.js';
import { metricExpressions, valueStages } from './unit-values.js';

/** One segment attribute's statements, in the order they run. */
export interface SegmentQueries {
  /**
   * Rows `(label, n, odd, keys)`: the keys that can rank among the values shown, with their units
   * (`labelCountsQuery` in queries.ts); at most `maxSegmentValues` rows and two per label only Node can rewrite.
   */
  labels: string;
  /** For printing: the query Node runs for the units of the keys the odd labels become (`keyCountsQuery`). */
  printedKeys: string;
  /**
   * For printing: `sk_shown<a>` as the engine itself would rank the keys. The analysis writes the values
   * Node picks (with the odd labels merged in) instead, with `shownValuesStage` (queries.ts).
   */
  printedShown: string;
  /** Per value shown (`segment`, its position; -1 for the pooled `(other)`) and `variant`: `n` and the statistics. */
  statistics: string;
}

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
    /** Per segment attribute: its label counts, the values shown, and their statistics. */
    segments: SegmentQueries[];
    /**
     * Quantile metrics, for printing: the per-variant statistics query, then
     * the order statistics one (run-sql.ts builds them per grouping, with the ranks).
     */
    quantiles: string[];
    /** With the `timeline` option: its span (one row) and its per-day, per-variant statistics. */
    timeline?: { span: string; days: string };
  };
}

/** The stages and queries of `options`' analysis in `dialect`. */
export function analysisSql(options: ResolvedOptions, dialect: SqlDialect): AnalysisSql {
  const names = metricEventNames(options.metrics);
  // Active-day and retention days are complete by the analysis `to`, else by the latest valid time read.
  const end = observationEnd(options.to);
  const stages = [
    rowsView(options, dialect, names),
    ...enrollmentStages(options, dialect),
    ...attributionStages(options, dialect),
    ...valueStages(options, names, end),
    capsStage(options),
    ...options.segments.map((_, a) => labelKeysStage(a, dialect)),
  ];
  if (cupedMetricIndices(options).length > 0)
    stages.push(cupedFitStage(options, (k) => cappedValue(options.metrics[k] as ResolvedMetric, k)));

  const queries = analysisQueries(options, end, dialect);
  if (options.timeline !== undefined) {
    const timeline = timelineSql(options, dialect, {
      variantIndex: variantIndex(options),
      // The timeline covers no funnel, the one kind whose expression needs its index.
      values: (metric, names) => metricExpressions(metric, -1, names),
      statistics: (metrics) => statistics({ ...options, metrics, cuped: undefined }),
    });
    stages.push(...timeline.stages);
    queries.timeline = { span: timeline.span, days: timeline.days };
  }
  return { stages, queries };
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
    ...q.segments.flatMap((s) => [s.labels, s.printedKeys, s.printedShown, s.statistics]),
    ...q.quantiles,
    ...(q.timeline === undefined ? [] : [q.timeline.span, q.timeline.days]),
  ];
  return `${[...sql.stages, ...queries].join(';\n\n')};\n`;
}
