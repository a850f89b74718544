/**
 * The NumPy/SciPy reference values of test/vectors/stats/methods-reference.json
 * (written by scripts/methods-reference.py) for CUPED and the confidence sequences, typed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CupedReference {
  name: string;
  kind: 'sum' | 'conversion';
  confidence: number;
  theta: number;
  meanX: number;
  varianceReduction: number;
  groups: { adjustedMean: number; adjustedVariance: number; varianceReduction: number; covariateMean: number }[];
  difference: number;
  ci: [number, number];
  pValue: number;
  units: { variant: number[]; y: number[]; x: number[] };
}

export interface SequentialReference {
  name: string;
  control: { n: number; mean: number; variance: number };
  treatment: { n: number; mean: number; variance: number };
  confidence: number;
  tuning: number;
  nonNegative: boolean;
  rho2: number;
  rho2Optimal: number;
  widthAtTuningOverOptimal: number;
  critical: number;
  difference: number;
  ci: [number, number];
  pValue: number;
  relativeCi: [number, number];
}

/** A funnel's step rows with sequential testing (scripts/methods-reference.py, `funnel_case`). */
export interface SequentialFunnelReference {
  name: string;
  confidence: number;
  tuning: number;
  /** Per variant, control first: its units and the units reaching each step. */
  groups: { n: number; reached: number[] }[];
  rows: {
    step: number;
    variant: number;
    row: 'share' | 'stepConversion';
    difference: number;
    ci: [number, number];
    pValue: number;
    relativeCi: [number, number];
  }[];
}

/** The sample ratio check with small expected counts (scripts/methods-reference.py, `srm_exact_case`). */
export interface SrmExactReference {
  name: string;
  observed: number[];
  weights: number[];
  /** SciPy's binomtest p-value of each variant against the rest. */
  binomial: number[];
  pValue: number;
  chiSquarePValue: number;
  minExpected: number;
}

const path = fileURLToPath(new URL('../../vectors/stats/methods-reference.json', import.meta.url));

/** The parsed reference file. */
export const methodsReference = JSON.parse(readFileSync(path, 'utf8')) as {
  cuped: CupedReference[];
  sequential: SequentialReference[];
  sequentialFunnel: SequentialFunnelReference[];
  srmExact: SrmExactReference[];
};
