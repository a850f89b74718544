/**
 * The queries whose rows leave the engine: exposure and event counts, the
 * enrollment window, the caps, when days end, and per variant (and per
 * segment value shown and variant) every metric's statistics; a quantile
 * metric's two queries are there for printing only.
 */
import type { ResolvedOptions } from '../options.js';
import { printable } from '../../shared/printable.js';
import { literal } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { labelsTable } from './label-keys.js';
import type { AnalysisSql, SegmentQueries } from './stages.js';
import { capsQuery } from './caps.js';
import { cupedMetricIndices } from './cuped.js';
import { quantileGroup, quantileOrderStatisticsQuery, quantileStatisticsQuery } from './quantile.js';
import { statistics } from './statistics.js';
import { isDayKind } from './unit-values.js';

/** The queries of `options`' analysis; `end` is when day-based metrics' days must be complete. */
export function analysisQueries(options: ResolvedOptions, end: string, dialect: SqlDialect): AnalysisSql['queries'] {
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
    segments: options.segments.map((_, a) => segmentQueries(a, options.maxSegmentValues, stats, from, dialect)),
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
 * the engine: a first query counts the units of the keys that can rank
 * among the values shown (label-keys.ts: `sk_labels<a>`), Node picks them
 * (after merging in the labels only it can rewrite, segment-labels.ts) and
 * writes them to `sk_shown<a>` ({@link shownValuesStage}), and the
 * statistics query groups by them, pooling every other value into `(other)`.
 */
function segmentQueries(
  a: number,
  maxValues: number,
  stats: string,
  from: string,
  dialect: SqlDialect,
): SegmentQueries {
  const labels = labelsTable(a);
  return {
    labels: labelCountsQuery(a, maxValues, dialect),
    printedKeys: `-- The units of the keys the odd labels above become in Node (here none: the list is Node's)
${keyCountsQuery(a, [])}`,
    printedShown: `-- The values shown on their own, numbered from 0 (the rest is (other)): Node picks them from the counts above, after
-- merging in the odd labels, and writes them here; this script ranks the keys, each odd label its own
CREATE TEMP TABLE sk_shown${a} AS
SELECT l.label, x.grp FROM ${labels} l JOIN (
  SELECT key, CAST(row_number() OVER (ORDER BY sum(n) DESC, ${dialect.utf16Order('key')}) - 1 AS INTEGER) AS grp,
    count(*) OVER () AS keys
  FROM ${labels} GROUP BY key
) x ON x.key = l.key
WHERE x.grp < CASE WHEN x.keys <= ${maxValues} THEN ${maxValues} ELSE ${maxValues - 1} END`,
    statistics: `SELECT ${SEGMENT_GROUP} AS segment, v.variant,\n  ${stats}\nFROM ${from} LEFT JOIN sk_shown${a} s ON s.label = v.seg${a}\nGROUP BY ${SEGMENT_GROUP}, v.variant`,
  };
}

/**
 * Rows `(label, n, odd, keys)`: every odd label of `sk_labels<a>` (`odd` 1), then the keys of the others with
 * the most units (ties in JavaScript's order), as many as `maxValues` and the odd labels together (`odd` 0,
 * `keys` the number of keys in all). Each odd label merges into one value at most, so the values shown are
 * among these, whatever the attribute's values.
 */
function labelCountsQuery(a: number, maxValues: number, dialect: SqlDialect): string {
  const labels = labelsTable(a);
  return `WITH g AS (
  SELECT key, sum(n) AS n FROM ${labels} WHERE odd = 0 GROUP BY key
), r AS (
  SELECT key, n, row_number() OVER (ORDER BY n DESC, ${dialect.utf16Order('key')}) AS place, count(*) OVER () AS keys FROM g
)
SELECT label, n, 1 AS odd, 0 AS keys FROM ${labels} WHERE odd = 1
UNION ALL
SELECT key, n, 0, keys FROM r WHERE place <= ${maxValues} + (SELECT count(*) FROM ${labels} WHERE odd = 1)`;
}

/** Rows `(key, n)`: the units of the keys `keys` of segment attribute `a` (those it has). */
export function keyCountsQuery(a: number, keys: readonly string[]): string {
  const where = keys.length === 0 ? 'false' : `key IN (${keys.map(literal).join(', ')})`;
  return `SELECT key, sum(n) AS n FROM ${labelsTable(a)} WHERE odd = 0 AND ${where} GROUP BY key`;
}

/**
 * `CREATE TEMP TABLE sk_shown<a>`: per engine label of each value shown, the value's position (`grp`). `values`
 * (in the order shown) holds per value the keys of `sk_labels<a>` it covers: its in-memory label when that
 * is a key, and the odd labels Node merged into it (an odd label's key is itself).
 */
export function shownValuesStage(a: number, values: readonly (readonly string[])[]): string {
  const rows = values.flatMap((keys, g) => keys.map((key) => `(${literal(key)}, ${g})`));
  const select =
    rows.length === 0
      ? 'SELECT CAST(NULL AS TEXT) AS label, 0 AS grp WHERE 1 = 0'
      : `SELECT l.label, s.grp FROM ${labelsTable(a)} l JOIN (VALUES ${rows.join(', ')}) AS s(key, grp) ON s.key = l.key`;
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
