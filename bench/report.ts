/** The benchmark's terminal output: one table per part. */
import type { CaseResult } from './harness.js';
import type { SanityRow } from './sanity.js';
import type { Speedup } from './speedups.js';
import { formatNumber as f, formatTable } from './table.js';
import type { ThroughputResult } from './events/throughput.js';

const pct = (share: number) => `${(share * 100).toFixed(2)}%`;

/** ns per operation per case, with quartiles, range and throughput; `vs baseline` is the baseline's median over this one's. */
export function timingTable(results: readonly CaseResult[]): string {
  const rows = results.map((r) => {
    const baseline = results.find((b) => b.group === r.group && b.sdk === 'baseline');
    return [
      r.group,
      r.sdk,
      r.mode,
      f(r.ns.median),
      `${f(r.ns.q1)}–${f(r.ns.q3)}`,
      `${f(r.ns.min)}–${f(r.ns.max)}`,
      f(1e3 / r.ns.median, 2),
      baseline ? `${(baseline.ns.median / r.ns.median).toFixed(2)}×` : '',
      r.settleNs ? f(r.settleNs.median) : '',
    ];
  });
  return formatTable(
    ['group', 'sdk', 'mode', 'median ns/op', 'IQR', 'min–max', 'M ops/s', 'vs baseline', 'drain ns/op'],
    rows,
  );
}

/** splitkit's speedups against the goals. */
export function speedupTable(speedups: readonly Speedup[]): string {
  const rows = speedups.map((s) => [
    s.group,
    `${s.against} (${s.againstMode})`,
    f(s.splitkitNs),
    f(s.otherNs),
    `${s.speedup.toFixed(2)}×`,
    s.goal === 1 ? '> 1×' : `≥ ${s.goal}×`,
    s.met ? 'met' : 'MISSED',
  ]);
  return formatTable(['group', 'against', 'splitkit ns', 'other ns', 'speedup', 'goal', 'result'], rows);
}

/** The sanity check's findings per SDK. */
export function sanityTable(rows: readonly SanityRow[]): string {
  return formatTable(
    [
      'sdk',
      'targeting mismatches',
      'passed untargeted',
      'rollout share (±5σ)',
      'variant shares',
      'unassigned',
      'result',
    ],
    rows.map((r) => [
      r.sdk,
      f(r.targetingMismatches),
      f(r.passedUntargeted),
      `${pct(r.rolloutShare)} ±${pct(r.rolloutTolerance)}`,
      r.variantShares.map(pct).join(' / '),
      f(r.unassigned),
      r.ok ? 'ok' : 'FAILED',
    ]),
  );
}

/** Event hot-path costs against the 1 µs goal. */
export function eventGoalTable(rows: readonly { what: string; ns: number }[]): string {
  return formatTable(
    ['event cost on the hot path', 'ns', 'goal', 'result'],
    rows.map((r) => [r.what, f(r.ns), '< 1,000', r.ns < 1_000 ? 'met' : 'MISSED']),
  );
}

/** The full-pipeline runs. */
export function throughputTable(result: ThroughputResult): string {
  const rows = result.runs.map((run, i) => [
    String(i + 1),
    f(run.events),
    run.seconds.toFixed(2),
    run.enqueueSeconds.toFixed(2),
    f(run.events / run.seconds),
    f(run.received.requests),
    f(run.received.distinct),
    f(run.dropped),
    run.delivered ? 'yes' : 'NO',
  ]);
  return formatTable(
    [
      'run',
      'events',
      'total s',
      'track() loop s',
      'events/s',
      'requests',
      'distinct received',
      'dropped',
      'all delivered',
    ],
    rows,
  );
}
