/**
 * The SciPy/NumPy reference values of test/vectors/stats/reference.json
 * (written by scripts/stats-reference.py), typed, plus the error measures
 * the stats tests share.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Comparison } from '../../../src/analysis/stats/types.js';

export interface GeneratorSpec {
  count: number;
  multiplier: number;
  modulus: number;
  scale: number;
  offset: number;
}

export type SideSpec =
  | { values: number[] }
  | { generate: GeneratorSpec }
  | { n: number; mean: number; variance: number };

export interface ComparisonExpectation extends Omit<Comparison, 'relativeCi'> {
  name: string;
  confidence: number;
  nonNegative?: boolean;
  /** null: unbounded on that side. */
  relativeCi: [number | null, number | null];
}

export interface Reference {
  versions: { scipy: string; numpy: string };
  distributions: {
    normal: { z: number; cdf: number; sf: number }[];
    normalQuantile: { p: number; quantile: number }[];
    studentT: { t: number; df: number; cdf: number; sf: number }[];
    studentTQuantile: { p: number; df: number; quantile: number; polished: number }[];
    chiSquare: { x: number; df: number; sf: number }[];
  };
  summarize: ({ name: string; n: number; mean: number; variance: number } & SideSpec)[];
  compareMeans: (ComparisonExpectation & { control: SideSpec; treatment: SideSpec; df: number })[];
  compareProportions: (ComparisonExpectation & {
    control: { successes: number; n: number };
    treatment: { successes: number; n: number };
  })[];
  compareRatios: (ComparisonExpectation & {
    control: { numerators: number[]; denominators: number[] };
    treatment: { numerators: number[]; denominators: number[] };
    controlSummary: Record<string, number>;
    treatmentSummary: Record<string, number>;
  })[];
  sampleRatioMismatch: { name: string; observed: number[]; weights: number[]; chiSquare: number; pValue: number }[];
  winsorize: { name: string; values: number[]; lower?: number; upper?: number; expected: number[] }[];
  bayesProportions: {
    name: string;
    control: { successes: number; n: number };
    treatment: { successes: number; n: number };
    confidence: number;
    prior: { alpha: number; beta: number };
    chanceToBeat: number;
    expectedLoss: number;
    credibleInterval: [number, number];
  }[];
  adjustPValues: { name: string; pValues: number[]; 'benjamini-hochberg': number[]; holm: number[] }[];
  requiredSampleSize: {
    baselineRate: number;
    minDetectableEffect: number;
    alpha?: number;
    power?: number;
    n: number;
    unrounded: number;
  }[];
}

const path = fileURLToPath(new URL('../../vectors/stats/reference.json', import.meta.url));

/** The reference vectors. */
export const reference = JSON.parse(readFileSync(path, 'utf8')) as Reference;

/** The long deterministic samples of the reference: offset + scale·((i·multiplier) mod modulus). */
export function generate(spec: GeneratorSpec): number[] {
  return Array.from(
    { length: spec.count },
    (_, i) => spec.offset + spec.scale * ((i * spec.multiplier) % spec.modulus),
  );
}

/** The values or summary a reference side describes. */
export function sideInput(side: SideSpec): number[] | { n: number; mean: number; variance: number } {
  if ('values' in side) return side.values;
  if ('generate' in side) return generate(side.generate);
  return side;
}

/** |actual − expected| / |expected|, and 0 when both are equal (including both 0). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/**
 * Asserts `actual` is within `tolerance` of `expected`, relative to
 * max(|expected|, scale): `scale` is the size of the quantity's own
 * uncertainty (an interval's half-width), so a bound that happens to sit
 * near 0 is not judged relative to a number that is only 0 by accident.
 */
export function expectClose(actual: number, expected: number, tolerance: number, label: string, scale = 0): void {
  const error = actual === expected ? 0 : Math.abs(actual - expected) / Math.max(Math.abs(expected), scale);
  expect(error, `${label}: got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
}

/** Asserts every field of a comparison result against the reference, relative to the interval half-widths. */
export function expectComparison(
  actual: {
    difference: number;
    ci: [number, number];
    pValue: number;
    relativeLift: number;
    relativeCi: [number, number];
  },
  expected: ComparisonExpectation,
  tolerance: number,
): void {
  const half = (expected.ci[1] - expected.ci[0]) / 2;
  const [low, high] = [expected.relativeCi[0] ?? -Infinity, expected.relativeCi[1] ?? Infinity];
  // An unbounded interval is judged relative to the lift itself.
  const relativeHalf = Number.isFinite(high - low) ? (high - low) / 2 : Math.abs(expected.relativeLift);
  const label = expected.name;
  expectClose(actual.difference, expected.difference, tolerance, `${label} difference`, half);
  expectClose(actual.ci[0], expected.ci[0], tolerance, `${label} ci low`, half);
  expectClose(actual.ci[1], expected.ci[1], tolerance, `${label} ci high`, half);
  expectClose(actual.pValue, expected.pValue, tolerance, `${label} pValue`);
  expectClose(actual.relativeLift, expected.relativeLift, tolerance, `${label} relativeLift`, relativeHalf);
  expectClose(actual.relativeCi[0], low, tolerance, `${label} relativeCi low`, relativeHalf);
  expectClose(actual.relativeCi[1], high, tolerance, `${label} relativeCi high`, relativeHalf);
}

/**
 * The half-width a simulated rate may stray from `rate` over `runs` seeded runs: 4.5 binomial standard
 * errors (a failure by chance about once in 150,000 runs of the test) plus a `bias` the method is known to have.
 */
export function tolerance(rate: number, runs: number, bias: number): number {
  return 4.5 * Math.sqrt((rate * (1 - rate)) / runs) + bias;
}
