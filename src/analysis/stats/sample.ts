/**
 * Validation of the group inputs of the comparisons: summaries, proportion
 * counts and ratio moments. Messages name the group (`control`, `treatment`).
 */
import { AnalysisError } from '../../errors/index.js';
import { summarizeNamed } from './summarize.js';
import type { MeanSample, ProportionSample, RatioSummary, SampleSummary } from './types.js';
import { requireFinite } from './validate.js';

function requireObject(value: unknown, name: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new AnalysisError(`${name} must be an object`);
}

/** The summary of a mean-comparison group, from its values or a given summary. */
export function meanSummary(sample: MeanSample, name: string): SampleSummary {
  if (Array.isArray(sample)) return summarizeNamed(sample as readonly number[], name);
  requireObject(sample, name);
  const { n, mean, variance } = sample as SampleSummary;
  requireFinite(n, `${name}.n`);
  requireFinite(mean, `${name}.mean`);
  requireFinite(variance, `${name}.variance`);
  if (n < 2) throw new AnalysisError(`${name} needs at least 2 values for a variance, got n = ${n}`);
  if (variance < 0) throw new AnalysisError(`${name}.variance must not be negative, got ${variance}`);
  return { n, mean, variance };
}

/** A checked proportion group: n ≥ 1 and 0 ≤ successes ≤ n. */
export function proportionSample(sample: ProportionSample, name: string): ProportionSample {
  requireObject(sample, name);
  const { successes, n } = sample;
  requireFinite(n, `${name}.n`);
  requireFinite(successes, `${name}.successes`);
  if (n < 1) throw new AnalysisError(`${name}.n must be at least 1, got ${n}`);
  if (successes < 0 || successes > n) {
    throw new AnalysisError(`${name}.successes must be between 0 and n (${n}), got ${successes}`);
  }
  return { successes, n };
}

/** A checked ratio summary: n ≥ 2, finite moments, non-negative variances. */
export function ratioSummary(summary: RatioSummary, name: string): RatioSummary {
  requireObject(summary, name);
  const fields = ['n', 'meanNumerator', 'meanDenominator', 'varianceNumerator', 'varianceDenominator', 'covariance'];
  const values = summary as unknown as Record<string, number>;
  for (const field of fields) requireFinite(values[field] as number, `${name}.${field}`);
  if (summary.n < 2) throw new AnalysisError(`${name} needs at least 2 units for a variance, got n = ${summary.n}`);
  if (summary.varianceNumerator < 0 || summary.varianceDenominator < 0) {
    throw new AnalysisError(`${name} variances must not be negative`);
  }
  return summary;
}
