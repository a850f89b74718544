/**
 * The sufficient statistics of every metric as aggregate columns over
 * `sk_values v` and the caps `c`: what an engine returns per variant (and
 * per segment value, or per day of the timeline) for the comparisons.
 */
import type { ResolvedOptions } from '../options.js';
import { numberLiteral, sampleVariance } from './dialect.js';
import { DAY_MS } from './day-kinds.js';
import { cappedValue } from './caps.js';
import { cupedMetricIndices, cupedStatistics } from './cuped.js';
import { funnelStepColumn } from './funnel.js';
import { isDayKind } from './unit-values.js';

function moments(prefix: string, value: string): string[] {
  return [
    `sum(${value}) AS ${prefix}_sum`,
    `avg(${value}) AS ${prefix}_mean`,
    `${sampleVariance(value)} AS ${prefix}_var`,
    `count(*) FILTER (WHERE ${value} <> 0) AS ${prefix}_nz`,
    `count(*) FILTER (WHERE ${value} < 0) AS ${prefix}_neg`,
  ];
}

/**
 * An activeDays metric's sum and mean from its units' whole active days a (Σa / N, Σa / (N·n)): summing the
 * shares a/N themselves leaves rounding dust (Σ of 15 × 1/3 and 15 × 2/3 gave 14.999999999999998), so two
 * groups with the same share differed by 1e-16 instead of 0. The in-memory engine takes them so too
 * (`sharesAggregate`).
 */
function activeDaysSums(k: number, window: number): string[] {
  const days = numberLiteral(Math.round(window / DAY_MS));
  return [`sum(v.ad${k}) / ${days} AS m${k}_sum`, `sum(v.ad${k}) / (${days} * count(v.ad${k})) AS m${k}_mean`];
}

/** The statistics columns of every metric, for the aggregate queries (over `v.m<k>`, `v.d<k>` and caps `c`). */
export function statistics(options: ResolvedOptions): string[] {
  const cuped = new Set(cupedMetricIndices(options));
  return options.metrics.flatMap((metric, k) => {
    const ratio = metric.kind === 'ratio' && metric.numerator !== undefined && metric.denominator !== undefined;
    const value = cappedValue(metric, k);
    const columns = moments(`m${k}`, value);
    if (metric.kind === 'activeDays') columns.splice(0, 2, ...activeDaysSums(k, metric.window ?? 0));
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
