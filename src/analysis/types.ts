/**
 * The shape of an {@link ExperimentReport}, the analysis's result that the
 * terminal and HTML reports render: unit counts and the sample ratio check,
 * data left out, the verdict, segments and the power hint. Metrics, their
 * comparisons and the timeline have their own files. Plain types, no runtime code.
 */
import type { MetricResult } from './metric-result.js';
import type { MetricRole } from './metric-definition.js';
import type { TimelineSpan } from './timeline-result.js';

/** Units per variant, planned and observed. */
export interface VariantCount {
  key: string;
  weight: number;
  units: number;
  /** weight / sum of weights. */
  expectedShare: number;
  /** units / all units (NaN, JSON null, when there are none: the shares do not exist). */
  observedShare: number;
}

/** Sample ratio mismatch check of unit counts against the planned weights. */
export type SrmResult =
  | {
      status: 'ok';
      chiSquare: number;
      /** The chi-square test's p-value, or the exact test's when `exact` is set (the one `mismatch` reads). */
      pValue: number;
      threshold: number;
      mismatch: boolean;
      /**
       * Set when a variant expects fewer than 5 units, where the chi-square approximation fails (95 of 100
       * units against weights 99/1 gave p = 0.00006 where the exact p is 0.0034): `pValue` is then the
       * exact binomial test's (each variant against the rest, Bonferroni-combined over more than two).
       */
      exact?: { minExpected: number; chiSquarePValue: number };
    }
  | { status: 'not enough data'; reason: string; threshold: number; mismatch: false }
  /**
   * The weights were assumed (`ExperimentDesign.weightsAssumed`), so there is no plan to test against.
   * `assumed` is the test against the assumed weights, shown for reading (a 50/50 experiment's real check).
   */
  | {
      status: 'not checked';
      reason: string;
      threshold: number;
      mismatch: false;
      assumed?: { chiSquare: number; pValue: number; exact?: { minExpected: number; chiSquarePValue: number } };
    };

/** Exposures and units left out of the analysis, with why. */
export interface Exclusions {
  /** Units whose exposures name more than one variant. */
  multipleVariants: number;
  /** Exposures of this experiment without the experiment's unit id. */
  missingUnit: number;
  /** Exposures naming a variant the experiment does not have. */
  unknownVariant: number;
  /** Exposures not randomized (reasons OVERRIDE, TARGETING_MATCH, STATIC). */
  notRandomized: number;
}

/** What happened to the metric events read. */
export interface EventCounts {
  /** Events counted for an enrolled unit. */
  counted: number;
  /** Of those, events attributed through identity links (they lacked the experiment's unit). */
  stitched: number;
  /** Events of an enrolled unit that happened before its first exposure (not counted). */
  beforeExposure: number;
  /**
   * `beforeExposure` per variant, in the experiment's order (absent in reports written before
   * 2026-12-06). Piled up in one arm (its clients' clocks run ahead of the server tracking its events, or
   * it logs exposures late), they are events that arm lost, and its metrics read lower for it.
   */
  beforeExposureByVariant?: number[];
  /** Metric events that belong to no enrolled unit. */
  unattributed: number;
}

/**
 * Stored data the analysis could not use, counted and left out rather than
 * coerced (docs/analysis.md, "Invalid stored data").
 */
export interface InvalidData {
  /** Metric events, by problem. An event with several problems counts once, under the first listed. */
  events: {
    /** `time` is not a finite number. */
    badTime: number;
    /** `time` is later than now (beyond the allowed clock skew). */
    futureTime: number;
    /** `time` is outside the analysis bounds `from`…`to`. */
    outsideWindow: number;
    /** `value` is present but not a number (a string, null, an object…). */
    nonNumberValue: number;
    /** `value` is NaN or ±Infinity. */
    nonFiniteValue: number;
    /** `value` is finite but its magnitude exceeds {@link MAX_EVENT_VALUE}. */
    outOfRangeValue: number;
  };
  /** Exposures of this experiment, by problem. */
  exposures: {
    badTime: number;
    futureTime: number;
    outsideWindow: number;
  };
}

/** The overall decision, see docs/analysis.md. */
export type Decision = 'ship' | 'do not ship' | 'inconclusive' | 'invalid';

/**
 * Why a verdict was reached, as data: the reports turn each reason into words,
 * so the analysis never formats numbers (it does not depend on the reports).
 */
