import { describe, expect, it } from 'vitest';
import { compareMeans, sampleRatioMismatch } from '../../../src/analysis/stats/index.js';
import { seededRandom } from '../../../src/testing/seeded-random.js';
import { tolerance } from './reference.js';

// Monte Carlo checks that the p-values mean what they claim under the null
// hypothesis: the share of A/A comparisons with p < α should be α. Seeded, so
// the outcome is deterministic; the tolerances say how far an honest seed
// could be off, so a passing run is not an accident of the seed.

const uniforms = seededRandom;

/** Standard normals by Box–Muller. */
function normals(seed: number): () => number {
  const next = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/**
 * Allowed deviation of an observed rejection rate from α over `runs`
 * independent tests: 4.5 binomial standard deviations (a false failure once
 * in ~150,000 seeds) plus `bias`, the test's own approximation error.
 */
describe('calibration under the null hypothesis', () => {
  it("Welch's test rejects at its nominal rate for small samples with unequal variances", () => {
    // Welch's approximation is close but not exact: over 20,000 runs with another seed it
    // rejected 4.7% and 4.96% at α = 0.05, so bias = 0.005. Mistakes land far outside: a
    // normal instead of a t reference rejected 10.1% (n = 3/5) and 7.0% (n = 8/12), and a
    // one-sided p-value would reject 10%.
    const normal = normals(20240601);
    const runs = 6000;
    for (const [nC, nT, sdC, sdT] of [
      [3, 5, 1, 3],
      [8, 12, 1, 3],
    ] as const) {
      let below5 = 0;
      let below20 = 0;
      for (let run = 0; run < runs; run++) {
        const control = Array.from({ length: nC }, () => 10 + sdC * normal());
        const treatment = Array.from({ length: nT }, () => 10 + sdT * normal());
        const { pValue } = compareMeans(control, treatment);
        if (pValue < 0.05) below5++;
        if (pValue < 0.2) below20++;
      }
      expect(Math.abs(below5 / runs - 0.05), `n = ${nC}/${nT} at 0.05`).toBeLessThan(tolerance(0.05, runs, 0.005));
      expect(Math.abs(below20 / runs - 0.2), `n = ${nC}/${nT} at 0.2`).toBeLessThan(tolerance(0.2, runs, 0.005));
    }
  });

  it('the sample ratio mismatch test flags 5% of honest 1:1:2 splits at p < 0.05', () => {
    // 1,000 units per test: the chi-square approximation to the multinomial is then good to
    // about a thousandth at this level, so bias = 0.002.
    const next = uniforms(7);
    const runs = 2000;
    let flagged = 0;
    for (let run = 0; run < runs; run++) {
      const counts = [0, 0, 0];
      for (let unit = 0; unit < 1000; unit++) {
        const u = next();
        counts[u < 0.25 ? 0 : u < 0.5 ? 1 : 2]! += 1;
      }
      if (sampleRatioMismatch(counts, [1, 1, 2]).pValue < 0.05) flagged++;
    }
    expect(Math.abs(flagged / runs - 0.05)).toBeLessThan(tolerance(0.05, runs, 0.002));
  });
});
