/**
 * The sample ratio check where a variant expects fewer than 5 units: the
 * exact binomial test decides, not the chi-square approximation, checked
 * against SciPy's binomtest (scripts/methods-reference.py, `srm_exact_case`).
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import { checkSampleRatio } from '../../src/analysis/srm.js';
import { binomialTestTwoSided } from '../../src/analysis/stats/binomial-test.js';
import type { ExposureEvent } from '../../src/events/types.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { BUTTON, DAY, T0, exposure } from './fixtures.js';
import { methodsReference } from './stats/methods-reference.js';
import { expectClose } from './stats/reference.js';

describe('the exact two-sided binomial test against SciPy binomtest', () => {
  for (const c of methodsReference.srmExact) {
    it(c.name, () => {
      const total = c.observed.reduce((a, b) => a + b, 0);
      const weightTotal = c.weights.reduce((a, b) => a + b, 0);
      c.observed.forEach((count, i) => {
        const p = binomialTestTwoSided(count, total, (c.weights[i] ?? 0) / weightTotal);
        expectClose(p, c.binomial[i] ?? Number.NaN, 1e-9, `variant ${i}`);
      });
      const srm = checkSampleRatio(c.observed, c.weights);
      if (srm.status !== 'ok' || srm.exact === undefined) throw new Error('an exact check expected');
      expectClose(srm.pValue, c.pValue, 1e-9, 'exact p');
      expectClose(srm.exact.chiSquarePValue, c.chiSquarePValue, 1e-9, 'chi-square p');
      expectClose(srm.exact.minExpected, c.minExpected, 1e-12, 'smallest expected count');
      expect(srm.mismatch).toBe(c.pValue < 0.001);
    });
  }

  it('still flags units in a variant whose planned share underflows to 0, as the chi-square test did', () => {
    const srm = checkSampleRatio([500, 500, 1], [1e308, 1e308, 1e-300]);
    expect(srm.status === 'ok' && srm.pValue).toBe(0);
    expect(srm.mismatch).toBe(true);
    expect(checkSampleRatio([500, 500, 0], [1e308, 1e308, 1e-300]).mismatch).toBe(false);
  });

  it('leaves the chi-square test in charge when every variant expects 5 units or more', () => {
    const srm = checkSampleRatio([1200, 1000], [50, 50]);
    expect(srm.status === 'ok' && srm.exact).toBeUndefined();
    expect(srm.mismatch).toBe(true);
  });
});

describe('a small arm does not make the verdict invalid on the chi-square approximation alone', () => {
  // 95 of 100 units in control against planned 99/1: chi-square p = 0.00006, exact p = 0.0034.
  const exposures: ExposureEvent[] = [];
  for (let i = 0; i < 100; i++) exposures.push(exposure({ deviceID: `u${i}` }, i < 95 ? 'control' : 'green', T0));
  const experiment = {
    ...BUTTON,
    variants: [
      { key: 'control', weight: 99 },
      { key: 'green', weight: 1 },
    ],
  };
  const report = analyzeExperiment({
    experiment,
    exposures,
    events: [],
    metrics: [{ key: 'buy', kind: 'conversion', role: 'primary' }],
    now: T0 + DAY,
  });

  it('is not invalid, and both reports say which test decided', () => {
    expect(report.srm.mismatch).toBe(false);
    expect(report.verdict.decision).not.toBe('invalid');
    const terminal = renderTerminalReport(report).replace(/\n\s+/g, ' ');
    expect(terminal).toContain(
      'SRM: ok  χ² = 16.16; a variant expects 1 unit, too few for the chi-square test: exact binomial p = 0.0034 (flagged below 0.001)',
    );
    for (const line of renderTerminalReport(report).split('\n'))
      expect([...line].length, line).toBeLessThanOrEqual(100);
    expect(renderHtmlReport(report)).toContain(
      'a variant expects 1 unit, too few for the chi-square test: exact binomial p = 0.0034',
    );
  });
});
