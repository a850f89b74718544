import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { winsorize } from '../../../src/analysis/stats/index.js';
import { reference } from './reference.js';

describe('winsorize', () => {
  it('matches NumPy quantile + clip (type 7) for the reference cases', () => {
    for (const row of reference.winsorize) {
      const limits = {
        ...(row.lower === undefined ? {} : { lower: row.lower }),
        ...(row.upper === undefined ? {} : { upper: row.upper }),
      };
      // Same interpolation formula, evaluated the same way as NumPy's lerp: exact equality is expected.
      expect(winsorize(row.values, limits), row.name).toEqual(row.expected);
    }
  });

  it('interpolates between order statistics: the 0.9 quantile of 1…9, 100 is 9 + 0.1·91', () => {
    const result = winsorize([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], { upper: 0.9 });
    expect(result.slice(0, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result[9]).toBeCloseTo(18.1, 12);
  });

  it('keeps input order, length and the input itself, and clips only the requested side', () => {
    const values = [50, -3, 7, 12, 0, 8, 9, 11, 2, 1000, 5];
    const copy = [...values];
    const upperOnly = winsorize(values, { upper: 0.9 });
    expect(values).toEqual(copy);
    expect(upperOnly[1]).toBe(-3);
    expect(upperOnly[9]).toBe(50);
    expect(upperOnly[0]).toBe(50);
    expect(winsorize(values, {})).toEqual(values);
    expect(winsorize([], { lower: 0.1, upper: 0.9 })).toEqual([]);
  });

  it('clips into [threshold_low, threshold_high] and leaves values between them alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (values, lower, upper) => {
          const result = winsorize(values, { lower, upper });
          expect(result).toHaveLength(values.length);
          const low = Math.min(...result);
          const high = Math.max(...result);
          values.forEach((value, i) => {
            const out = result[i] as number;
            if (value >= low && value <= high) expect(out).toBe(value);
            else expect(out).toBe(value < low ? low : high);
          });
          // Thresholds are quantiles of the sample, so they lie within its range.
          expect(low).toBeGreaterThanOrEqual(Math.min(...values));
          expect(high).toBeLessThanOrEqual(Math.max(...values));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('throws an AnalysisError for bad limits or values', () => {
    expect(() => winsorize([1, 2, 3], { lower: -0.1 })).toThrow(/lower must be between 0 and 1/);
    expect(() => winsorize([1, 2, 3], { upper: 1.5 })).toThrow(/upper must be between 0 and 1/);
    expect(() => winsorize([1, 2, 3], { lower: 0.8, upper: 0.2 })).toThrow(
      /lower \(0.8\) must not exceed upper \(0.2\)/,
    );
    expect(() => winsorize([1, 2, 3], { lower: Number.NaN })).toThrow(AnalysisError);
    expect(() => winsorize([1, Number.NaN, 3], { upper: 0.9 })).toThrow(/values\[1\] must be a finite number/);
    expect(() => winsorize([1, 2, 3], null as unknown as { upper: number })).toThrow(/limits must be an object/);
  });

  it('interpolates between ends more than the largest double apart (b − a overflows)', () => {
    expect(winsorize([-1.7e308, 1.7e308], { lower: 0.5 })).toEqual([0, 1.7e308]);
    const [high, low] = winsorize([1.7e308, -1.7e308], { upper: 0.75 });
    expect((high as number) / 0.85e308).toBeCloseTo(1, 14);
    expect(low).toBe(-1.7e308);
  });
});
