import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import {
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTIsf,
  studentTPdf,
  studentTQuantile,
  studentTSf,
} from '../../../src/analysis/stats/index.js';
import { expectClose, reference, relativeError } from './reference.js';

// Tolerances against SciPy (the engine promises 1e-6):
// - CDF/SF: 1e-11. Both sides compute the incomplete beta to about 1e-14; the
//   measured worst difference on the grid is 1.7e-13 (a 1e-232 tail at df 300,
//   where exp() of a log near −533 amplifies rounding).
// - Quantile against SciPy's raw t.ppf: 1e-8. SciPy 1.10 inverts with
//   CDFLIB's root search, which stops near 1e-8 (measured up to 4.8e-9).
// - Quantile against the polished reference (SciPy's t.ppf refined by Newton
//   steps on SciPy's t.cdf): 1e-11.
const CDF_TOLERANCE = 1e-11;
const RAW_PPF_TOLERANCE = 1e-8;
const POLISHED_PPF_TOLERANCE = 1e-11;

describe('studentTCdf and studentTSf', () => {
  it('match SciPy t.cdf / t.sf for df 1…1000 (and fractional df), tails down to 1e-300', () => {
    const rows = reference.distributions.studentT;
    expect(rows.length).toBeGreaterThan(1000);
    for (const row of rows) {
      expectClose(studentTCdf(row.t, row.df), row.cdf, CDF_TOLERANCE, `cdf(${row.t}, ${row.df})`);
      expectClose(studentTSf(row.t, row.df), row.sf, CDF_TOLERANCE, `sf(${row.t}, ${row.df})`);
    }
  });

  it('matches the closed forms for df = 1 (Cauchy) and df = 2', () => {
    for (const t of [0.1, 1, 3, 50, 1e6]) {
      // df = 1: P(T > t) = atan(1/t)/π, exact in the tail unlike ½ − atan(t)/π.
      expect(relativeError(studentTSf(t, 1), Math.atan(1 / t) / Math.PI)).toBeLessThan(1e-13);
      // df = 2: P(T > t) = ½·(1 − t/√(2 + t²)) = 1/(√(2 + t²)·(√(2 + t²) + t)).
      const r = Math.sqrt(2 + t * t);
      expect(relativeError(studentTSf(t, 2), 1 / (r * (r + t)))).toBeLessThan(1e-13);
    }
  });

  it('tends to the normal distribution as df grows, exactly at df = ∞', () => {
    // The t CDF differs from Φ by about φ(t)(t³ + t)/(4ν); at ν = 1e9 that is below 1e-9.
    for (const t of [-3, -1, 0.5, 2]) {
      expect(Math.abs(studentTCdf(t, 1e9) - normalCdf(t))).toBeLessThan(1e-9);
      expect(studentTCdf(t, Infinity)).toBe(normalCdf(t));
    }
  });

  it('stays accurate for huge df where a plain continued fraction loses about df·ε', () => {
    // P(T > 2) at df = 1e9 = Φ(−2) + φ(2)·(2³ + 2)/(4·1e9) + O(1e-18).
    const expected = 0.022750131948179195 + (0.05399096651318806 * 10) / 4e9;
    expect(relativeError(studentTSf(2, 1e9), expected)).toBeLessThan(1e-12);
  });

  it('is a density that integrates to the CDF', () => {
    // Simpson's rule on [0, 2] with 200 panels: error ≤ (2/180)·h⁴·max|f⁗| ≈ 1e-10 for df = 3.
    const df = 3;
    const n = 200;
    const h = 2 / n;
    let sum = studentTPdf(0, df) + studentTPdf(2, df);
    for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * studentTPdf(i * h, df);
    expect(Math.abs((sum * h) / 3 - (studentTCdf(2, df) - 0.5))).toBeLessThan(1e-9);
  });

  it('throws an AnalysisError for NaN t or df ≤ 0', () => {
    expect(() => studentTCdf(Number.NaN, 3)).toThrow(AnalysisError);
    expect(() => studentTSf(1, 0)).toThrow(/df must be greater than 0/);
    expect(() => studentTCdf(1, -2)).toThrow(AnalysisError);
    expect(() => studentTPdf(1, Number.NaN)).toThrow(AnalysisError);
  });
});

describe('studentTQuantile and studentTIsf', () => {
  const rows = reference.distributions.studentTQuantile;

  it('match SciPy t.ppf for df 1…1000, p from 1e-12 to 1 − 1e-12', () => {
    expect(rows.length).toBeGreaterThan(1000);
    for (const row of rows) {
      // SciPy's t.ppf(½) returns rounding noise (8e-17 at df 1) instead of 0.
      if (row.p === 0.5) continue;
      expectClose(studentTQuantile(row.p, row.df), row.quantile, RAW_PPF_TOLERANCE, `ppf(${row.p}, ${row.df})`);
      expectClose(
        studentTQuantile(row.p, row.df),
        row.polished,
        POLISHED_PPF_TOLERANCE,
        `polished ppf(${row.p}, ${row.df})`,
      );
    }
  });

  it('gives the textbook table values', () => {
    // t₀.₉₇₅,₁ = tan(0.475π) = 12.7062…, t₀.₉₉₅,₂ = 0.99·√(2/0.0199) = 9.9248…, t₀.₉₇₅,₁₀ = 2.2281…
    expect(relativeError(studentTQuantile(0.975, 1), Math.tan(0.475 * Math.PI))).toBeLessThan(1e-14);
    expect(relativeError(studentTQuantile(0.995, 2), 0.99 * Math.sqrt(2 / (4 * 0.995 * 0.005)))).toBeLessThan(1e-14);
    expect(studentTQuantile(0.975, 10).toFixed(4)).toBe('2.2281');
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });

  it('inverts the CDF to about 1e-13 for any df and p, including far tails', () => {
    // The round trip P(T > isf(q)) = q is limited by the CDF's own accuracy (~1e-14) plus
    // one ulp of t times the tail's elasticity t·f(t)/P(T > t), below 100 on this range.
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 2000, noNaN: true }),
        fc.double({ min: 1e-15, max: 0.5, noNaN: true }),
        (df, q) => {
          expect(relativeError(studentTSf(studentTIsf(q, df), df), q)).toBeLessThan(1e-12);
          expect(relativeError(studentTCdf(studentTQuantile(q, df), df), q)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is the normal quantile at df = ∞ and close to it for huge df', () => {
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
    expect(relativeError(studentTQuantile(0.975, 1e12), normalQuantile(0.975))).toBeLessThan(1e-11);
  });

  it('returns infinities at the ends and throws for bad arguments', () => {
    expect(studentTQuantile(0, 4)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
    expect(studentTIsf(0, 4)).toBe(Infinity);
    expect(() => studentTQuantile(1.5, 4)).toThrow(AnalysisError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(AnalysisError);
    expect(() => studentTIsf(Number.NaN, 4)).toThrow(AnalysisError);
  });
});
