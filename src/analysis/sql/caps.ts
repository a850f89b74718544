/**
 * The winsorization thresholds of one metric as SQL columns: `lo<k>` and
 * `hi<k>`, the continuous percentiles of its per-unit values `m<k>`, the same
 * definition the in-memory engine's caps use.
 */
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
