import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { sampleRatioMismatch } from '../../../src/analysis/stats/index.js';
import { expectClose, reference } from './reference.js';

// Against SciPy's chisquare: 1e-11 relative (statistic by the same sum, p from
// the incomplete gamma on both sides; measured worst 4e-15).
const TOLERANCE = 1e-11;

describe('sampleRatioMismatch', () => {
  it('matches SciPy chisquare for 2–4 groups, p down to 1e-23', () => {
    for (const row of reference.sampleRatioMismatch) {
      const result = sampleRatioMismatch(row.observed, row.weights);
      expectClose(result.chiSquare, row.chiSquare, TOLERANCE, `${row.name} chiSquare`);
      expectClose(result.pValue, row.pValue, TOLERANCE, `${row.name} pValue`);
    }
  });

  it("reproduces Mendel's dihybrid cross against 9:3:3:1", () => {
    // 315 round-yellow, 108 round-green, 101 wrinkled-yellow, 32 wrinkled-green (Mendel 1866);
    // textbooks print χ² = 0.47 with 3 degrees of freedom and p ≈ 0.925.
    const result = sampleRatioMismatch([315, 108, 101, 32], [9, 3, 3, 1]);
    expect(result.chiSquare.toFixed(2)).toBe('0.47');
    expect(result.pValue.toFixed(3)).toBe('0.925');
  });

  it('ignores the scale of the weights and gives 1 for a perfect split', () => {
    expect(sampleRatioMismatch([500, 1500], [0.25, 0.75])).toEqual(sampleRatioMismatch([500, 1500], [1, 3]));
    expect(sampleRatioMismatch([500, 1500], [1, 3])).toEqual({ chiSquare: 0, pValue: 1 });
    // Any scale means any: the sum of two weights of 1e308 overflows unless they are scaled first.
    expect(sampleRatioMismatch([500, 1500], [0.5e308, 1.5e308])).toEqual({ chiSquare: 0, pValue: 1 });
    const tiny = sampleRatioMismatch([530, 470], [1e-300, 1e-300]);
    expect(tiny.pValue).toBeCloseTo(sampleRatioMismatch([530, 470], [1, 1]).pValue, 14);
  });

  it('calls a unit in a group whose expected count underflows to 0 a certain mismatch, not NaN', () => {
    expect(sampleRatioMismatch([50, 50], [1e-320, 1])).toEqual({ chiSquare: Infinity, pValue: 0 });
  });

  it('throws an AnalysisError naming the problem for input with no answer', () => {
    expect(() => sampleRatioMismatch([10, 20], [1, 1, 1])).toThrow(/same length/);
    expect(() => sampleRatioMismatch([10], [1])).toThrow(/at least 2 groups/);
    expect(() => sampleRatioMismatch([10, 20], [1, 0])).toThrow(/weights\[1\] must be greater than 0/);
    expect(() => sampleRatioMismatch([10, 20], [1, -2])).toThrow(AnalysisError);
    expect(() => sampleRatioMismatch([10, -1], [1, 1])).toThrow(/observed\[1\] must not be negative/);
    expect(() => sampleRatioMismatch([0, 0], [1, 1])).toThrow(/no units were observed/);
    expect(() => sampleRatioMismatch([1, Infinity], [1, 1])).toThrow(/observed\[1\] must be a finite number/);
  });
});
