import { describe, expect, it } from 'vitest';
import { compareMeans } from '../../../src/analysis/stats/compare-means.js';
import { cupedFit, cupedMoments, cupedMomentsFromSums } from '../../../src/analysis/stats/cuped.js';
import { seededRandom } from '../../../src/testing/seeded-random.js';
import { normal } from '../fixtures.js';
import { methodsReference } from './methods-reference.js';
import { expectClose, tolerance } from './reference.js';

function split(units: { variant: number[]; y: number[]; x: number[] }) {
  const groups = [0, 1].map(() => ({ y: [] as number[], x: [] as number[] }));
  units.variant.forEach((v, i) => {
    groups[v]?.y.push(units.y[i] ?? 0);
    groups[v]?.x.push(units.x[i] ?? 0);
  });
  return groups;
}

describe('cupedFit against NumPy least squares and SciPy’s Welch test (scripts/methods-reference.py)', () => {
  for (const c of methodsReference.cuped) {
    it(c.name, () => {
      const fit = cupedFit(split(c.units).map((g) => cupedMoments(g.y, g.x)));
      expectClose(fit.theta, c.theta, 1e-11, 'theta');
      expectClose(fit.meanX, c.meanX, 1e-13, 'meanX');
      expectClose(fit.varianceReduction, c.varianceReduction, 1e-10, 'varianceReduction');
      fit.groups.forEach((g, v) => {
        const r = c.groups[v];
        expectClose(g.mean, r?.adjustedMean ?? Number.NaN, 1e-12, `group ${v} mean`);
        expectClose(g.variance, r?.adjustedVariance ?? Number.NaN, 1e-10, `group ${v} variance`);
        expectClose(g.varianceReduction, r?.varianceReduction ?? Number.NaN, 1e-10, `group ${v} reduction`);
      });
      const [control, treatment] = fit.groups;
      if (control === undefined || treatment === undefined) throw new Error('two groups expected');
      const welch = compareMeans(control, treatment, { confidence: c.confidence });
      expectClose(welch.difference, c.difference, 1e-11, 'difference');
      expectClose(welch.ci[0], c.ci[0], 1e-9, 'ci low', Math.abs(c.difference));
      expectClose(welch.ci[1], c.ci[1], 1e-9, 'ci high', Math.abs(c.difference));
      expectClose(welch.pValue, c.pValue, 1e-8, 'pValue');
    });
  }

  it('gives the same fit from per-variant sums (the SQL engines’ statistics)', () => {
    const c = methodsReference.cuped[0];
    if (c === undefined) throw new Error('reference case missing');
    const sums = split(c.units).map((g) => {
      const s = { k: g.y.length, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0 };
      g.y.forEach((y, i) => {
        const x = g.x[i] ?? 0;
        s.sumY += y;
        s.sumY2 += y * y;
        s.sumX += x;
        s.sumX2 += x * x;
        s.sumXY += x * y;
      });
      return s;
    });
    const fit = cupedFit(sums.map(cupedMomentsFromSums));
    expectClose(fit.theta, c.theta, 1e-10, 'theta from sums');
    expectClose(fit.varianceReduction, c.varianceReduction, 1e-10, 'reduction from sums');
  });

  it('says why it cannot adjust: too few units, or a covariate without variance', () => {
    expect(() => cupedFit([cupedMoments([1], [1])])).toThrow(/at least 2 units/);
    expect(() => cupedFit([cupedMoments([1, 2, 3], [0, 0, 0])])).toThrow(/covariate has no variance/);
  });
});

/**
 * Seeded A/B runs with a covariate correlated ρ = 0.7 with the outcome and a
 * true effect of 0.3: the adjusted 95% interval covers the effect in about
 * 95% of runs (4.5 binomial standard deviations), and the variance shrinks
 * by about ρ² = 0.49.
 */
describe('CUPED on correlated data (seeded simulation)', () => {
  const runs = 1000;
  const n = 200;
  const rho = 0.7;
  const effect = 0.3;
  const random = seededRandom(1313);
  let covered = 0;
  let coveredRaw = 0;
  let reduction = 0;
  let widthRatio = 0;
  for (let run = 0; run < runs; run++) {
    const groups = [0, 1].map((arm) => {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const xi = 3 + normal(random);
        x.push(xi);
        y.push(10 + arm * effect + rho * (xi - 3) + Math.sqrt(1 - rho * rho) * normal(random));
      }
      return { x, y };
    });
    const fit = cupedFit(groups.map((g) => cupedMoments(g.y, g.x)));
    const [c, t] = fit.groups;
    if (c === undefined || t === undefined) throw new Error('two groups expected');
    const adjusted = compareMeans(c, t);
    const raw = compareMeans(groups[0]?.y ?? [], groups[1]?.y ?? []);
    if (adjusted.ci[0] <= effect && effect <= adjusted.ci[1]) covered++;
    if (raw.ci[0] <= effect && effect <= raw.ci[1]) coveredRaw++;
    reduction += fit.varianceReduction;
    widthRatio += (adjusted.ci[1] - adjusted.ci[0]) / (raw.ci[1] - raw.ci[0]);
  }

  it('covers the true effect in about 95% of runs', () => {
    expect(Math.abs(covered / runs - 0.95)).toBeLessThan(tolerance(0.95, runs, 0));
    expect(Math.abs(coveredRaw / runs - 0.95)).toBeLessThan(tolerance(0.95, runs, 0));
  });

  it('reduces the variance by about rho squared, and the interval width by about sqrt(1 - rho squared)', () => {
    // The pooled reduction includes the small between-arm part of var(Y): a bias of order effect²/4 ≈ 0.02.
    expect(reduction / runs).toBeGreaterThan(rho * rho - 0.03);
    expect(reduction / runs).toBeLessThan(rho * rho + 0.03);
    expect(widthRatio / runs).toBeCloseTo(Math.sqrt(1 - rho * rho), 1);
  });
});
