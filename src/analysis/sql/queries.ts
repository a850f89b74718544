/**
 * The queries whose rows leave the engine: exposure and event counts, the
 * enrollment window, the caps, when days end, and per variant (and per
 * segment value and variant) every metric's statistics; a quantile metric's
 * two queries are there for printing only.
 */
import type { ResolvedOptions } from '../options.js';
import { printable } from '../../shared/printable.js';
import type { AnalysisSql } from './stages.js';
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
    segments: options.segments.map(
      (_, a) => `SELECT v.seg${a} AS segment, v.variant,\n  ${stats}\nFROM ${from}\nGROUP BY v.seg${a}, v.variant`,
    ),
    quantiles: printableQuantiles(options),
  };
  const caps = capsQuery(options);
  if (caps !== undefined) queries.caps = caps;
  if (options.metrics.some(isDayKind)) queries.end = end;
  return queries;
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
