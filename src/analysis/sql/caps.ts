/**
 * Winsorization in SQL: a metric's thresholds as columns `lo<k>` and `hi<k>`,
 * the continuous percentiles of its per-unit values `m<k>` (percentile_cont
 * is the type 7 quantile the in-memory engine's caps use), computed over all
 * units in `sk_caps`; the capped values; and the query of the thresholds
 * with the units clipped to each.
 */
import type { ResolvedOptions } from '../options.js';
import type { ResolvedMetric } from '../metric-definition.js';
import { numberLiteral } from './dialect.js';

/** The threshold columns of metric `k` (none when it is not winsorized). */
export function capColumns(metric: ResolvedMetric, k: number): string[] {
  const w = metric.winsorize;
  if (w === undefined) return [];
  const columns: string[] = [];
  if (w.lower !== undefined)
    columns.push(`percentile_cont(${numberLiteral(w.lower)}) WITHIN GROUP (ORDER BY m${k}) AS lo${k}`);
  if (w.upper !== undefined)
    columns.push(`percentile_cont(${numberLiteral(w.upper)}) WITHIN GROUP (ORDER BY m${k}) AS hi${k}`);
  return columns;
}

/** The `sk_caps` stage: every winsorized metric's thresholds, in one row. */
export function capsStage(options: ResolvedOptions): string {
  const capped = options.metrics.flatMap((metric, k) => capColumns(metric, k));
  // With no winsorized metric the aggregate queries still join its one (empty-column) row.
  return capped.length > 0
    ? `CREATE TEMP TABLE sk_caps AS\nSELECT ${capped.join(',\n  ')}\nFROM sk_values`
    : 'CREATE TEMP TABLE sk_caps AS\nSELECT 1 AS none';
}

/** The capped value of metric `k` (its raw value when it is not winsorized). */
export function cappedValue(metric: ResolvedMetric, k: number): string {
  let value = `v.m${k}`;
  if (metric.winsorize?.lower !== undefined) value = `GREATEST(${value}, c.lo${k})`;
  if (metric.winsorize?.upper !== undefined) value = `LEAST(${value}, c.hi${k})`;
  return value;
}

/** The query of each threshold's value and the units beyond it, when a metric is winsorized. */
export function capsQuery(options: ResolvedOptions): string | undefined {
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
  return caps.length > 0 ? `SELECT ${caps.join(',\n  ')}\nFROM sk_values v CROSS JOIN sk_caps c` : undefined;
}
