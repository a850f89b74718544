/**
 * Statistical properties of bucketing, each over 100,000 units.
 *
 * Tolerances: a share p estimated from n units has standard error
 * sqrt(p(1-p)/n). With n = 100,000 that is 0.126 pp at p = 0.2 or 0.8 and
 * 0.158 pp at p = 0.5. We allow 4 standard errors (±0.5 pp at 20%/80%, as
 * the spec says), a two-sided false-alarm rate of about 6e-5 for a fair hash.
 * Chi-square tests use the critical value at α = 0.001 for their degrees of
 * freedom (df 2: 13.816, df 99: 148.230). The ids are fixed, so every run
 * computes exactly the same numbers: these tests cannot flake, and they fail
 * only if the bucketing changes in a way a fair hash would not produce.
 */
import { describe, expect, it } from 'vitest';
import { bucket } from '../../src/eval/hash.js';
import { createEvalRecord } from '../../src/eval/types.js';
import { evaluateExperiment, evaluateGate } from '../../src/eval/index.js';
import type { CompiledRuleset } from '../../src/eval/index.js';
import type { ExperimentInput } from '../../src/ruleset/normalize.js';
import { compile, unitIds } from './helpers.js';

const N = 100_000;
const ids = unitIds(N);
const users = ids.map((userID) => ({ userID }));
const out = createEvalRecord();

/** Four standard errors of a share p estimated from n units. */
const fourSigma = (p: number, n: number) => 4 * Math.sqrt((p * (1 - p)) / n);

/** Pearson's chi-square statistic of observed counts against expected counts. */
function chiSquare(observed: number[], expected: number[]): number {
  return observed.reduce((sum, o, i) => sum + (o - expected[i]!) ** 2 / expected[i]!, 0);
}

/** Chi-square statistic of independence for a contingency table (rows × columns). */
function independence(table: number[][]): number {
  const total = table.flat().reduce((a, b) => a + b, 0);
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columns = table[0]!.map((_, j) => table.reduce((sum, row) => sum + row[j]!, 0));
  return chiSquare(
    table.flat(),
    rows.flatMap((r) => columns.map((c) => (r * c) / total)),
  );
}

const gateShare = (c: CompiledRuleset, name: string) =>
  users.filter((user) => evaluateGate(c, name, user, 0, out).value === true).length / N;

function variantCounts(c: CompiledRuleset, name: string, size: number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (const user of users) {
    const index = evaluateExperiment(c, name, user, 0, out).variantIndex;
    if (index >= 0) counts[index]!++;
  }
  return counts;
}

const experimentWith = (definition: Partial<ExperimentInput>): ExperimentInput => ({
  variants: [
    { key: 'a', weight: 50 },
    { key: 'b', weight: 25 },
    { key: 'c', weight: 25 },
  ],
  ...definition,
});

