/**
 * Speedups of splitkit over the other SDKs, from medians measured in the same
 * run. A speedup is a throughput ratio: the other SDK's ns/eval divided by
 * splitkit's. For GrowthBook the fastest of its modes is used.
 */
import type { CaseResult } from './harness.js';

/** One comparison with its goal. */
export interface Speedup {
  group: string;
  against: string;
  /** Which of the other SDK's modes was the fastest and compared. */
  againstMode: string;
  splitkitNs: number;
  otherNs: number;
  speedup: number;
  goal: number;
  /** `goal` must be reached (≥), or, for a goal of 1, exceeded. */
  met: boolean;
}

function fastest(results: readonly CaseResult[], group: string, sdk: string, mode?: string): CaseResult | undefined {
  const candidates = results.filter(
    (r) => r.group === group && r.sdk === sdk && (mode === undefined || r.mode === mode),
  );
  return candidates.sort((a, b) => a.ns.median - b.ns.median)[0];
}

/** splitkit (exposures off) against GrowthBook (goal ≥ 3×) and flagd-core (goal: ahead), per group. */
export function speedups(results: readonly CaseResult[], groups: readonly string[]): Speedup[] {
  const out: Speedup[] = [];
  for (const group of groups) {
    const splitkit = fastest(results, group, 'splitkit', 'exposures off');
    if (!splitkit) continue;
    const targets: [string, number][] = [
      ['GrowthBook', 3],
      ['flagd-core', 1],
    ];
    for (const [sdk, goal] of targets) {
      const other = fastest(results, group, sdk);
      if (!other) continue;
      const speedup = other.ns.median / splitkit.ns.median;
      out.push({
        group,
        against: sdk,
        againstMode: other.mode,
        splitkitNs: splitkit.ns.median,
        otherNs: other.ns.median,
        speedup,
        goal,
        met: goal === 1 ? speedup > 1 : speedup >= goal,
      });
    }
  }
  return out;
}
