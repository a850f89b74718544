import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { chiSquareCdf, chiSquareSf, normalSf } from '../../../src/analysis/stats/index.js';
import { expectClose, reference, relativeError } from './reference.js';

// Against SciPy chi2.sf: 1e-11 relative (engine promise 1e-6). Both sides
// compute the incomplete gamma to about 1e-14; measured worst difference on
// the grid is 1e-13, in tails near 1e-200 where exp() of a large log
// amplifies rounding.
const SCIPY_TOLERANCE = 1e-11;

describe('chiSquareSf', () => {
  it('matches SciPy chi2.sf for df 0.5…1000, tails down to 1e-300', () => {
    const rows = reference.distributions.chiSquare;
    expect(rows.length).toBeGreaterThan(300);
    for (const row of rows) expectClose(chiSquareSf(row.x, row.df), row.sf, SCIPY_TOLERANCE, `sf(${row.x}, ${row.df})`);
  });

  it('matches the closed forms for df = 1 and df = 2', () => {
    for (const x of [1e-6, 0.5, 3.84, 40, 600]) {
      // df = 2: exponential with mean 2. df = 1: the square of a standard normal.
      expect(relativeError(chiSquareSf(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-13);
      expect(relativeError(chiSquareSf(x, 1), 2 * normalSf(Math.sqrt(x)))).toBeLessThan(1e-13);
    }
  });

  it('has the complementary CDF, exact in the lower tail', () => {
    // P(χ²₂ ≤ x) = 1 − e^(−x/2) = −expm1(−x/2); at x = 1e-10 a subtraction from 1 would keep 6 digits.
    expect(relativeError(chiSquareCdf(1e-10, 2), -Math.expm1(-0.5e-10))).toBeLessThan(1e-13);
    expect(Math.abs(chiSquareCdf(7, 3) + chiSquareSf(7, 3) - 1)).toBeLessThan(1e-15);
  });

  it('is 1 at and below 0, and 0 at infinity', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-5, 3)).toBe(1);
    expect(chiSquareSf(Infinity, 3)).toBe(0);
    expect(chiSquareCdf(0, 3)).toBe(0);
  });

  it('throws an AnalysisError for NaN x or df that is not a finite positive number', () => {
    expect(() => chiSquareSf(Number.NaN, 2)).toThrow(AnalysisError);
    expect(() => chiSquareSf(1, 0)).toThrow(/df must be greater than 0/);
    expect(() => chiSquareSf(1, Infinity)).toThrow(AnalysisError);
    expect(() => chiSquareCdf(1, -1)).toThrow(AnalysisError);
  });
});
