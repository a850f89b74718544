import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { normalCdf, normalIsf, normalPdf, normalQuantile, normalSf } from '../../../src/analysis/stats/index.js';
import { expectClose, reference, relativeError } from './reference.js';

// Tolerance against SciPy: 1e-11 relative. The engine is accurate to about
// 1e-15 (see docs/statistics.md); SciPy's ndtr divides z by √2 before erfc,
// which costs it about z²·ε relative in the far tail (measured 1.2e-13 at
// z = 26). 1e-11 covers that with margin and is 1e5 times stricter than the
// 1e-6 the engine promises.
const SCIPY_TOLERANCE = 1e-11;

describe('normalCdf and normalSf', () => {
  it('match SciPy norm.cdf / norm.sf from z = -37 to 37', () => {
    const rows = reference.distributions.normal;
    expect(rows.length).toBeGreaterThan(250);
    for (const row of rows) {
      expectClose(normalCdf(row.z), row.cdf, SCIPY_TOLERANCE, `cdf(${row.z})`);
      expectClose(normalSf(row.z), row.sf, SCIPY_TOLERANCE, `sf(${row.z})`);
    }
  });

  it('keeps relative precision in the tail where 1 − cdf would round to 0', () => {
    // 1 − Φ(9) ≈ 1.13e-19 is far below the spacing of doubles near 1.
    expect(1 - normalCdf(9)).toBe(0);
    expect(relativeError(normalSf(9), 1.1285884059538408e-19)).toBeLessThan(1e-13);
  });

  it('is symmetric and handles infinities', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (z) => {
        expect(normalCdf(z)).toBe(normalSf(-z));
        expect(normalPdf(z)).toBe(normalPdf(-z));
      }),
    );
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalSf(Infinity)).toBe(0);
    expect(normalPdf(Infinity)).toBe(0);
  });

  it('is 0, never NaN, far in the tails (the density once read 0 · ∞ near |z| = 24,000)', () => {
    for (const z of [38.5, 39, 100, 23985.406801099136, 28420.345485751935, 1e6, 1e200]) {
      expect(normalPdf(z), String(z)).toBe(normalPdf(-z));
      expect(Number.isNaN(normalPdf(z)), String(z)).toBe(false);
      expect(normalCdf(-z), String(z)).toBe(0);
      expect(normalCdf(z), String(z)).toBe(1);
    }
    expect(normalPdf(38.5)).toBeGreaterThan(0);
  });

  it('has the density 1/√(2π) at 0', () => {
    expect(normalPdf(0)).toBe(0.3989422804014327);
  });

  it('throws an AnalysisError for NaN', () => {
    expect(() => normalCdf(Number.NaN)).toThrow(AnalysisError);
    expect(() => normalSf(Number.NaN)).toThrow(/z must be a number/);
  });
});

describe('normalQuantile and normalIsf', () => {
  it('match SciPy norm.ppf from p = 1e-12 to 1 − 1e-12', () => {
    const rows = reference.distributions.normalQuantile;
    expect(rows.length).toBeGreaterThan(200);
    for (const row of rows) {
      expectClose(normalQuantile(row.p), row.quantile, SCIPY_TOLERANCE, `quantile(${row.p})`);
    }
  });

  it('gives the textbook critical values', () => {
    expect(relativeError(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-15);
    expect(relativeError(normalIsf(0.005), 2.5758293035489004)).toBeLessThan(1e-15);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('inverts the CDF to the last bits (round trip through the smaller tail)', () => {
    // A quantile off by one ulp (relative ε) moves the tail by ε·(1 + z²) relative; at
    // p = 1e-300 (|z| = 37) that is 1.5e-13. 4e-13 adds the CDF's own 1e-15 and a 2× margin.
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), (p) => {
        expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(4e-13);
        expect(relativeError(normalSf(normalIsf(p)), p)).toBeLessThan(4e-13);
      }),
    );
  });

  it('keeps quantiles near ½ relatively accurate', () => {
    // Φ⁻¹(½ + δ) = δ·√(2π)·(1 + O(δ²)).
    const delta = 1e-10;
    expect(relativeError(normalQuantile(0.5 + delta), (0.5 + delta - 0.5) * Math.sqrt(2 * Math.PI))).toBeLessThan(
      1e-12,
    );
  });

  it('returns infinities at the ends and throws outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalIsf(0)).toBe(Infinity);
    expect(normalIsf(1)).toBe(-Infinity);
    for (const p of [-0.1, 1.1, Number.NaN]) {
      expect(() => normalQuantile(p)).toThrow(AnalysisError);
      expect(() => normalIsf(p)).toThrow(AnalysisError);
    }
  });
});
