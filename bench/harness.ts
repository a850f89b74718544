/**
 * Timing: every case evaluates all users once per pass. Cases run round-robin
 * (one pass of each per round, starting one case later every round) so drift
 * on the machine spreads over all of them, with a full GC before every pass.
 * Each pass is one `process.hrtime.bigint()` interval over the whole loop, or
 * the sum of the intervals of its slices.
 */
import { summarize, type Summary } from './stats.js';

/** One thing to time. */
export interface BenchCase {
  /** What is evaluated: `gate`, `experiment`, `track`, … */
  group: string;
  /** Who evaluates it, e.g. `splitkit` or `GrowthBook (GrowthBookClient)`. */
  sdk: string;
  /** Setting that differs between cases of one SDK, e.g. `exposures on`. */
  mode: string;
  /** Operations one pass performs. */
  operations: number;
  /**
   * Operations `from` (inclusive) to `to` (exclusive) of a pass. Returns a
   * checksum of the results, which the caller prints, so the work cannot be
   * optimized away.
   */
  run(from: number, to: number): number;
  /**
   * Steady state: run the pass in slices of this many operations, yielding to
   * the event loop between slices (untimed), so queued events are delivered as
   * they would be between a server's requests. Default: the whole pass in one
   * synchronous loop.
   */
  slice?: number;
  /** Untimed work after a pass (delivering queued events); its duration is reported separately. */
  settle?(): Promise<void>;
}

/** Timing of one case. */
export interface CaseResult {
  group: string;
  sdk: string;
  mode: string;
  /** Nanoseconds per operation over the measured passes. */
  ns: Summary;
  /** Nanoseconds per operation spent in `settle` (when the case has one). */
  settleNs: Summary | undefined;
  /** Sum of the checksums of every pass, warm-up included. */
  checksum: number;
}

/** How many passes to run. */
export interface MeasureOptions {
  rounds: number;
  warmupPasses: number;
  /** Called before each pass; a full GC. */
  collect: () => void;
  /** Told about progress. */
  onRound?: (round: number, rounds: number) => void;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function pass(c: BenchCase, collect: () => void): Promise<{ ns: number; settleNs: number; checksum: number }> {
  collect();
  const slice = c.slice ?? c.operations;
  let timed = 0n;
  let checksum = 0;
  for (let from = 0; from < c.operations; from += slice) {
    const start = process.hrtime.bigint();
    checksum += c.run(from, Math.min(from + slice, c.operations));
    timed += process.hrtime.bigint() - start;
    if (slice < c.operations) await yieldToEventLoop();
  }
  const ran = process.hrtime.bigint();
  if (c.settle) await c.settle();
  const settled = process.hrtime.bigint();
  return { ns: Number(timed) / c.operations, settleNs: Number(settled - ran) / c.operations, checksum };
}

/** Warms every case up, then times `rounds` passes of each. */
export async function measure(cases: readonly BenchCase[], options: MeasureOptions): Promise<CaseResult[]> {
  const samples = cases.map(() => ({ ns: [] as number[], settleNs: [] as number[], checksum: 0 }));
  for (let w = 0; w < options.warmupPasses; w++) {
    for (let i = 0; i < cases.length; i++) samples[i]!.checksum += (await pass(cases[i]!, options.collect)).checksum;
  }
  for (let round = 0; round < options.rounds; round++) {
    options.onRound?.(round + 1, options.rounds);
    for (let k = 0; k < cases.length; k++) {
      const i = (k + round) % cases.length;
      const result = await pass(cases[i]!, options.collect);
      const sample = samples[i]!;
      sample.ns.push(result.ns);
      sample.settleNs.push(result.settleNs);
      sample.checksum += result.checksum;
    }
  }
  return cases.map((c, i) => ({
    group: c.group,
    sdk: c.sdk,
    mode: c.mode,
    ns: summarize(samples[i]!.ns),
    settleNs: c.settle ? summarize(samples[i]!.settleNs) : undefined,
    checksum: samples[i]!.checksum,
  }));
}
