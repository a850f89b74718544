/**
 * Conversions near 0%: what the Wald test promises there, computed exactly (every pair of counts weighed by
 * its binomial probability, each compared by the engine's own compareProportions), with and without the
 * analysis's rule of 5 converted and 5 not converted per group (MIN_GROUP_OUTCOMES). docs/statistics.md,
 * "Rates near 0% or 100%", quotes these numbers; the sums are exact, and scripts/wald-edges-reference.py
 * (SciPy's binomial probabilities, the Wald interval coded in NumPy) gives the same to 4 digits.
 *
 * A "false claim" is the report's: the rule passes and the 95% interval lies wholly on one side of the true
 * difference. One side is nominally 2.5%.
 */
import { describe, expect, it } from 'vitest';
import { MIN_GROUP_OUTCOMES, analyzeExperiment, compareProportions } from '../../../src/analysis/index.js';
import { BUTTON, T0, exposure, track } from '../fixtures.js';

/** Binomial(n, p) probabilities above 1e-15, by recurrence from the mode's side (no overflow at n = 8,000). */
function binomial(n: number, p: number): { k: number; w: number }[] {
  const out: { k: number; w: number }[] = [];
  let w = (1 - p) ** n;
  for (let k = 0; k <= n; k++) {
    if (w > 1e-15) out.push({ k, w });
    else if (k > n * p) break;
    w *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return out;
}

/** P(rule passes and the interval lies wholly above / below the truth), exactly. */
function misses(nC: number, pC: number, nT: number, pT: number, min: number) {
  const truth = pT - pC;
  let above = 0;
  let below = 0;
  let passes = 0;
  for (const c of binomial(nC, pC)) {
    for (const t of binomial(nT, pT)) {
      const ok = [c.k, nC - c.k, t.k, nT - t.k].every((x) => x >= Math.max(min, 1));
      if (!ok) continue;
      const w = c.w * t.w;
      passes += w;
      const { ci } = compareProportions({ successes: c.k, n: nC }, { successes: t.k, n: nT });
      if (ci[0] > truth) above += w;
      if (ci[1] < truth) below += w;
    }
  }
  return { above, below, passes };
}

describe('the Wald interval near 0%, exactly', () => {
  it('0 of 1,000 against 4 of 1,000 reads not enough data (a 0% group has no Wald variance)', () => {
    const exposures = [];
    const events = [];
    for (const variant of ['control', 'green']) {
      for (let u = 0; u < 1000; u++) {
        const units = { deviceID: `${variant}${u}` };
        exposures.push(exposure(units, variant, T0 + u));
        if (variant === 'green' && u < 4) events.push(track(units, 'signup', T0 + 5000 + u));
      }
    }
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: [{ key: 'signup', kind: 'conversion' }],
      now: T0 + 86_400_000,
    });
    expect(report.metrics[0]?.variants[1]?.comparison).toEqual({
      status: 'not enough data',
      reason:
        'control: 0 of 1000 units converted (the method needs at least 5 converted and 5 not converted per group)',
    });
  });

  it('without the rule, small counts mislead: for 0.1% against 0.4% of 1,000 the interval lies below the truth 4.9% of the time', () => {
    const without = misses(1000, 0.001, 1000, 0.004, 1);
    expect(without.below).toBeGreaterThan(0.045);
    const withRule = misses(1000, 0.001, 1000, 0.004, MIN_GROUP_OUTCOMES);
    // With the rule that comparison almost never has an answer (0.13% of the time), so it can hardly be wrong.
    expect(withRule.passes).toBeLessThan(0.002);
    expect(withRule.above + withRule.below).toBeLessThan(1e-4);
  });

  it('without the rule, 5,000 units at 0.1% against 1,250 at 0.3% lie below the truth 7.9% of the time; with it, under 0.1%', () => {
    expect(misses(5000, 0.001, 1250, 0.003, 1).below).toBeGreaterThan(0.075);
    expect(misses(5000, 0.001, 1250, 0.003, MIN_GROUP_OUTCOMES).below).toBeLessThan(1e-3);
  });

  it('what the rule leaves: an A/A of 2,000 against 8,000 at 1% reads "better" 4.1% of the time, not 2.5%', () => {
    // Expected counts of 20 and 80 pass any count rule; the difference of a skewed small arm and a
    // near-normal large one is itself skewed, which a symmetric interval cannot follow.
    const aa = misses(2000, 0.01, 8000, 0.01, MIN_GROUP_OUTCOMES);
    expect(aa.passes).toBeGreaterThan(0.999);
    expect(aa.above).toBeGreaterThan(0.04);
    expect(aa.above).toBeLessThan(0.0412);
    expect(aa.below).toBeLessThan(0.025);
  }, 30_000);
});