describe('bucketing statistics', () => {
  it('spreads units uniformly over the buckets (100 bins, chi-square df 99)', () => {
    const bins = new Array<number>(100).fill(0);
    for (const id of ids) bins[Math.floor(bucket('uniformity', id) / 100)]!++;
    expect(chiSquare(bins, new Array<number>(100).fill(N / 100))).toBeLessThan(148.23);
  });

  it('lets 20% ± 0.5 pp through a 20% rollout', () => {
    const c = compile({ gates: { g: { rules: [{ id: 'r', rollout: 20 }] } } });
    expect(Math.abs(gateShare(c, 'g') - 0.2)).toBeLessThan(0.005);
  });

  it('splits 80/20 within ± 0.5 pp', () => {
    const c = compile({
      experiments: {
        e: {
          variants: [
            { key: 'a', weight: 80 },
            { key: 'b', weight: 20 },
          ],
        },
      },
    });
    const [a, b] = variantCounts(c, 'e', 2);
    expect(a! + b!).toBe(N);
    expect(Math.abs(a! / N - 0.8)).toBeLessThan(0.005);
  });

  it('never moves a unit that was in when a rollout is raised from 20% to 50%', () => {
    const at20 = compile({ gates: { g: { rules: [{ id: 'r', rollout: 20 }] } } });
    const at50 = compile({ gates: { g: { rules: [{ id: 'r', rollout: 50 }] } } });
    let inAt20 = 0;
    let inAt50 = 0;
    let moved = 0;
    for (const user of users) {
      const before = evaluateGate(at20, 'g', user, 0, out).value;
      const after = evaluateGate(at50, 'g', user, 0, out).value;
      if (before) inAt20++;
      if (after) inAt50++;
      if (before && !after) moved++;
    }
    expect(moved).toBe(0);
    expect(inAt20).toBeGreaterThan(0);
    expect(Math.abs(inAt50 / N - 0.5)).toBeLessThan(fourSigma(0.5, N));
  });

  it('never moves a unit or changes its variant when allocation is raised from 20% to 50%', () => {
    const at20 = compile({ experiments: { e: experimentWith({ allocation: 20 }) } });
    const at50 = compile({ experiments: { e: experimentWith({ allocation: 50 }) } });
    let kept = 0;
    let changed = 0;
    for (const user of users) {
      const before = evaluateExperiment(at20, 'e', user, 0, out).variantIndex;
      if (before < 0) continue;
      kept++;
      if (evaluateExperiment(at50, 'e', user, 0, out).variantIndex !== before) changed++;
    }
    expect(changed).toBe(0);
    expect(Math.abs(kept / N - 0.2)).toBeLessThan(0.005);
  });

  it('splits allocated units without bias (20% allocation, 50/25/25, chi-square df 2)', () => {
    const c = compile({ experiments: { e: experimentWith({ allocation: 20 }) } });
    const counts = variantCounts(c, 'e', 3);
    const allocated = counts.reduce((a, b) => a + b, 0);
    expect(
      chiSquare(
        counts,
        [0.5, 0.25, 0.25].map((share) => share * allocated),
      ),
    ).toBeLessThan(13.816);
  });

  it('assigns two experiments with different salts independently (chi-square of independence, df 2)', () => {
    const c = compile({
      experiments: {
        first: {
          variants: [
            { key: 'x', weight: 50 },
            { key: 'y', weight: 50 },
          ],
        },
        second: experimentWith({}),
      },
    });
    const table = [
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (const user of users) {
      const first = evaluateExperiment(c, 'first', user, 0, out).variantIndex;
      const second = evaluateExperiment(c, 'second', user, 0, out).variantIndex;
      table[first]![second]!++;
    }
    // (2 − 1) × (3 − 1) = 2 degrees of freedom.
    expect(independence(table)).toBeLessThan(13.816);
  });

  it('keeps experiments of a layer exclusive and gives each its share', () => {
    const c = compile({
      experiments: { a: experimentWith({}), b: experimentWith({}), d: experimentWith({}) },
      layers: {
        l: {
          experiments: [
            { experiment: 'a', share: 50 },
            { experiment: 'b', share: 30 },
            { experiment: 'd', share: 20 },
          ],
        },
      },
    });
    const counts = { a: 0, b: 0, d: 0 };
    let notExactlyOne = 0;
    for (const user of users) {
      let entered = 0;
      for (const name of ['a', 'b', 'd'] as const) {
        if (evaluateExperiment(c, name, user, 0, out).variantIndex >= 0) {
          counts[name]++;
          entered++;
        }
      }
      if (entered !== 1) notExactlyOne++;
    }
    // The shares add up to 100%, so every unit is in exactly one experiment.
    expect(notExactlyOne).toBe(0);
    expect(Math.abs(counts.a / N - 0.5)).toBeLessThan(fourSigma(0.5, N));
    expect(Math.abs(counts.b / N - 0.3)).toBeLessThan(fourSigma(0.3, N));
    expect(Math.abs(counts.d / N - 0.2)).toBeLessThan(0.005);
  });

  it('does not move units of earlier slots when a slot is appended to a layer', () => {
    const before = compile({
      experiments: { a: experimentWith({}), b: experimentWith({}) },
      layers: { l: { experiments: [{ experiment: 'a', share: 40 }] } },
    });
    const after = compile({
      experiments: { a: experimentWith({}), b: experimentWith({}) },
      layers: {
        l: {
          experiments: [
            { experiment: 'a', share: 40 },
            { experiment: 'b', share: 30 },
          ],
        },
      },
    });
    let moved = 0;
    let inA = 0;
    for (const user of users) {
      const was = evaluateExperiment(before, 'a', user, 0, out).variantIndex;
      if (was >= 0) inA++;
      if (evaluateExperiment(after, 'a', user, 0, out).variantIndex !== was) moved++;
    }
    expect(moved).toBe(0);
    expect(inA).toBeGreaterThan(0);
  });

  it('holds out its percent of units', () => {
    const c = compile({ gates: { g: { rules: [{ id: 'r' }] } }, holdouts: { h: { percent: 10, gates: ['g'] } } });
    const held = users.filter((user) => evaluateGate(c, 'g', user, 0, out).reason === 'HOLDOUT').length;
    expect(Math.abs(held / N - 0.1)).toBeLessThan(fourSigma(0.1, N));
  });
});