export type VerdictReason =
  /** The sample ratio check flagged the split: nothing else can be trusted. */
  | { kind: 'sample ratio mismatch'; pValue: number | undefined; threshold: number }
  /** A primary or guardrail metric moved significantly the wrong way. */
  | {
      kind: 'significantly worse';
      metric: string;
      role: MetricRole;
      variant: string;
      relativeLift: number;
      pValue: number;
      adjustedPValue: number;
    }
  /** A primary metric moved significantly the right way. */
  | {
      kind: 'significantly better';
      metric: string;
      role: MetricRole;
      variant: string;
      relativeLift: number;
      pValue: number;
      adjustedPValue: number;
    }
  /** A guardrail with a non-inferiority margin could not rule out harm beyond the margin. */
  | { kind: 'guardrail margin not met'; metric: string; variant: string; harmBound: number; margin: number }
  /** A primary or guardrail metric had too little data for its method. */
  | { kind: 'not enough data'; metric: string; role: MetricRole; variant: string; reason: string }
  /** No metric has the role `primary`. */
  | { kind: 'no primary metric' }
  /** Nothing decisive happened in this variant. */
  | { kind: 'no significant change'; variant: string };

/** A decision and the reasons that led to it. */
export interface Verdict {
  decision: Decision;
  /** For `ship`: the variant(s) to ship. */
  variants: string[];
  reasons: VerdictReason[];
}

/** A treatment variant's own verdict against control. */
export interface VariantVerdict extends Verdict {
  variant: string;
}

/** The comparisons of one segment value (e.g. country = DE). */
export interface SegmentResult {
  value: string;
  variants: { key: string; units: number }[];
  metrics: MetricResult[];
}

/** The breakdown by one attribute recorded on exposures. */
export interface SegmentBreakdown {
  attribute: string;
  /** Largest values first; values beyond the limit are pooled as `(other)`. */
  values: SegmentResult[];
}

/** How many more units the primary metric needs, and roughly how long that takes. */
export type PowerHint =
  | {
      status: 'ok';
      metric: string;
      minDetectableEffect: number;
      power: number;
      /** Units needed in every group to detect the effect. */
      requiredPerGroup: number;
      /** Units the smallest group currently has. */
      currentPerGroup: number;
      /** Units still missing in the group furthest from `requiredPerGroup` (0 when enough). */
      additionalPerGroup: number;
      /** New units entering the experiment per day, if it could be estimated. */
      unitsPerDay?: number;
      /**
       * Days until every group has `requiredPerGroup` units at that rate; for retention and activeDays
       * including `countedUnits.waitDays`.
       */
      additionalDays?: number;
      /**
       * Retention and activeDays only: the comparison counts only units whose days are complete, and so
       * does the hint. In the smallest group, `eligible` of its `enrolled` units; a unit enrolled now
       * counts after `waitDays`.
       */
      countedUnits?: { eligible: number; enrolled: number; waitDays: number };
      /**
       * When the primary comparisons (primary metrics × treatments) are corrected together: their number and
       * the two-sided level the plan is for, 1 − confidence divided by it (Holm decides its first and BH,
       * with one real effect, its only rejection there).
       */
      adjustedFor?: { comparisons: number; alpha: number };
    }
  | { status: 'not enough data'; metric: string; reason: string };

/** Why a line of the event log is not an event. */
export type SkippedLineReason =
  /** The line is not JSON (cut short, edited by hand, another file's text). */
  | 'notJson'
  /** JSON, but not an object (an array, a string, a number). */
  | 'notObject'
  /** An object without an event id (`id` absent or `null`). */
  | 'noId';

/**
 * Lines of an NDJSON event log the engine skipped because they are not events
 * (blank lines are not counted): docs/analysis.md, "Lines that are not events".
 */
export interface SkippedLines {
  /** How many lines were skipped. */
  count: number;
  /** How many for each reason. */
  reasons: Record<SkippedLineReason, number>;
  /** The first few (at most 3), by line number in the log (the first line is 1), with their reason. */
  first: { line: number; reason: SkippedLineReason }[];
}

/** Everything the analysis found, ready to render. */
export interface ExperimentReport {
  experiment: { key: string; unit: string; control: string };
  confidence: number;
  variants: VariantCount[];
  /** Units in the analysis, all variants. */
  units: number;
  exclusions: Exclusions;
  events: EventCounts;
  /** Stored exposures and events left out because they are invalid. */
  invalid: InvalidData;
  /** Epoch-ms span of the counted units' first exposures. */
  window?: { from: number; to: number };
  srm: SrmResult;
  metrics: MetricResult[];
  verdict: Verdict;
  variantVerdicts: VariantVerdict[];
  segments: SegmentBreakdown[];
  power: PowerHint[];
  /** Caveats worth reading next to the numbers. */
  notes: string[];
  /**
   * When the engine read an NDJSON log and checked its lines (the DuckDB engine, and the memory
   * engine on a store that reports them): the lines that are not events, skipped (`count` 0 when none).
   */
  skippedLines?: SkippedLines;
  /** With the `timeline` option: what the per-metric timelines (`metrics[i].timeline`) cover. */
  timeline?: TimelineSpan;
}
