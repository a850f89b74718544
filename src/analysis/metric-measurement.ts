/**
 * What a metric measured, beside its numbers: the events read, the analysis
 * window and, when it was winsorized, the caps with the comparison before them.
 */
import { compareMetric } from './compare.js';
import type { ComparedGroup, VariantValues } from './compare.js';
import type { ResolvedMetric } from './metric-definition.js';
import type { CapApplied, MetricMeasurement } from './metric-result.js';
import type { ResolvedOptions } from './options.js';

/** `metric`'s measurement; with `caps`, `uncappedGroups` are its groups' values (or aggregates) before capping. */
export function measurement(
  options: ResolvedOptions,
  metric: ResolvedMetric,
  caps: { lower?: CapApplied; upper?: CapApplied } | undefined,
  uncappedGroups: readonly (VariantValues | ComparedGroup)[] | undefined,
): MetricMeasurement {
  const events =
    metric.kind === 'ratio'
      ? [metric.numerator?.event ?? '', metric.denominator?.event ?? '']
      : (metric.steps ?? [metric.event]);
  const window: MetricMeasurement['window'] = {};
  if (options.from !== undefined) window.from = options.from;
  if (options.to !== undefined) window.to = options.to;
  const result: MetricMeasurement = { events: [...new Set(events)], window };
  if (caps !== undefined && uncappedGroups !== undefined) {
    // The same comparison on the values before capping: a cap that flips the sign must be visible.
    const raw = compareMetric(
      metric,
      uncappedGroups,
      options.control,
      options.confidence,
      options.priors,
      options.sequential,
    );
    const uncapped = raw.variants.flatMap((row) =>
      row.comparison?.status === 'ok'
        ? [
            {
              variant: row.variant,
              value: row.summary.value,
              difference: row.comparison.difference,
              relativeLift: row.comparison.relativeLift,
              // With sequential testing, the same always-valid p-value as the capped row.
              pValue: row.comparison.sequential?.pValue ?? row.comparison.pValue,
            },
          ]
        : [],
    );
    result.caps = { ...caps, uncapped };
  }
  return result;
}
