/**
 * The stats engine of splitkit's experiment analysis: exact, pure and
 * isomorphic. Formulas, valid inputs and accuracy are documented in
 * docs/statistics.md. Every function throws an `AnalysisError` (code
 * `ANALYSIS_INPUT`) for input that has no answer.
 * @packageDocumentation
 */
export { summarize, summarizeRatio } from './summarize.js';
export { compareMeans } from './compare-means.js';
export { compareProportions } from './compare-proportions.js';
export { compareRatios } from './compare-ratios.js';
export { sampleRatioMismatch } from './sample-ratio-mismatch.js';
export { winsorize } from './winsorize.js';
export { requiredSampleSize } from './sample-size.js';
export { adjustPValues } from './multiple-comparisons.js';
export { bayesNormal, bayesProportions } from './bayes.js';
export { cupedFit, cupedMoments, cupedMomentsFromSums } from './cuped.js';
export type { CupedFit, CupedGroup, CupedMoments, CupedSums } from './cuped.js';
export { sequentialComparison, DEFAULT_SEQUENTIAL_TUNING, SEQUENTIAL_METHOD } from './sequential.js';
export type { SequentialComparison, SequentialGroup, SequentialOptions } from './sequential.js';
export type { BayesianComparison, BetaPrior, NormalPrior } from './bayes.js';
export type { PValueAdjustment } from './multiple-comparisons.js';
export { normalCdf, normalSf, normalPdf, normalQuantile, normalIsf } from './distributions/normal.js';
export { studentTCdf, studentTSf, studentTPdf } from './distributions/student-t.js';
export { studentTQuantile, studentTIsf } from './distributions/student-t-quantile.js';
export { chiSquareSf, chiSquareCdf } from './distributions/chi-square.js';
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
} from './types.js';
