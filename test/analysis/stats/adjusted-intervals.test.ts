/**
 * Intervals at the corrected level (docs/statistics.md, "Intervals at the corrected level"): the levels,
 * the intervals at them and a whole analysis against scripts/multiplicity-reference.py (statsmodels'
 * multipletests, its Wald interval, SciPy's Welch interval), and seeded simulations of what each rule
 * promises: the false coverage rate of Benjamini–Yekutieli's intervals, and for Holm the chance of any
 * kept comparison's interval missing or any rejected one having the wrong sign.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  adjustPValues,
  analyzeExperiment,
  compareMeans,
  compareProportions,
  renderHtmlReport,
  renderTerminalReport,
} from '../../../src/analysis/index.js';
import type { ComparisonResult, MetricDefinition } from '../../../src/analysis/index.js';
import { adjustedIntervalLevels } from '../../../src/analysis/stats/multiple-comparisons.js';
import { normalIsf, normalSf } from '../../../src/analysis/stats/index.js';
import { sequenceAtLevel } from '../../../src/analysis/stats/sequential.js';
import type { CustomEvent, ExposureEvent } from '../../../src/events/types.js';
import { BUTTON, T0, exposure, normal, seededRandom, track } from '../fixtures.js';

interface ReferenceComparison {
  control: { successes: number; n: number } | number[];
  treatment: { successes: number; n: number } | number[];
  pValue: number;
  adjustedPValue: number;
  rejected: boolean;
  level: number;
  rule: string;
  ci: [number, number];
}

interface ReferenceFamily {
  name: string;
  kind: 'proportions' | 'means';
  method: 'holm' | 'benjamini-hochberg';
  confidence: number;
  comparisons: ReferenceComparison[];
}

const reference = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../vectors/stats/multiplicity-reference.json', import.meta.url)), 'utf8'),
) as { families: ReferenceFamily[] };

const excludesZero = (ci: readonly number[]) => (ci[0] ?? 0) > 0 || (ci[1] ?? 0) < 0;

function compareAt(family: ReferenceFamily, c: ReferenceComparison, confidence: number) {
  if (family.kind === 'proportions')
    return compareProportions(
      c.control as { successes: number; n: number },
      c.treatment as { successes: number; n: number },
      { confidence },
    );
  return compareMeans(c.control as number[], c.treatment as number[], { confidence });
}

describe('levels and intervals against statsmodels and SciPy', () => {
  for (const family of reference.families) {
    it(family.name, () => {
      const pValues = family.comparisons.map((c) => c.pValue);
      // The engine's own p-values agree with the reference's to 1e-10 (Wald: docs/statistics.md; Welch on values).
      family.comparisons.forEach((c) => {
        const p = compareAt(family, c, family.confidence).pValue;
        expect(Math.abs(p - c.pValue), `${family.name} p`).toBeLessThanOrEqual(1e-10 * Math.max(c.pValue, 1e-300));
      });
      const adjusted = adjustPValues(pValues, family.method);
      const levels = adjustedIntervalLevels(pValues, family.method, family.confidence);
      family.comparisons.forEach((c, i) => {
        const where = `${family.name} #${i + 1}`;
        expect(Math.abs((adjusted[i] ?? 0) - c.adjustedPValue), where).toBeLessThanOrEqual(1e-15);
        expect((adjusted[i] ?? 1) < 1 - family.confidence, where).toBe(c.rejected);
        expect(levels[i]?.rule, where).toBe(c.rule);
        // Levels are 1 − α·(a ratio of small integers): the same double in both.
        expect(Math.abs((levels[i]?.confidence ?? 0) - c.level), where).toBeLessThanOrEqual(1e-15);
        const ci = compareAt(family, c, levels[i]?.confidence ?? 0).ci;
        const half = (c.ci[1] - c.ci[0]) / 2;
        // Wald: closed form, 1e-12 of the half-width. Welch: SciPy's t quantile at these levels is good to
        // about 1e-9 relative (docs/statistics.md, footnote 3), so 1e-8 of the half-width.
        const bound = (family.kind === 'proportions' ? 1e-12 : 1e-8) * half;
        expect(Math.abs(ci[0] - c.ci[0]), `${where} low`).toBeLessThanOrEqual(bound);
        expect(Math.abs(ci[1] - c.ci[1]), `${where} high`).toBeLessThanOrEqual(bound);
        expect(excludesZero(ci), where).toBe(c.rejected);
      });
    });
  }

  it('cover every rule, a Holm rejection past Bonferroni, ties, and families with all and none rejected', () => {
    const rows = reference.families.flatMap((f) => f.comparisons.map((c) => ({ f, c })));
    for (const rule of ['holm-rejected', 'holm-kept', 'fcr-selected', 'bonferroni-unselected'])
      expect(rows.some(({ c }) => c.rule === rule)).toBe(true);
    // Significant by Holm, yet its interval at α/m (Bonferroni) would reach 0.
    expect(
      rows.some(
        ({ f, c }) => f.method === 'holm' && c.rejected && c.pValue >= (1 - f.confidence) / f.comparisons.length,
      ),
    ).toBe(true);
  });
});

describe('the analysis prints the interval its label was decided at', () => {
  // Five secondary conversion metrics on the same 2,000 + 2,000 units, as the 'bh, 2 of 5 selected' family:
  // the third reads p = 0.043 (its 95% interval excludes 0) but Benjamini–Hochberg does not select it.
  const family = reference.families.find((f) => f.name === 'bh, 2 of 5 selected') as ReferenceFamily;
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  const metrics: MetricDefinition[] = family.comparisons.map((_, i) => ({
    key: `m${i + 1}`,
    event: `e${i + 1}`,
    kind: 'conversion',
    role: 'secondary',
  }));
  for (const variant of ['control', 'green'] as const) {
    for (let u = 0; u < 2000; u++) {
      const units = { deviceID: `${variant}-${u}` };
      exposures.push(exposure(units, variant, T0 + u));
      family.comparisons.forEach((c, i) => {
        const group = (variant === 'control' ? c.control : c.treatment) as { successes: number };
        if (u < group.successes) events.push(track(units, `e${i + 1}`, T0 + 5000 + u));
      });
    }
  }
  const report = analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    metrics,
    now: T0 + 10 * 86_400_000,
  });
  const rows = report.metrics.map((m) => m.variants[1]?.comparison as ComparisonResult);

  it('keeps the per-comparison interval and adds the one at the corrected level, as the reference has it', () => {
    rows.forEach((c, i) => {
      const ref = family.comparisons[i] as ReferenceComparison;
      expect(c.status).toBe('ok');
      expect(Math.abs(c.pValue - ref.pValue)).toBeLessThanOrEqual(1e-10 * ref.pValue);
      expect(c.outcome !== 'neutral').toBe(ref.rejected);
      expect(c.adjusted?.rule).toBe(ref.rule);
      expect(c.adjusted?.confidence).toBeCloseTo(ref.level, 15);
      const half = (ref.ci[1] - ref.ci[0]) / 2;
      expect(Math.abs((c.adjusted?.ci[0] ?? 0) - ref.ci[0])).toBeLessThanOrEqual(1e-12 * half);
      expect(Math.abs((c.adjusted?.ci[1] ?? 0) - ref.ci[1])).toBeLessThanOrEqual(1e-12 * half);
      // The per-comparison interval stays in `ci`, at the report's 95%.
      const own = compareProportions(
        ref.control as { successes: number; n: number },
        ref.treatment as { successes: number; n: number },
      );
      expect(c.ci).toEqual(own.ci);
    });
    expect(excludesZero(rows[2]?.ci ?? [])).toBe(true);
    expect(rows[2]?.outcome).toBe('neutral');
    expect(excludesZero(rows[2]?.adjusted?.ci ?? [])).toBe(false);
  });

  it('prints the adjusted interval beside each label, in the terminal and in HTML, and says which level', () => {
    const text = renderTerminalReport(report, { color: false });
    const lines = text.split('\n');
    // The metric's first row is control's; the comparison is on the next.
    const third = lines[lines.findIndex((line) => line.includes('m3 ')) + 1];
    // 200/2,000 against 240/2,000 at 99% (Bonferroni over 5): the lift's interval reaches below 0, beside
    // n.s. adj. (at 95% it read [+0.6, +43.7]). The table is too wide for the difference column here.
    expect(third).toMatch(/\+20\.0% \[−4\.9, \+52\.3\] +0\.043 \(0\.072\) +n\.s\. adj\./);
    expect(text).toContain('lift [CI]');
    expect(text.replace(/\n\s+/g, ' ')).toContain("[CI]: each interval is at the level its row's correction used");
    expect(text.replace(/\n\s+/g, ' ')).toContain('the intervals of corrected comparisons are at the level');
    const html = renderHtmlReport(report);
    expect(html).toContain('[−0.55 pp, +4.55 pp] (99%)');
    expect(html).toContain('(98%)');
    // The Bayesian readout beside n.s. adj. is not corrected, and both reports say so.
    const said = 'The Bayesian readout (chance to beat, expected loss, credible interval) is never adjusted';
    expect(text.replace(/\n\s+/g, ' ')).toContain(said);
    expect(html).toContain(said);
  });
});

describe('seeded simulations of what the levels promise (z-tests, 20,000 families each)', () => {
  const alpha = 0.05;
  function simulate(theta: number[], runs: number, seed: number) {
    const random = seededRandom(seed);
    let fcr = 0;
    let fcrPerComparison = 0;
    let holmErrors = 0;
    let bonferroniMisses = 0;
    for (let r = 0; r < runs; r++) {
      const d = theta.map((t) => t + normal(random));
      const p = d.map((x) => 2 * normalSf(Math.abs(x)));
      const miss = (i: number, confidence: number) =>
        Math.abs((d[i] as number) - (theta[i] as number)) > normalIsf((1 - confidence) / 2);
      const bh = adjustedIntervalLevels(p, 'benjamini-hochberg', 1 - alpha);
      const selected = bh.flatMap((l, i) => (l?.rule === 'fcr-selected' ? [{ i, level: l.confidence }] : []));
      const denominator = Math.max(selected.length, 1);
      fcr += selected.filter(({ i, level }) => miss(i, level)).length / denominator;
      fcrPerComparison += selected.filter(({ i }) => miss(i, 1 - alpha)).length / denominator;
      const holm = adjustedIntervalLevels(p, 'holm', 1 - alpha);
      const wrong = holm.some((l, i) =>
        l?.rule === 'holm-kept' ? miss(i, l.confidence) : Math.sign(d[i] as number) !== Math.sign(theta[i] as number),
      );
      if (wrong) holmErrors++;
      if (theta.some((_, i) => miss(i, 1 - alpha / theta.length))) bonferroniMisses++;
    }
    return {
      fcr: fcr / runs,
      fcrPerComparison: fcrPerComparison / runs,
      holm: holmErrors / runs,
      bonferroni: bonferroniMisses / runs,
    };
  }
  // Each rate's bound: α plus 4.5 binomial standard errors (at most 0.0069 over 20,000 runs).
  const slack = 4.5 * Math.sqrt((alpha * (1 - alpha)) / 20_000);

  it('ten comparisons, four real effects: FCR and the Holm statement stay within α; per-comparison intervals do not', () => {
    const rates = simulate([3, 3, 3, 2, 0, 0, 0, 0, 0, 0], 20_000, 11);
    expect(rates.fcr).toBeLessThanOrEqual(alpha + slack);
    expect(rates.holm).toBeLessThanOrEqual(alpha + slack);
    expect(rates.bonferroni).toBeLessThanOrEqual(alpha + slack);
    // The selected comparisons' 95% intervals miss far more often than 5% (Benjamini & Yekutieli's point).
    expect(rates.fcrPerComparison).toBeGreaterThan(alpha + slack);
  });

  it('five small effects (1 standard error) and five large ones', () => {
    for (const [theta, seed] of [
      [[1, 1, 1, 1, 1], 12],
      [[4, 4, 4, 4, 1], 13],
    ] as const) {
      const rates = simulate([...theta], 20_000, seed);
      expect(rates.fcr).toBeLessThanOrEqual(alpha + slack);
      expect(rates.holm).toBeLessThanOrEqual(alpha + slack);
    }
  });
});

describe('the always-valid sequence at a corrected level', () => {
  it('keeps the p-value of the mixture tuned for the report, and excludes 0 exactly when it is below 1 − level', () => {
    const random = seededRandom(5);
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const control = { n: 20 + Math.floor(random() * 5000), mean: 1 + random(), variance: 0.1 + random() * 4 };
      const treatment = {
        n: 20 + Math.floor(random() * 5000),
        mean: control.mean + (random() - 0.5) * 0.6,
        variance: 0.1 + random() * 4,
      };
      const tunedFor = [0.8, 0.9, 0.95, 0.99][i % 4] as number;
      const options = { tuning: 100 + Math.floor(random() * 10_000), nonNegative: true };
      const own = sequenceAtLevel(control, treatment, { ...options, confidence: tunedFor }, tunedFor);
      const level = 1 - (1 - tunedFor) * random();
      const at = sequenceAtLevel(control, treatment, { ...options, confidence: level }, tunedFor);
      expect(at.pValue).toBe(own.pValue);
      // Away from the boundary, where rounding decides.
      if (Math.abs(own.pValue - (1 - level)) < 1e-9) continue;
      checked++;
      expect(excludesZero(at.ci), `${i}`).toBe(own.pValue < 1 - level);
      if (Number.isFinite(at.relativeCi[0]) || Number.isFinite(at.relativeCi[1]))
        expect(excludesZero(at.relativeCi), `${i} relative`).toBe(own.pValue < 1 - level);
    }
    expect(checked).toBeGreaterThan(1900);
  });
});
