/**
 * Splits per-unit metric values into one group per variant, for all units or
 * for the units of one segment.
 */
import type { EnrolledUnit } from './assignments.js';
import type { VariantValues } from './compare.js';
import type { UnitMetricValues } from './metric-values.js';

/** The values of the units at `indices` (all units when omitted), grouped by variant. */
export function groupByVariant(
  variantKeys: readonly string[],
  units: readonly EnrolledUnit[],
  metricValues: UnitMetricValues,
  indices?: readonly number[],
): VariantValues[] {
  const groups: VariantValues[] = variantKeys.map((key) => {
    const group: VariantValues = metricValues.denominators
      ? { key, values: [], denominators: [] }
      : { key, values: [] };
    if (metricValues.adjusted) group.adjusted = [];
    return group;
  });
  const add = (i: number) => {
    const group = groups[units[i]?.variant ?? -1];
    if (group === undefined) return;
    group.values.push(metricValues.values[i] ?? 0);
    group.denominators?.push(metricValues.denominators?.[i] ?? 0);
    group.adjusted?.push(metricValues.adjusted?.[i] ?? 0);
  };
  if (indices === undefined) for (let i = 0; i < units.length; i++) add(i);
  else for (const i of indices) add(i);
  return groups;
}
