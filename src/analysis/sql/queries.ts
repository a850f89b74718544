/**
 * The queries whose rows leave the engine: exposure and event counts, the
 * enrollment window, the caps, when days end, and per variant (and per
 * segment value shown and variant) every metric's statistics; a quantile
 * metric's two queries are there for printing only.
 */
import type { ResolvedOptions } from '../options.js';
import { printable } from '../../shared/printable.js';
import { literal } from './dialect.js';
import type { AnalysisSql, SegmentQueries } from './stages.js';
import { capsQuery } from './caps.js';
import { cupedMetricIndices } from './cuped.js';
import { quantileGroup, quantileOrderStatisticsQuery, quantileStatisticsQuery } from './quantile.js';
import { statistics } from './statistics.js';
import { isDayKind } from './unit-values.js';

/** The queries of `options`' analysis; `end` is when day-based metrics' days must be complete. */
export function analysisQueries(options: ResolvedOptions, end: string): AnalysisSql['queries'] {
  const cupedIndices = cupedMetricIndices(options);
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
  ('stitched', c.stitched)) AS x(what, n)
UNION ALL SELECT 'beforeExposure:' || CAST(u.variant AS TEXT), count(*)
  FROM sk_attributed a JOIN sk_units u ON u.unit_id = a.unit_id WHERE a.t < u.entered GROUP BY u.variant`,
    window: 'SELECT min(entered) AS first, max(entered) AS last FROM sk_units',
    variants: `SELECT v.variant,\n  ${stats}\nFROM ${from}\nGROUP BY v.variant`,
    segments: options.segments.map((_, a) => segmentQueries(a, options.maxSegmentValues, stats, from)),
    quantiles: printableQuantiles(options),
  };
  const caps = capsQuery(options);
  if (caps !== undefined) queries.caps = caps;
  if (options.metrics.some(isDayKind)) queries.end = end;
  return queries;
}

/** The group number of the pooled `(other)` value in the rows of a segment statistics query. */
export const OTHER_GROUP = -1;

/** A unit's group in a segment's statistics: its value's position among those shown (`sk_shown<a>`), or `(other)`'s. */
const SEGMENT_GROUP = `coalesce(s.grp, ${OTHER_GROUP})`;

/**
 * Segment attribute `a`'s queries. Only the shown values' statistics leave
 * the engine: a first query counts the units of each label, Node picks the
 * values shown from them (after merging the labels the engines spell apart,
 * segment-labels.ts) and writes them to `sk_shown<a>` ({@link shownValuesStage}),
 * and the statistics query groups by them, pooling every other value into `(other)`.
 */
function segmentQueries(a: number, maxValues: number, stats: string, from: string): SegmentQueries {
  return {
    labels: `SELECT seg${a} AS label, count(*) AS n FROM sk_units GROUP BY seg${a}`,
    printedShown: `-- The values shown on their own, numbered from 0 (the rest is (other)): Node picks them from the counts above, after
-- merging the labels that spell one value apart (1, 1.0 and "1"), and writes them here; this script takes the labels as spelt
CREATE TEMP TABLE sk_shown${a} AS
SELECT label, grp FROM (
  SELECT seg${a} AS label, CAST(row_number() OVER (ORDER BY count(*) DESC, seg${a}) - 1 AS INTEGER) AS grp,
    count(*) OVER () AS labels
  FROM sk_units GROUP BY seg${a}
) x WHERE grp < CASE WHEN labels <= ${maxValues} THEN ${maxValues} ELSE ${maxValues - 1} END`,
    statistics: `SELECT ${SEGMENT_GROUP} AS segment, v.variant,\n  ${stats}\nFROM ${from} LEFT JOIN sk_shown${a} s ON s.label = v.seg${a}\nGROUP BY ${SEGMENT_GROUP}, v.variant`,
  };
}

/**
 * `CREATE TEMP TABLE sk_shown<a>`: per engine label of each value shown
 * (`values`, in the order shown), the value's position (`grp`).
 */
export function shownValuesStage(a: number, values: readonly (readonly string[])[]): string {
  const rows = values.flatMap((labels, g) => labels.map((label) => `(${literal(label)}, ${g})`));
  const select =
    rows.length === 0
      ? 'SELECT CAST(NULL AS TEXT) AS label, 0 AS grp WHERE 1 = 0'
      : `SELECT label, grp FROM (VALUES ${rows.join(', ')}) AS t(label, grp)`;
  return `CREATE TEMP TABLE sk_shown${a} AS\n${select}`;
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
