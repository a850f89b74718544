/**
 * What every engine's report shares once its metrics are compared: variant
 * counts and the sample ratio check, multiplicity corrections, the verdict,
 * the power hint and the notes.
 */
import { aggregateGroup } from './compare.js';
import type { ComparedGroup, VariantValues } from './compare.js';
import { applyCorrections } from './corrections.js';
import type { MetricResult } from './metric-result.js';
import { markUntrusted } from './untrusted.js';
import type { ResolvedMetric } from './metric-definition.js';
import type { ResolvedOptions } from './options.js';
import { powerHint } from './power.js';
import { checkSampleRatio } from './srm.js';
import type {
  EventCounts,
  Exclusions,
  ExperimentReport,
  InvalidData,
  SegmentBreakdown,
  VariantCount,
} from './types.js';
import { decide } from './verdict.js';
import { adjustFunnelSteps, comparableMetric } from './kinds/compare.js';
import { P_VALUE_ADJUSTMENT_NAMES as METHOD_NAMES } from './stats/multiple-comparisons.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What each engine computes its own way, for {@link finishReport}. */
export interface ReportParts {
  counts: number[];
  metrics: MetricResult[];
  segments: SegmentBreakdown[];
  window: { from: number; to: number } | undefined;
  /** Per metric, control's values or aggregate, for the power hint. */
  controls: (VariantValues | ComparedGroup | undefined)[];
}

/** What every engine shares once the metrics are compared: corrections, the verdict, power and notes. */
export function finishReport(
  options: ResolvedOptions,
  data: { exclusions: Exclusions; events: EventCounts; invalid: InvalidData },
  parts: ReportParts,
): ExperimentReport {
  const { counts, metrics, segments, window } = parts;
  const variantKeys = options.variants.map((v) => v.key);
  const weights = options.variants.map((v) => v.weight);
  const totalUnits = counts.reduce((a, b) => a + b, 0);
  const srm = checkSampleRatio(counts, weights, options.weightsAssumed);
  const treatments = variantKeys.filter((_, i) => i !== options.control);
  applyCorrections(metrics, segments, options.corrections, options.confidence);
  adjustFunnelSteps(metrics, options.corrections.secondary, options.confidence);
  const { verdict, variantVerdicts } = decide(metrics, srm, treatments);
  if (srm.mismatch) markUntrusted(metrics, segments);

  const unitsPerDay =
    window && window.to - window.from >= HOUR_MS ? (totalUnits * DAY_MS) / (window.to - window.from) : undefined;
  // Corrected together, the primary comparisons each face a stricter level: the plan is for it.
  const primaryComparisons =
    options.corrections.primary === 'none'
      ? 1
      : options.metrics.filter((metric) => metric.role === 'primary').length * treatments.length;
  const power = options.metrics.flatMap((metric, m) => {
    const group = parts.controls[m];
    if (metric.role !== 'primary' || group === undefined) return [];
    if (metric.kind === 'quantile')
      return [
        {
          status: 'not enough data' as const,
          metric: metric.key,
          reason: 'the power hint covers conversion, mean and ratio metrics, not quantiles',
        },
      ];
    const eligible = eligibleCounts(metric, metrics[m]);
    return [
      powerHint(comparableMetric(metric) ?? metric, aggregateGroup(group), {
        confidence: options.confidence,
        power: options.power,
        units: counts,
        weights,
        unitsPerDay,
        comparisons: primaryComparisons,
        ...(eligible ? { eligible } : {}),
      }),
    ];
  });

  const report: ExperimentReport = {
    experiment: { key: options.key, unit: options.unit, control: variantKeys[options.control] ?? '' },
    confidence: options.confidence,
    variants: variantCounts(options, counts),
    units: totalUnits,
    exclusions: { ...data.exclusions },
    events: { ...data.events },
    invalid: { events: { ...data.invalid.events }, exposures: { ...data.invalid.exposures } },
    srm,
    metrics,
    verdict,
    variantVerdicts,
    segments,
    power,
    // Invalid stored data is the structured `invalid` field; both reports render it from there.
    notes: [...options.notes, ...automaticNotes(options, data.exclusions, metrics)],
  };
  if (window) report.window = { ...window };
  return report;
}

