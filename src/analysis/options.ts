/**
 * The options of an analysis, checked once and with every default filled.
 * Mistakes in the options (not in the data) throw a `ConfigError` with
 * code `INVALID_OPTIONS` listing every problem at once.
 */
import { ConfigError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { AnalysisVariant, ExperimentDesign } from './experiment-design.js';
import type { MetricDefinition, RatioPart, ResolvedMetric } from './metric-definition.js';
import { expectedOneOf, KINDS, ROLES } from './metric-spec.js';
import { DEFAULT_CORRECTIONS } from './corrections.js';
import { resolveKindFields } from './kinds/definitions.js';
import type { CorrectionOptions } from './corrections.js';
import { resolveCuped, resolveSequential } from './method-options.js';
import { P_VALUE_ADJUSTMENTS } from './stats/multiple-comparisons.js';

/** Priors of the Bayesian readout; see docs/statistics.md. */
export interface BayesianPriors {
  /** Beta prior of every conversion rate. Default `{ alpha: 1, beta: 1 }` (uniform). */
  conversion?: { alpha: number; beta: number };
  /** Normal prior of the difference of means and ratios, in the metric's units. Default: none (flat). */
  difference?: { mean: number; sd: number };
}

/** What to analyze and how; the events come separately (see `analyzeExperiment`, `analyzeFromStore`). */
export interface AnalysisOptions {
  experiment: ExperimentDesign;
  metrics: readonly MetricDefinition[];
  /** Confidence level of every interval; significance means p < 1 - confidence. Default 0.95. */
  confidence?: number;
  /** Attributes recorded on exposures (`event.attributes[name]`) to break results down by, e.g. `country`. */
  segments?: readonly (string | { attribute: string })[];
  /** Power the sample-size hint aims for. Default 0.8. */
  power?: number;
  /** Segment values shown per attribute, largest first; the rest are pooled as `(other)`. Default 20. */
  maxSegmentValues?: number;
  /** Caveats to print with the report (e.g. "weights assumed equal"). */
  notes?: readonly string[];
  /**
   * Multiple-comparison correction per family (docs/analysis.md): default
   * `holm` for primary metrics, `benjamini-hochberg` for secondary metrics and
   * for segments. Guardrails are never corrected.
   */
  corrections?: Partial<CorrectionOptions>;
  /**
   * Epoch-ms bounds (inclusive) of the analysis: exposures and custom events
   * outside them are not analyzed (a store is asked only for what lies
   * inside; events handed to `analyzeExperiment` outside them are counted as
   * outside the window).
   */
  from?: number;
  to?: number;
  /**
   * The current time in epoch ms (default: the clock's). Exposures and events
   * stamped later than this (beyond a few minutes of clock skew) are invalid:
   * they are counted, reported and left out.
   */
  now?: number;
  /** Priors of the Bayesian readout (`chanceToBeat`, `expectedLoss`, `credibleInterval`); see docs/statistics.md. */
  priors?: BayesianPriors;
  /**
   * CUPED variance reduction of conversion, count and sum metrics, with each
   * unit's same metric over the `lookback` ms before its first exposure as
   * the covariate (default 14 days). `analyzeFromStore` then reads metric
   * events from `from - lookback`. See docs/analysis.md, "CUPED".
   */
  cuped?: boolean | { lookback?: number };
  /**
   * Always-valid confidence sequences (safe to look at every day); the
   * verdict then follows them. `tuning`: units at which the sequence is
   * tightest (default 5000). See docs/analysis.md, "Sequential testing".
   */
  sequential?: boolean | { tuning?: number };
  /**
   * Effects over time: the cumulative comparison of each primary and guardrail
   * metric at the end of every day since the first exposure (docs/analysis.md).
   * `true` or `{ maxDays }` (default 90 days). Default off.
   */
  timeline?: boolean | { maxDays?: number };
}

/** {@link AnalysisOptions} with defaults filled; internal to the analysis. */
export interface ResolvedOptions {
  key: string;
  unit: string;
  variants: AnalysisVariant[];
  /** The weights are a guess: the sample ratio is not checked. */
  weightsAssumed: boolean;
  control: number;
  metrics: ResolvedMetric[];
  confidence: number;
  power: number;
  segments: string[];
  maxSegmentValues: number;
  notes: string[];
  corrections: CorrectionOptions;
  from: number | undefined;
  to: number | undefined;
  now: number;
  priors: BayesianPriors;
  /** Off when undefined. */
  cuped: { lookback: number } | undefined;
  /** Off when undefined. */
  sequential: { tuning: number } | undefined;
  /** Absent when the timeline is off (optional, so options built by hand need not name it). */
  timeline?: { maxDays: number } | undefined;
}

/** Days a timeline holds by default (docs/analysis.md, "Effects over time"). */
export const DEFAULT_TIMELINE_DAYS = 90;

const DIRECTIONS = new Set(['increase', 'decrease']);
const CORRECTIONS = new Set<unknown>(P_VALUE_ADJUSTMENTS);

/** An optional list option: its items, or none (and an issue) when it is given but not an array. */
function listOption<T>(
  value: readonly T[] | undefined,
  path: string,
  expected: string,
  fail: (path: string, message: string) => void,
): readonly T[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  fail(path, `expected ${expected}`);
  return [];
}

/** Checks `options` and fills defaults; throws `ConfigError` (`INVALID_OPTIONS`) on any problem. */
export function resolveOptions(options: AnalysisOptions): ResolvedOptions {
  const issues: ValidationIssue[] = [];
  const fail = (path: string, message: string) => issues.push({ path, message });
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError([{ path: '', message: 'expected an options object' }], {
      code: 'INVALID_OPTIONS',
      subject: 'analysis options',
    });
  }
  const { experiment } = options;

  if (!nonEmpty(experiment?.key)) fail('experiment.key', 'expected a non-empty string');
  if (!nonEmpty(experiment?.unit)) fail('experiment.unit', 'expected a non-empty string');
  const variants = Array.isArray(experiment?.variants) ? experiment.variants : [];
  if (variants.length < 2) fail('experiment.variants', 'expected at least two variants');
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    if (!nonEmpty(v?.key)) fail(`experiment.variants[${i}].key`, 'expected a non-empty string');
    else if (seen.has(v.key)) fail(`experiment.variants[${i}].key`, `duplicate variant "${v.key}"`);
    else seen.add(v.key);
    if (!(typeof v?.weight === 'number' && Number.isFinite(v.weight) && v.weight > 0)) {
      fail(`experiment.variants[${i}].weight`, 'expected a positive number');
    }
  });
  if (experiment?.weightsAssumed !== undefined && typeof experiment.weightsAssumed !== 'boolean')
    fail('experiment.weightsAssumed', 'expected true or false');
  const controlKey = experiment?.control ?? variants[0]?.key;
  const control = variants.findIndex((v) => v?.key === controlKey);
  if (experiment?.control !== undefined && control < 0)
    fail('experiment.control', `"${experiment.control}" is not a variant`);

  const confidence = options.confidence ?? 0.95;
  if (!inOpenUnit(confidence)) fail('confidence', 'expected a number between 0 and 1 (exclusive)');
  const power = options.power ?? 0.8;
  if (!inOpenUnit(power)) fail('power', 'expected a number between 0 and 1 (exclusive)');
  const maxSegmentValues = options.maxSegmentValues ?? 20;
  if (!Number.isInteger(maxSegmentValues) || maxSegmentValues < 1)
    fail('maxSegmentValues', 'expected a positive integer');

  // Checked before use: a string ('country') would otherwise throw a TypeError naming nothing.
  const segmentList = listOption(options.segments, 'segments', 'an array of attribute names', fail);
  const segments = segmentList.map((s) => (typeof s === 'string' ? s : s?.attribute));
  segments.forEach((s, i) => {
    if (!nonEmpty(s)) fail(`segments[${i}]`, 'expected an attribute name');
  });

  const time = (value: unknown, path: string) => {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value)))
      fail(path, 'expected epoch milliseconds');
  };
  time(options.from, 'from');
  time(options.to, 'to');
  time(options.now, 'now');
  if (options.priors !== undefined && (typeof options.priors !== 'object' || options.priors === null))
    fail('priors', 'expected { conversion?, difference? }');
  const priors = options.priors ?? {};
  const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;
  if (priors.conversion !== undefined && !(positive(priors.conversion?.alpha) && positive(priors.conversion?.beta))) {
    fail('priors.conversion', 'expected { alpha, beta }, both positive numbers');
  }
  if (
    priors.difference !== undefined &&
    !(Number.isFinite(priors.difference?.mean) && positive(priors.difference?.sd))
  ) {
    fail('priors.difference', 'expected { mean, sd }, a finite mean and a positive sd');
  }
  const cuped = resolveCuped(options.cuped, fail);
  const sequential = resolveSequential(options.sequential, fail);
  const timeline = resolveTimeline(options.timeline, fail);
  if (options.corrections !== undefined && (typeof options.corrections !== 'object' || options.corrections === null))
    fail('corrections', 'expected { primary?, secondary?, segments? }');
  const corrections = { ...DEFAULT_CORRECTIONS, ...(options.corrections ?? {}) };
  for (const family of ['primary', 'secondary', 'segments'] as const) {
    if (!CORRECTIONS.has(corrections[family]))
      fail(`corrections.${family}`, 'expected benjamini-hochberg, holm or none');
  }

  const metrics = Array.isArray(options.metrics) ? options.metrics : [];
  if (!Array.isArray(options.metrics)) fail('metrics', 'expected an array of metric definitions');
  const metricKeys = new Set<string>();
  const resolved = metrics.map((m, i) => resolveMetric(m, `metrics[${i}]`, metricKeys, fail));

  // A string would otherwise be spread into one note per character.
  const notes = listOption(options.notes, 'notes', 'an array of strings', fail);
  notes.forEach((note, i) => {
    if (typeof note !== 'string') fail(`notes[${i}]`, 'expected a string');
  });

  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'analysis options' });
  return {
    key: experiment.key,
    unit: experiment.unit,
    variants: variants.map((v) => ({ key: v.key, weight: v.weight })),
    weightsAssumed: experiment.weightsAssumed === true,
    control,
    metrics: resolved,
    confidence,
    power,
    segments: segments as string[],
    maxSegmentValues,
    notes: [...notes],
    corrections,
    from: options.from,
    to: options.to,
    now: options.now ?? Date.now(),
    priors: { ...priors },
    cuped,
    sequential,
    timeline,
  };
}

