/**
 * The options of an analysis, checked once and with every default filled.
 * Mistakes in the options (not in the data) throw a `ConfigError` with
 * code `INVALID_OPTIONS` listing every problem at once.
 */
import { ConfigError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { AnalysisOptions, ResolvedOptions } from './options.js';
import { DEFAULT_CORRECTIONS } from './corrections.js';
import { resolveCuped, resolveSequential, resolveTimeline } from './method-options.js';
import { nonEmpty, resolveMetric } from './resolve-metric.js';
import { P_VALUE_ADJUSTMENTS } from './stats/multiple-comparisons.js';

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
    // 0 is a weight a ruleset may give (an arm ramped down): that variant expects no units.
    if (!(typeof v?.weight === 'number' && Number.isFinite(v.weight) && v.weight >= 0)) {
      fail(`experiment.variants[${i}].weight`, 'expected a number of 0 or more');
    }
  });
  if (variants.length >= 2 && variants.every((v) => v?.weight === 0))
    fail('experiment.variants', 'expected at least one variant with a weight above 0');
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

function inOpenUnit(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value < 1;
}
