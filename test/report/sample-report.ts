/** A hand-built report exercising every part of the renderers, with a hostile name in it. */
import type { ExperimentReport } from '../../src/analysis/types.js';
import type { MetricResult } from '../../src/analysis/metric-result.js';
import type { ResolvedMetric } from '../../src/analysis/metric-definition.js';

export const HOSTILE = '<script>alert("x")</script>';

function metric(
  key: string,
  kind: ResolvedMetric['kind'],
  role: ResolvedMetric['role'],
  direction: ResolvedMetric['direction'] = 'increase',
): ResolvedMetric {
  return {
    key,
    kind,
    role,
    direction,
    event: key,
    winsorize: undefined,
    numerator: undefined,
    denominator: undefined,
    minDetectableEffect: 0.05,
    nonInferiorityMargin: undefined,
  };
}

const converted: MetricResult = {
  metric: metric('purchase', 'conversion', 'primary'),
  variants: [
    { variant: 'control', summary: { units: 10_012, value: 0.0412, total: 412 } },
    {
      variant: 'green',
      summary: { units: 9_988, value: 0.0461, total: 460 },
      comparison: {
        status: 'ok',
        difference: 0.0049,
        ci: [0.0012, 0.0086],
        pValue: 0.0093,
        relativeLift: 0.119,
        relativeCi: [0.029, 0.209],
        significant: true,
        outcome: 'better',
        exploratory: false,
        adjustedPValue: 0.0093,
        correction: { family: 'primary', method: 'holm', size: 1 },
        chanceToBeat: 0.9953,
        expectedLoss: 0.00002,
        credibleInterval: [0.0012, 0.0086],
      },
    },
    {
      variant: HOSTILE,
      summary: { units: 12, value: 0, total: 0 },
      comparison: { status: 'not enough data', reason: 'the control rate is zero & <b>odd</b>' },
    },
  ],
};

const latency: MetricResult = {
  metric: metric('latency', 'sum', 'guardrail', 'decrease'),
  variants: [
    { variant: 'control', summary: { units: 10_012, value: 101.2, total: 1_013_214, variance: 400 } },
    {
      variant: 'green',
      summary: { units: 9_988, value: 109.7, total: 1_095_684, variance: 410 },
      comparison: {
        status: 'ok',
        difference: 8.5,
        ci: [7.9, 9.1],
        pValue: 1.2e-40,
        relativeLift: 0.084,
        relativeCi: [0.078, 0.09],
        significant: true,
        outcome: 'worse',
        exploratory: false,
        adjustedPValue: 1.2e-40,
        correction: { family: 'guardrail', method: 'none', size: 2 },
        chanceToBeat: 0,
        expectedLoss: 8.5,
        credibleInterval: [7.9, 9.1],
        guardrail: { harmBound: 0.09, margin: 0.02, status: 'hurt' },
      },
    },
    {
      variant: HOSTILE,
      summary: { units: 12, value: 99, total: 1188, variance: 380 },
      comparison: {
        status: 'ok',
        difference: -2.2,
        ci: [-14, 9.6],
        pValue: 0.71,
        relativeLift: -0.022,
        relativeCi: [-1.6, 2.4],
        significant: false,
        outcome: 'neutral',
        exploratory: false,
        adjustedPValue: 0.71,
        correction: { family: 'guardrail', method: 'none', size: 2 },
        chanceToBeat: 0.64,
        expectedLoss: 1.9,
        credibleInterval: [-14, 9.6],
        guardrail: { harmBound: 2.4, status: 'no significant harm' },
      },
    },
  ],
};

export const SAMPLE_REPORT: ExperimentReport = {
  experiment: { key: `button_color ${HOSTILE}`, unit: 'deviceID', control: 'control' },
  confidence: 0.95,
  variants: [
    { key: 'control', weight: 50, units: 10_012, expectedShare: 0.5, observedShare: 0.5003 },
    { key: 'green', weight: 49, units: 9_988, expectedShare: 0.49, observedShare: 0.4991 },
    { key: HOSTILE, weight: 1, units: 12, expectedShare: 0.01, observedShare: 0.0006 },
  ],
  units: 20_012,
  exclusions: { multipleVariants: 3, missingUnit: 0, unknownVariant: 1, notRandomized: 0 },
  events: { counted: 30_000, stitched: 120, beforeExposure: 40, unattributed: 7 },
  invalid: {
    events: { badTime: 0, futureTime: 0, outsideWindow: 0, nonNumberValue: 2, nonFiniteValue: 1, outOfRangeValue: 1 },
    exposures: { badTime: 0, futureTime: 1, outsideWindow: 0 },
  },
  window: { from: Date.UTC(2024, 4, 1), to: Date.UTC(2024, 4, 14, 12) },
  srm: { status: 'ok', chiSquare: 180.4, pValue: 2e-40, threshold: 0.001, mismatch: true },
  metrics: [converted, latency],
  verdict: {
    decision: 'invalid',
    variants: [],
    reasons: [{ kind: 'sample ratio mismatch', pValue: 2e-40, threshold: 0.001 }],
  },
  variantVerdicts: [
    { variant: 'green', decision: 'invalid', variants: [], reasons: [] },
    { variant: HOSTILE, decision: 'invalid', variants: [], reasons: [] },
  ],
  segments: [
    {
      attribute: 'country',
      values: [
        {
          value: 'DE',
          variants: [
            { key: 'control', units: 5000 },
            { key: 'green', units: 5000 },
            { key: HOSTILE, units: 6 },
          ],
          metrics: [converted, latency],
        },
        {
          value: HOSTILE,
          variants: [
            { key: 'control', units: 5012 },
            { key: 'green', units: 4988 },
            { key: HOSTILE, units: 6 },
          ],
          metrics: [converted, latency],
        },
      ],
    },
  ],
  power: [
    {
      status: 'ok',
      metric: 'purchase',
      minDetectableEffect: 0.05,
      power: 0.8,
      requiredPerGroup: 152_000,
      currentPerGroup: 12,
      additionalPerGroup: 151_988,
      unitsPerDay: 1480,
      additionalDays: 10_270,
    },
  ],
  notes: ['Variants inferred from exposures with equal weights assumed.', `note with ${HOSTILE}`],
};

/** The sample with a sound split: its rows show the ▲/▼ marks and guardrail states a mismatch withholds. */
export const SOUND_SAMPLE_REPORT: ExperimentReport = {
  ...SAMPLE_REPORT,
  srm: { status: 'ok', chiSquare: 180.4, pValue: 2e-40, threshold: 0.001, mismatch: false },
};
