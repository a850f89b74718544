/**
 * A funnel's step rows with sequential testing against the confidence
 * sequences coded independently in scripts/methods-reference.py
 * (`funnel_case`): each step's share as a proportion, each step's conversion
 * from the step before as a delta-method ratio.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ExperimentDesign } from '../../src/analysis/experiment-design.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { DAY, T0, exposure, track } from './fixtures.js';
import { methodsReference } from './stats/methods-reference.js';
import { expectClose } from './stats/reference.js';

const STEPS = ['view', 'cart', 'buy'];

describe('sequential funnel step rows against scripts/methods-reference.py', () => {
  for (const c of methodsReference.sequentialFunnel) {
    it(c.name, () => {
      const variants = c.groups.map((_, v) => (v === 0 ? 'control' : `t${v}`));
      const experiment: ExperimentDesign = {
        key: 'button_color',
        unit: 'deviceID',
        variants: variants.map((key, v) => ({ key, weight: c.groups[v]?.n ?? 0 })),
      };
      const exposures: ExposureEvent[] = [];
      const events: CustomEvent[] = [];
      c.groups.forEach((g, v) => {
        for (let i = 0; i < g.n; i++) {
          const units = { deviceID: `${variants[v]}-${i}` };
          exposures.push(exposure(units, variants[v] ?? '', T0));
          // Unit i reaches step s when i < reached[s]: the units of each step are among the step before's.
          g.reached.forEach((r, s) => {
            if (i < r) events.push(track(units, STEPS[s] ?? '', T0 + (s + 1) * 1000));
          });
        }
      });
      const steps = STEPS.slice(0, c.groups[0]?.reached.length);
      const report = analyzeExperiment({
        experiment,
        exposures,
        events,
        metrics: [{ key: 'flow', kind: 'funnel', steps, role: 'primary' }],
        confidence: c.confidence,
        sequential: { tuning: c.tuning },
        now: T0 + DAY,
      });
      const result = report.metrics[0];
      for (const ref of c.rows) {
        const row = result?.steps?.[ref.step - 1]?.variants[ref.variant];
        const comparison = ref.row === 'share' ? row?.comparison : row?.stepComparison;
        const label = `step ${ref.step} ${ref.row} of ${variants[ref.variant]}`;
        if (comparison?.status !== 'ok' || comparison.sequential === undefined)
          throw new Error(`${label}: a sequential comparison expected`);
        const s = comparison.sequential;
        // The tolerances of test/analysis/stats/sequential.test.ts.
        expectClose(comparison.difference, ref.difference, 1e-13, `${label} difference`);
        expectClose(s.ci[0], ref.ci[0], 1e-12, `${label} ci low`, Math.abs(ref.difference));
        expectClose(s.ci[1], ref.ci[1], 1e-12, `${label} ci high`, Math.abs(ref.difference));
        expectClose(s.pValue, ref.pValue, 1e-10, `${label} pValue`);
        expectClose(s.relativeCi[0], ref.relativeCi[0], 1e-9, `${label} relative low`, 1);
        expectClose(s.relativeCi[1], ref.relativeCi[1], 1e-9, `${label} relative high`, 1);
        // The label follows the always-valid p-value (adjusted within the funnel's steps).
        expect(comparison.significant, label).toBe(ref.pValue < 1 - c.confidence);
        expect(comparison.adjustedPValue, label).toBeGreaterThanOrEqual(s.pValue);
      }
      // Reaching the last step is the funnel's overall conversion: the same always-valid numbers.
      const last = result?.steps?.at(-1)?.variants[1]?.comparison;
      const overall = result?.variants[1]?.comparison;
      if (last?.status !== 'ok' || overall?.status !== 'ok') throw new Error('comparisons expected');
      expect(last.sequential).toEqual(overall.sequential);
    });
  }
});
