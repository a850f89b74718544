/**
 * A ruleset may give a variant weight 0 (an arm ramped down, or not yet
 * started); `parseRuleset` accepts it, so the analysis does too: the variant
 * expects no units, the sample ratio test runs over the others, and units
 * found in it (it had a weight before the ramp-down) flag the split, since
 * they cannot come from the weights as they stand. Before, the analysis
 * refused the ruleset ("experiment.variants[2].weight: expected a positive number").
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, renderTerminalReport } from '../../src/analysis/index.js';
import type { ExperimentDesign } from '../../src/analysis/index.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { BUTTON, DAY, T0, exposure, seededRandom, track } from './fixtures.js';

const WEIGHTS: ExperimentDesign = {
  ...BUTTON,
  variants: [
    { key: 'control', weight: 50 },
    { key: 'green', weight: 50 },
    { key: 'off', weight: 0 },
  ],
};

/** 400 units split 50/50 between control and green, and `off` units in the weight-0 arm. */
function analyze(off: number) {
  const random = seededRandom(3);
  const exposures = [];
  const events = [];
  for (let i = 0; i < 400 + off; i++) {
    const variant = i >= 400 ? 'off' : random() < 0.5 ? 'green' : 'control';
    exposures.push(exposure({ deviceID: `d${i}` }, variant, T0 + i * 60_000));
    if (random() < 0.2) events.push(track({ deviceID: `d${i}` }, 'purchase', T0 + i * 60_000 + 1000));
  }
  return analyzeExperiment({
    experiment: WEIGHTS,
    metrics: [{ key: 'purchase', kind: 'conversion', role: 'primary' }],
    exposures,
    events,
    now: T0 + DAY,
  });
}

describe('a variant of weight 0', () => {
  it('is a variant parseRuleset accepts', () => {
    const ruleset = parseRuleset({
      version: 1,
      gates: {},
      experiments: { [BUTTON.key]: { unit: 'deviceID', variants: WEIGHTS.variants } },
    });
    expect(ruleset.experiments[BUTTON.key]?.variants.map((v) => v.weight)).toEqual([50, 50, 0]);
  });

  it('without units: expects none, and the split is tested over the other variants', () => {
    const report = analyze(0);
    expect(report.variants.map((v) => [v.key, v.expectedShare, v.units])).toEqual([
      ['control', 0.5, report.variants[0]?.units],
      ['green', 0.5, report.variants[1]?.units],
      ['off', 0, 0],
    ]);
    expect(report.srm.status).toBe('ok');
    expect(report.srm.mismatch).toBe(false);
    if (report.srm.status === 'ok') {
      expect(report.srm.exact).toBeUndefined();
      expect(report.srm.pValue).toBeGreaterThan(0.001);
    }
    expect(report.verdict.decision).not.toBe('invalid');
    expect(renderTerminalReport(report, { color: false })).toMatch(/off +0 +0\.0% +0 +0\.0%/);
  });

  it('with units (an arm ramped down mid-run): the split is flagged', () => {
    const report = analyze(3);
    expect(report.srm.status).toBe('ok');
    expect(report.srm.mismatch).toBe(true);
    expect(report.srm.status === 'ok' && report.srm.pValue).toBe(0);
    expect(report.verdict.decision).toBe('invalid');
    // The line says why rather than printing an infinite χ² as "–".
    const text = renderTerminalReport(report, { color: false });
    expect(text).toContain('SRM: MISMATCH  units in a variant planned to get none (weight 0), p < 0.0001');
  });

  it('is not the smallest group the power hint waits for: it gets no new units', () => {
    for (const off of [0, 3]) {
      const report = analyze(off);
      const hint = report.power[0];
      expect(hint?.status).toBe('ok');
      if (hint?.status === 'ok')
        expect(hint.currentPerGroup).toBe(Math.min(report.variants[0]?.units ?? 0, report.variants[1]?.units ?? 0));
    }
  });
});
