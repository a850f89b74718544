/**
 * The always-valid comparison of one treatment with control on one metric
 * (option `sequential`): each group reduced to its size, mean and per-unit
 * variance, as its fixed-horizon comparison sees it, then the confidence
 * sequence of stats/sequential.ts. See docs/statistics.md.
 */
import { ratioMoments, sampleSummary } from './aggregates.js';
import type { ComparedGroup } from './compare.js';
import { ratioEstimate } from './stats/compare-ratios.js';
import { sequenceAtLevel } from './stats/sequential.js';
import type { SequentialGroup } from './stats/sequential.js';
import type { ResolvedMetric } from './metric-definition.js';
import type { SequentialResult } from './comparison-result.js';

/**
 * The confidence sequence, relative interval and always-valid p-value.
 *
 * @throws AnalysisError when the groups have no answer (too few units, no variance, control 0).
 */
export function sequentialResult(
  metric: ResolvedMetric,
  control: ComparedGroup,
  treatment: ComparedGroup,
  confidence: number,
  tuning: number,
  tunedFor = confidence,
): SequentialResult {
  const nonNegative = [control, treatment].every((g) => g.negative === 0 && (g.denominator?.negative ?? 0) === 0);
  const conversion = metric.kind === 'conversion' && control.adjusted === undefined;
  const options = { confidence, tuning, nonNegative, ...(conversion ? { range: [-1, 1] as [number, number] } : {}) };
  // At a corrected level the mixture stays tuned for the report's level, whose p-value the correction adjusted.
  const s = sequenceAtLevel(sufficient(metric, control), sufficient(metric, treatment), options, tunedFor);
  return { ci: s.ci, relativeCi: s.relativeCi, pValue: s.pValue, method: s.method, tuning: s.tuning };
}

// The same variances as the fixed-horizon test: Wald p(1 − p) for rates, the delta method for ratios.
// Only n, mean and variance per group: the aggregates every engine returns are enough.
function sufficient(metric: ResolvedMetric, group: ComparedGroup): SequentialGroup {
  if (group.adjusted !== undefined) return asGroup(sampleSummary(group.adjusted));
  if (metric.kind === 'ratio') {
    const n = group.n;
    const estimate = ratioEstimate(ratioMoments(group), 'group');
    return { n, mean: estimate.value, variance: estimate.variance * n };
  }
  if (metric.kind === 'conversion') {
    const n = group.n;
    const p = group.sum / n;
    return { n, mean: p, variance: p * (1 - p) };
  }
  return asGroup(sampleSummary(group));
}

function asGroup(s: { n: number; mean: number; variance: number }): SequentialGroup {
  return { n: s.n, mean: s.mean, variance: s.variance };
}
