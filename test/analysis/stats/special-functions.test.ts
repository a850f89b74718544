import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { continuedFraction } from '../../../src/analysis/stats/special/continued-fraction.js';
import { betaTails } from '../../../src/analysis/stats/special/incomplete-beta.js';
import { gammaTails } from '../../../src/analysis/stats/special/incomplete-gamma.js';
import { logBeta, logGamma } from '../../../src/analysis/stats/special/log-gamma.js';
import { relativeError } from './reference.js';

// The special functions are checked against closed forms that hold exactly, so
// the tolerances only cover double rounding: a few ulps per operation, over at
// most a few hundred operations (1e-13), except where noted.

/** ln((n − 1)!) summed exactly enough: the terms are small integers' logs. */
function logFactorial(n: number): number {
  let sum = 0;
  for (let k = 2; k <= n; k++) sum += Math.log(k);
  return sum;
}

function point(x: number) {
  return { x, y: 1 - x, logX: Math.log(x), logY: Math.log1p(-x) };
}

describe('logGamma', () => {
  it('matches ln((n − 1)!) at the integers', () => {
    for (const n of [1, 2, 3, 5, 9, 10, 11, 20, 50, 170]) {
      // Absolute error: lnΓ is 0 at 1 and 2, so a relative measure would be meaningless there.
      expect(Math.abs(logGamma(n) - logFactorial(n - 1))).toBeLessThan(1e-13 * Math.max(1, logFactorial(n - 1)));
    }
  });

  it('matches Γ(½) = √π and the duplication Γ(x + ½) = Γ(2x)·√π / (2^(2x−1)·Γ(x))', () => {
    // Absolute 1e-14: the shift to x ≥ 10 subtracts logs of size ~15, each good to an ulp.
    expect(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
    for (const x of [0.3, 1.7, 4.2, 9.6, 12.5, 400.25, 1e6]) {
      const right = logGamma(2 * x) + 0.5 * Math.log(Math.PI) - (2 * x - 1) * Math.LN2 - logGamma(x);
      expect(Math.abs(logGamma(x + 0.5) - right)).toBeLessThan(1e-13 * Math.max(1, Math.abs(right)));
    }
  });

  it('follows ln Γ(x) ≈ −ln x near 0', () => {
    // Γ(x) = Γ(1 + x)/x and ln Γ(1 + x) = −γx + O(x²) for tiny x.
    const x = 1e-12;
    expect(relativeError(logGamma(x), -Math.log(x) - 0.5772156649015329 * x)).toBeLessThan(1e-14);
  });
});

describe('logBeta', () => {
  it('matches ln Γ(a) + ln Γ(b) − ln Γ(a + b) where that has no cancellation', () => {
    for (const [a, b] of [
      [0.5, 0.5],
      [2, 3],
      [0.1, 7.5],
      [12, 0.5],
      [30, 45],
    ] as const) {
      const direct = logGamma(a) + logGamma(b) - logGamma(a + b);
      expect(Math.abs(logBeta(a, b) - direct)).toBeLessThan(1e-12 * Math.max(1, Math.abs(direct)));
    }
  });

  it('stays exact for huge arguments where the log-gammas would cancel', () => {
    // B(a, 1) = 1/a exactly, and B(a, ½) = √(π/a)·(1 + 1/(8a) + O(a⁻²)) for large a
    // (the O(a⁻²) term is below 1e-15 from a = 1e7 on).
    for (const a of [1e7, 1e9, 1e12]) {
      expect(relativeError(logBeta(a, 1), -Math.log(a))).toBeLessThan(1e-14);
      expect(Math.abs(logBeta(a, 0.5) - (0.5 * Math.log(Math.PI / a) + Math.log1p(1 / (8 * a))))).toBeLessThan(1e-13);
    }
    // B(a, a) = B(a, ½)/2^(2a−1), from Legendre's duplication formula.
    const a = 5e7;
    expect(relativeError(logBeta(a, a), logBeta(a, 0.5) - (2 * a - 1) * Math.LN2)).toBeLessThan(1e-14);
  });
});

describe('betaTails', () => {
  it('gives I_x(1, 1) = x and I_x(a, 1) = x^a with complements', () => {
    for (const x of [1e-9, 0.2, 0.5, 0.73, 0.999]) {
      expect(relativeError(betaTails(1, 1, point(x)).lower, x)).toBeLessThan(1e-13);
      for (const a of [0.5, 3, 40]) {
        const tails = betaTails(a, 1, point(x));
        expect(relativeError(tails.lower, x ** a)).toBeLessThan(1e-13);
        // The complement is 1 minus the computed tail: absolute error of a few ulps of 1.
        expect(Math.abs(tails.upper - (1 - x ** a))).toBeLessThan(1e-14);
      }
    }
  });

  it('gives I_x(½, ½) = (2/π)·asin √x and 1 − I_x(½, ½) = (2/π)·acos √x, both to full relative precision', () => {
    for (const x of [1e-12, 1e-4, 0.3, 0.9]) {
      const tails = betaTails(0.5, 0.5, point(x));
      expect(relativeError(tails.lower, (2 / Math.PI) * Math.asin(Math.sqrt(x)))).toBeLessThan(1e-13);
      expect(relativeError(tails.upper, (2 / Math.PI) * Math.acos(Math.sqrt(x)))).toBeLessThan(1e-13);
    }
  });

  it('handles the end points', () => {
    expect(betaTails(2, 3, { x: 0, y: 1, logX: -Infinity, logY: 0 })).toEqual({ lower: 0, upper: 1 });
    expect(betaTails(2, 3, { x: 1, y: 0, logX: 0, logY: -Infinity })).toEqual({ lower: 1, upper: 0 });
  });
});

describe('gammaTails', () => {
  it('gives P(1, x) = 1 − e^(−x) and Q(1, x) = e^(−x) on both sides of the series/fraction switch', () => {
    for (const x of [1e-8, 0.5, 1.9, 2.1, 10, 700]) {
      const tails = gammaTails(1, x);
      expect(relativeError(tails.upper, Math.exp(-x))).toBeLessThan(1e-13);
      expect(relativeError(tails.lower, -Math.expm1(-x))).toBeLessThan(1e-13);
    }
  });

  it('follows the recurrence Q(3/2, x) = Q(½, x) + 2·e^(−x)·√(x/π)', () => {
    for (const x of [0.01, 0.7, 3, 25, 300]) {
      const recurrence = gammaTails(0.5, x).upper + 2 * Math.exp(-x) * Math.sqrt(x / Math.PI);
      expect(relativeError(gammaTails(1.5, x).upper, recurrence)).toBeLessThan(1e-13);
    }
  });

  it('is accurate for large shape where the prefactor terms nearly cancel', () => {
    // Q(n, x) for integer n is the Poisson sum e^(−x) Σ_{k<n} x^k/k!; at x = n = 400 both tails are near ½.
    const n = 400;
    let term = Math.exp(-n / 2);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += term;
      term *= n / (k + 1);
    }
    // The split exp(−n/2)² keeps the terms representable.
    expect(relativeError(gammaTails(n, n).upper, sum * Math.exp(-n / 2))).toBeLessThan(1e-12);
  });

  it('handles the end points', () => {
    expect(gammaTails(3, 0)).toEqual({ lower: 0, upper: 1 });
    expect(gammaTails(3, Infinity)).toEqual({ lower: 1, upper: 0 });
  });
});

describe('continuedFraction', () => {
  it('evaluates a known fraction: 1 + 1/(1 + 1/(1 + …)) is the golden ratio', () => {
    expect(
      relativeError(
        continuedFraction(
          1,
          () => 1,
          () => 1,
          200,
        ),
        (1 + Math.sqrt(5)) / 2,
      ),
    ).toBeLessThan(1e-15);
  });

  it('throws an AnalysisError when it does not settle', () => {
    // 1/(1 − 1/(1 − 1/…)) oscillates forever.
    expect(() =>
      continuedFraction(
        0,
        () => -1,
        () => 1,
        50,
      ),
    ).toThrow(AnalysisError);
  });
});
