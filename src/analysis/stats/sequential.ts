/**
 * Always-valid inference for a difference of two means: the asymptotic
 * confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas
 * ("Time-uniform central limit theory and asymptotic confidence sequences",
 * arXiv:2103.06476, 2021, revised 2024), two-sided, with the normal
 * mixture boundary of Robbins (1970) and Howard et al. (2021).
 *
 * With N units seen so far, an estimate d of the difference and its
 * standard error se (so σ̂² = N·se² is the per-unit variance of the
 * difference's influence function), the sequence at level α is
 *
 *   d ± se · √( 2(Nρ² + 1)/(Nρ²) · log(√(Nρ² + 1)/α) )
 *
 * and it covers the true difference at every N at once with probability
 * at least 1 − α (asymptotically), so it may be looked at after every new
 * unit. ρ is the tuning parameter: ρ² = (−2 log α + log(1 − 2 log α)) / N*
 * makes the sequence nearly tightest at N = N* units (Howard et al. 2021).
 * The always-valid p-value is the smallest α whose sequence excludes 0:
 * p = min(1, √(Nρ² + 1) · exp(−z² Nρ² / (2(Nρ² + 1)))) with z = d/se.
 */
import { AnalysisError } from '../../errors/index.js';
import { relativeLift } from './relative.js';
import { confidenceOf } from './validate.js';

/** Units (both groups together) at which the sequence is tightest, unless told otherwise. */
export const DEFAULT_SEQUENTIAL_TUNING = 5000;

/** Method name reported with every confidence sequence. */
export const SEQUENTIAL_METHOD = 'asymptotic confidence sequence (Waudby-Smith et al., arXiv:2103.06476)';

/** One group: units, mean and per-unit variance (the variance of the mean is variance / n). */
export interface SequentialGroup {
  n: number;
  mean: number;
  variance: number;
}

/** Options of {@link sequentialComparison}. */
export interface SequentialOptions {
  /** Coverage of the sequence over all looks, strictly between 0 and 1. Default 0.95. */
  confidence?: number;
  /** N*: units (both groups) at which the sequence is tightest. Default {@link DEFAULT_SEQUENTIAL_TUNING}. */
  tuning?: number;
  /** The metric cannot be negative: the relative interval stops at −100%. */
  nonNegative?: boolean;
  /** Clip the interval of the difference to this range (a difference of rates lies in [−1, 1]). */
  range?: [number, number];
}

/** An always-valid comparison of treatment with control. */
export interface SequentialComparison {
  /** Treatment mean minus control mean. */
  difference: number;
  /** The confidence sequence of the difference at this look. */
  ci: [number, number];
  /** Fieller interval of the relative lift with the sequence's critical value (±Infinity when unbounded). */
  relativeCi: [number, number];
  /** Always-valid p-value: below 1 − confidence exactly when `ci` excludes 0. */
  pValue: number;
  /** The multiplier of the standard error that gives the half-width (the fixed-horizon z is 1.96 at 95%). */
  critical: number;
  /** N* of the sequence. */
  tuning: number;
  method: string;
}

/** ρ² that makes the two-sided normal-mixture boundary tightest at `tuning` units (Howard et al. 2021). */
export function sequentialRhoSquared(alpha: number, tuning: number): number {
  const l = -2 * Math.log(alpha);
  return (l + Math.log(1 + l)) / tuning;
}

/** The half-width of the sequence in standard errors, after `n` units. */
export function sequentialCritical(n: number, alpha: number, rho2: number): number {
  const v = n * rho2;
  return Math.sqrt((2 * (v + 1) * Math.log(Math.sqrt(v + 1) / alpha)) / v);
}

/** The always-valid p-value of z = difference / se after `n` units. */
export function sequentialPValue(z: number, n: number, rho2: number): number {
  const v = n * rho2;
  // In logs: exp alone underflows to 0 long before the p-value stops mattering.
  const log = 0.5 * Math.log1p(v) - (z * z * v) / (2 * (v + 1));
  return Math.min(1, Math.exp(log));
}

/**
 * The confidence sequence, always-valid p-value and relative interval of
 * treatment − control from each group's size, mean and per-unit variance
 * (sufficient statistics, so SQL engines and per-day readouts can reuse it).
 *
 * @throws AnalysisError when a group has fewer than 2 units, a statistic is
 *   not finite, both variances are 0, the tuning is not a positive number,
 *   or the relative lift is undefined (control mean 0).
 */
export function sequentialComparison(
  control: SequentialGroup,
  treatment: SequentialGroup,
  options: SequentialOptions = {},
): SequentialComparison {
  return sequenceAtLevel(control, treatment, options, confidenceOf(options));
}

/**
 * {@link sequentialComparison} at level `options.confidence` with the mixture tuned (ρ) for `tunedFor`: a valid
 * sequence at any level, and its p-value is the one tuned for `tunedFor`, so the interval at level 1 − γ
 * excludes 0 exactly when that p-value is below γ (the corrected levels of adjusted-intervals.ts).
 */
export function sequenceAtLevel(
  control: SequentialGroup,
  treatment: SequentialGroup,
  options: SequentialOptions,
  tunedFor: number,
): SequentialComparison {
  const confidence = confidenceOf(options);
  confidenceOf({ confidence: tunedFor });
  const tuning = options.tuning ?? DEFAULT_SEQUENTIAL_TUNING;
  if (!(Number.isFinite(tuning) && tuning > 0)) throw new AnalysisError('tuning must be a positive number of units');
  for (const [name, g] of [
    ['control', control],
    ['treatment', treatment],
  ] as const) {
    if (!(g.n >= 2)) throw new AnalysisError(`${name} has ${g.n} units; a sequence needs at least 2 per group`);
    if (!(Number.isFinite(g.mean) && Number.isFinite(g.variance) && g.variance >= 0))
      throw new AnalysisError(`${name} has a non-finite mean or a negative variance`);
  }
  const a = control.variance / control.n;
  const b = treatment.variance / treatment.n;
  if (a === 0 && b === 0)
    throw new AnalysisError('both groups have zero variance, so the difference has no standard error');
  const alpha = 1 - confidence;
  const rho2 = sequentialRhoSquared(1 - tunedFor, tuning);
  const n = control.n + treatment.n;
  const se = Math.sqrt(a + b);
  const difference = treatment.mean - control.mean;
  const critical = sequentialCritical(n, alpha, rho2);
  const [lowest, highest] = options.range ?? [-Infinity, Infinity];
  const relative = relativeLift(
    { value: control.mean, variance: a },
    { value: treatment.mean, variance: b },
    critical,
    options.nonNegative === true,
  );
  return {
    difference,
    ci: [Math.max(lowest, difference - critical * se), Math.min(highest, difference + critical * se)],
    relativeCi: relative.relativeCi,
    pValue: sequentialPValue(difference / se, n, rho2),
    critical,
    tuning,
    method: SEQUENTIAL_METHOD,
  };
}
