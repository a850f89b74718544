import { describe, expect, it } from 'vitest';
import { measure, type BenchCase } from '../harness.js';
import { checkEvaluator, type Evaluator } from '../sanity.js';
import { speedups } from '../speedups.js';
import { summarize } from '../stats.js';
import { makeUsers, TARGET_COUNTRIES } from '../users.js';

const users = makeUsers(20_000, 7);
const targeted = (i: number) => TARGET_COUNTRIES.includes(users[i]!.country);
/** Deterministic stand-ins for an SDK: every fifth targeted user passes; variants cycle 0,0,1,2. */
const exact: Evaluator = {
  sdk: 'exact',
  targeted,
  gate: (i) => targeted(i) && i % 5 === 0,
  variant: (i) => ['control', 'control', 'blue', 'green'][i % 4]!,
};

describe('sanity check', () => {
  it('accepts an SDK with the right targeting and shares', () => {
    const row = checkEvaluator(users, exact);
    expect(row.ok).toBe(true);
    expect(row.targetingMismatches).toBe(0);
    expect(row.rolloutShare).toBeCloseTo(0.2, 1);
  });

  it('rejects wrong targeting, passes outside it, a wrong rollout and missing variants', () => {
    expect(checkEvaluator(users, { ...exact, targeted: (i) => !targeted(i) }).ok).toBe(false);
    expect(checkEvaluator(users, { ...exact, gate: (i) => i % 5 === 0 }).passedUntargeted).toBeGreaterThan(0);
    expect(checkEvaluator(users, { ...exact, gate: (i) => targeted(i) && i % 4 === 0 }).ok).toBe(false);
    expect(checkEvaluator(users, { ...exact, variant: () => null }).unassigned).toBe(users.length);
  });

  it('builds the same distinct users for the same seed, about half of them targeted', () => {
    expect(makeUsers(100, 7)).toEqual(users.slice(0, 100));
    expect(new Set(users.map((u) => u.userID)).size).toBe(users.length);
    // Share 0.5 over 20,000 users: 5σ = 5 · sqrt(0.25 / 20000) ≈ 0.0177.
    const share = users.filter((_u, i) => targeted(i)).length / users.length;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.0177);
  });
});

describe('harness', () => {
  it('runs warm-up and rounds, slices passes and settles after each', async () => {
    const calls: [number, number][] = [];
    let settled = 0;
    let collected = 0;
    const c: BenchCase = {
      group: 'g',
      sdk: 's',
      mode: 'm',
      operations: 10,
      slice: 4,
      run: (from, to) => {
        calls.push([from, to]);
        return to - from;
      },
      settle: async () => {
        settled++;
      },
    };
    const [result] = await measure([c], {
      rounds: 3,
      warmupPasses: 1,
      collect: () => {
        collected++;
      },
    });
    expect(calls.slice(0, 3)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(calls).toHaveLength(12);
    expect(settled).toBe(4);
    expect(collected).toBe(4);
    expect(result!.ns.n).toBe(3);
    expect(result!.checksum).toBe(40);
  });
});

describe('speedups', () => {
  const result = (group: string, sdk: string, mode: string, median: number) => ({
    group,
    sdk,
    mode,
    ns: summarize([median]),
    settleNs: undefined,
    checksum: 0,
  });

  it('compares splitkit without exposures to the fastest mode of each SDK, against its goal', () => {
    const rows = speedups(
      [
        result('gate', 'splitkit', 'exposures off', 100),
        result('gate', 'splitkit', 'exposures on, burst', 900),
        result('gate', 'GrowthBook', 'slow', 500),
        result('gate', 'GrowthBook', 'fast', 250),
        result('gate', 'flagd-core', 'compiled', 101),
      ],
      ['gate'],
    );
    expect(rows.map((r) => [r.against, r.againstMode, r.speedup, r.met])).toEqual([
      ['GrowthBook', 'fast', 2.5, false],
      ['flagd-core', 'compiled', 1.01, true],
    ]);
  });
});
