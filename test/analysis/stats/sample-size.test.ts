import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { requiredSampleSize } from '../../../src/analysis/stats/index.js';
import { reference } from './reference.js';

describe('requiredSampleSize', () => {
  it('matches the formula evaluated with SciPy quantiles for every reference case', () => {
    for (const row of reference.requiredSampleSize) {
      // The two sides' unrounded values differ by ~1e-12 relative (≤ 1e-6 absolute at n ≈ 1e6), so
      // their ceilings agree whenever the reference is further than that from an integer (checked).
      const fraction = row.unrounded - Math.floor(row.unrounded);
      expect(Math.min(fraction, 1 - fraction)).toBeGreaterThan(1e-6);
      expect(requiredSampleSize(row), JSON.stringify(row)).toBe(row.n);
    }
  });

  it('uses alpha 0.05 and power 0.8 by default', () => {
    const options = { baselineRate: 0.2, minDetectableEffect: 0.15 };
    expect(requiredSampleSize(options)).toBe(requiredSampleSize({ ...options, alpha: 0.05, power: 0.8 }));
  });

  it('needs more units for smaller effects, smaller alpha and more power', () => {
    const base = requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0.1 });
    expect(requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0.05 })).toBeGreaterThan(base);
    expect(requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0.1, alpha: 0.01 })).toBeGreaterThan(base);
    expect(requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0.1, power: 0.95 })).toBeGreaterThan(base);
  });

  it('throws an AnalysisError for rates, effects, alpha or power with no answer', () => {
    expect(() => requiredSampleSize({ baselineRate: 0, minDetectableEffect: 0.1 })).toThrow(
      /baselineRate must be strictly between 0 and 1/,
    );
    expect(() => requiredSampleSize({ baselineRate: 1, minDetectableEffect: -0.1 })).toThrow(AnalysisError);
    expect(() => requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0 })).toThrow(/must not be 0/);
    expect(() => requiredSampleSize({ baselineRate: 0.6, minDetectableEffect: 1 })).toThrow(
      /must be a rate in \[0, 1\]/,
    );
    expect(() => requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: -1.5 })).toThrow(/must be a rate/);
    expect(() => requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0.1, alpha: 0 })).toThrow(/alpha/);
    expect(() => requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: 0.1, power: 1 })).toThrow(/power/);
    expect(() => requiredSampleSize({ baselineRate: 0.1, minDetectableEffect: Number.NaN })).toThrow(
      /minDetectableEffect/,
    );
    // An effect below the rate's last bit would need Infinity units: no answer, so an error, not a number.
    expect(() => requiredSampleSize({ baselineRate: 0.5, minDetectableEffect: 1e-17 })).toThrow(
      /minDetectableEffect 1e-17 is too small to change baselineRate 0.5/,
    );
    expect(() => requiredSampleSize(null as unknown as { baselineRate: number; minDetectableEffect: number })).toThrow(
      /options must be an object/,
    );
  });
});
