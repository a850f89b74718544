/**
 * `splitkit/analysis`: experiment analysis from events to a verdict, the
 * statistics it rests on, and the terminal and HTML reports.
 * @packageDocumentation
 */
export { analyzeExperiment } from './analyze.js';
export type { AnalyzeExperimentInput } from './analyze.js';
export { analyzeFromStore } from './from-store.js';
export { analysisSqlForStore } from './from-store.js';
export type { AnalysisEngine, StoreAnalysisOptions } from './from-store.js';
export type { AnalysisOptions } from './options.js';
export { parseMetricSpec } from './metric-spec.js';
export { designFromRuleset } from './ruleset-design.js';
export { inferDesign } from './infer-design.js';
export type { InferOptions } from './infer-design.js';
export { SRM_THRESHOLD } from './srm.js';
export { NO_SEGMENT_VALUE } from './assignments.js';
export { MIN_GROUP_OUTCOMES } from './compare.js';
export { MAX_EVENT_VALUE, CLOCK_SKEW_MS } from './validity.js';
export { DEFAULT_CORRECTIONS } from './corrections.js';
export type { CorrectionOptions } from './corrections.js';
export { OTHER_SEGMENT_VALUE } from './segments.js';
export type { AnalysisVariant, ExperimentDesign } from './experiment-design.js';
export type {
  MetricDefinition,
  MetricDirection,
  MetricKind,
  MetricRole,
  RatioPart,
  ResolvedMetric,
  WinsorizeOptions,
} from './metric-definition.js';
export type { BayesianPriors } from './options.js';
export type {
  ComparisonResult,
  CorrectionInfo,
  CorrectionMethod,
  GuardrailCheck,
  MissingComparison,
  Outcome,
  SequentialResult,
} from './comparison-result.js';
export type {
  CapApplied,
  CupedResult,
  FunnelStepResult,
  FunnelStepVariant,
  MetricMeasurement,
  MetricResult,
  MetricSummary,
  QuantileSummary,
  UncappedComparison,
  VariantCuped,
  VariantMetricResult,
} from './metric-result.js';
export type { TimelineComparison, TimelinePoint, TimelineSpan } from './timeline-result.js';
export type {
  Decision,
  EventCounts,
  Exclusions,
  ExperimentReport,
  InvalidData,
  PowerHint,
  SegmentBreakdown,
  SegmentResult,
  SrmResult,
  VariantCount,
  VariantVerdict,
  Verdict,
  VerdictReason,
} from './types.js';
export { renderHtmlReport, renderTerminalReport, useColor } from '../report/index.js';
// The stats engine's contract (docs/statistics.md), so `splitkit/analysis` is one import.
export {
  summarize,
  summarizeRatio,
  compareMeans,
  compareProportions,
  compareRatios,
  sampleRatioMismatch,
  winsorize,
  requiredSampleSize,
  adjustPValues,
  bayesProportions,
  bayesNormal,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
  chiSquareSf,
} from './stats/index.js';
export type {
  SampleSummary,
  MeanSample,
  ProportionSample,
  RatioSummary,
  ComparisonOptions,
  Comparison,
  ChiSquareTest,
  WinsorizeLimits,
  SampleSizeOptions,
  PValueAdjustment,
  BayesianComparison,
  BetaPrior,
  NormalPrior,
} from './stats/index.js';
export type { TerminalReportOptions } from '../report/index.js';