function resolveTimeline(
  value: AnalysisOptions['timeline'],
  fail: (path: string, message: string) => void,
): { maxDays: number } | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { maxDays: DEFAULT_TIMELINE_DAYS };
  const maxDays = typeof value === 'object' && value !== null ? (value.maxDays ?? DEFAULT_TIMELINE_DAYS) : undefined;
  if (!(Number.isInteger(maxDays) && (maxDays as number) >= 1 && (maxDays as number) <= 366)) {
    fail(typeof value === 'object' ? 'timeline.maxDays' : 'timeline', 'expected true, false or { maxDays: 1 to 366 }');
    return undefined;
  }
  return { maxDays: maxDays as number };
}

function resolveMetric(
  m: MetricDefinition,
  path: string,
  keys: Set<string>,
  fail: (path: string, message: string) => void,
): ResolvedMetric {
  if (!nonEmpty(m?.key)) fail(`${path}.key`, 'expected a non-empty string');
  else if (keys.has(m.key)) fail(`${path}.key`, `duplicate metric "${m.key}"`);
  else keys.add(m.key);
  if (!KINDS.includes(m?.kind)) fail(`${path}.kind`, expectedOneOf(KINDS));
  if (m?.role !== undefined && !ROLES.includes(m.role)) fail(`${path}.role`, expectedOneOf(ROLES));
  if (m?.direction !== undefined && !DIRECTIONS.has(m.direction))
    fail(`${path}.direction`, 'expected increase or decrease');
  if (m?.event !== undefined && !nonEmpty(m.event)) fail(`${path}.event`, 'expected a non-empty string');

  const mde = m?.minDetectableEffect ?? 0.05;
  if (!(typeof mde === 'number' && Number.isFinite(mde) && mde > 0))
    fail(`${path}.minDetectableEffect`, 'expected a positive number');

  const margin = m?.nonInferiorityMargin;
  if (margin !== undefined) {
    if (m.role !== 'guardrail')
      fail(`${path}.nonInferiorityMargin`, 'only guardrail metrics have a non-inferiority margin');
    if (!(typeof margin === 'number' && Number.isFinite(margin) && margin > 0))
      fail(`${path}.nonInferiorityMargin`, 'expected a positive number');
  }

  const w = m?.winsorize;
  if (w !== undefined) {
    if (m.kind !== 'count' && m.kind !== 'sum')
      fail(`${path}.winsorize`, 'only count and sum metrics can be winsorized');
    if (typeof w !== 'object' || w === null) fail(`${path}.winsorize`, 'expected { lower?, upper? }');
    const bad = (q: unknown) => q !== undefined && !(typeof q === 'number' && q >= 0 && q <= 1);
    if (bad(w?.lower)) fail(`${path}.winsorize.lower`, 'expected a quantile in [0, 1]');
    if (bad(w?.upper)) fail(`${path}.winsorize.upper`, 'expected a quantile in [0, 1]');
    if (w?.lower !== undefined && w?.upper !== undefined && w.lower > w.upper)
      fail(`${path}.winsorize`, 'lower is above upper');
  }

  const numerator = m?.kind === 'ratio' ? resolvePart(m.numerator, `${path}.numerator`, fail) : undefined;
  const denominator = m?.kind === 'ratio' ? resolvePart(m.denominator, `${path}.denominator`, fail) : undefined;
  if (m?.kind !== 'ratio' && (m?.numerator !== undefined || m?.denominator !== undefined)) {
    fail(`${path}.numerator`, 'only ratio metrics have a numerator and denominator');
  }

  const kindFields = resolveKindFields(m, path, fail);
  return {
    ...kindFields,
    key: m?.key,
    kind: m?.kind,
    role: m?.role ?? 'secondary',
    direction: m?.direction ?? 'increase',
    event: numerator?.event ?? kindFields.steps?.[0] ?? m?.event ?? m?.key,
    // No bound (`{}`) clips nothing: the same as no winsorization, in every engine and the report.
    winsorize: w?.lower === undefined && w?.upper === undefined ? undefined : { ...w },
    numerator,
    denominator,
    minDetectableEffect: mde,
    nonInferiorityMargin: margin,
  };
}

function resolvePart(
  part: RatioPart | undefined,
  path: string,
  fail: (path: string, message: string) => void,
): { event: string; aggregate: 'sum' | 'count' } | undefined {
  if (typeof part === 'string' && part !== '') return { event: part, aggregate: 'sum' };
  if (typeof part === 'object' && part !== null && nonEmpty(part.event)) {
    const aggregate = part.aggregate ?? 'sum';
    if (aggregate === 'sum' || aggregate === 'count') return { event: part.event, aggregate };
    fail(`${path}.aggregate`, 'expected sum or count');
    return undefined;
  }
  fail(path, 'expected an event name or { event, aggregate }');
  return undefined;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function inOpenUnit(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value < 1;
}