// Retention and activeDays compare only units whose days are complete (every engine reports them as
// `eligibleUnits`); a new unit counts after the window (activeDays) or once day d is over (retention).
function eligibleCounts(
  metric: ResolvedMetric,
  result: MetricResult | undefined,
): { units: number[]; waitDays: number } | undefined {
  if (result === undefined || (metric.kind !== 'activeDays' && metric.kind !== 'retention')) return undefined;
  const waitDays = metric.kind === 'activeDays' ? Math.round((metric.window ?? 0) / DAY_MS) : (metric.day ?? 0) + 1;
  return { units: result.variants.map((v) => v.summary.eligibleUnits ?? v.summary.units), waitDays };
}

function variantCounts(options: ResolvedOptions, counts: readonly number[]): VariantCount[] {
  const totalWeight = options.variants.reduce((a, v) => a + v.weight, 0);
  const totalUnits = counts.reduce((a, b) => a + b, 0);
  return options.variants.map((v, i) => ({
    key: v.key,
    weight: v.weight,
    units: counts[i] ?? 0,
    expectedShare: v.weight / totalWeight,
    // With no units the shares do not exist (0/0): NaN, which JSON writes as null and the reports as "–".
    observedShare: totalUnits === 0 ? Number.NaN : (counts[i] ?? 0) / totalUnits,
  }));
}

function automaticNotes(options: ResolvedOptions, exclusions: Exclusions, metrics: readonly MetricResult[]): string[] {
  const notes: string[] = [];
  if (exclusions.multipleVariants > 0) {
    notes.push(`${exclusions.multipleVariants} unit(s) were exposed to more than one variant and are left out.`);
  }
  notes.push(...correctionNotes(options, metrics));
  return notes;
}

// Says how p-values were adjusted wherever a family has more than one comparison. A family is the comparisons
// that have an answer (corrections.ts): ones with not enough data are not counted, so neither are they here.
function correctionNotes(options: ResolvedOptions, metrics: readonly MetricResult[]): string[] {
  const count = (role: ResolvedMetric['role']) =>
    metrics
      .filter((m) => m.metric.role === role)
      .reduce((n, m) => n + m.variants.filter((v) => v.comparison?.status === 'ok').length, 0);
  const parts: string[] = [];
  const primary = count('primary');
  if (primary > 1) parts.push(`the ${primary} primary comparisons by ${METHOD_NAMES[options.corrections.primary]}`);
  const secondary = count('secondary');
  if (secondary > 1)
    parts.push(`the ${secondary} secondary comparisons by ${METHOD_NAMES[options.corrections.secondary]}`);
  if (options.segments.length > 0)
    parts.push(`segment comparisons by ${METHOD_NAMES[options.corrections.segments]}, per attribute`);
  if (parts.length === 0) return [];
  return [
    `p-values are adjusted for multiple comparisons: ${parts.join('; ')}. Guardrails are not adjusted (that would hide harm). ` +
      `Labels and the verdict follow the adjusted p-value; ${intervalsText(options)}`,
  ];
}

// Which intervals the reports print beside the corrected labels (adjusted-intervals.ts).
function intervalsText(options: ResolvedOptions): string {
  const which = options.sequential ? 'always-valid intervals' : 'intervals';
  return (
    `the ${which} of corrected comparisons are at the level their correction used, so each excludes no change ` +
    "exactly when its adjusted p-value is significant: Holm's at 1 − α/(m − j + 1) for the j-th smallest of the m " +
    "p-values when it rejects it, Benjamini–Hochberg's at 1 − Rα/m for the R it selects (false coverage rate, " +
    'Benjamini–Yekutieli), and the comparisons either keeps at 1 − α/m (Bonferroni). The JSON keeps the ' +
    'per-comparison intervals (ci, relativeCi) beside them (adjusted).'
  );
}

// Invalid stored data is left out; the notes say how much and why, so nothing is dropped silently.
