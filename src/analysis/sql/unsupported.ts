/**
 * Which analyses have a SQL form: a metric kind without one, or an option,
 * sends the analysis to the in-memory engine (or refuses an explicit SQL engine).
 */
import type { ResolvedOptions } from '../options.js';
import type { ResolvedMetric } from '../metric-definition.js';

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
