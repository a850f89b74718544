/**
 * Matching `subscribe` callbacks to the updates that caused them. Each update
 * carries its own marker value; a callback counts for an update only when the
 * client then reads that update's marker, so a callback for anything else (an
 * earlier update heard late, a staleness change) is never taken for it.
 */
import { quantileSorted } from '../stats.js';

/** Arrival times of markers, and waits for one of them. */
export interface Arrivals {
  /** Records that `marker` was seen at `at` (the first sighting counts). */
  heard(marker: number, at: number): void;
  /** Resolves with the time `marker` was first seen, or undefined when it is not seen within `timeoutMs`. */
  waitFor(marker: number, timeoutMs: number): Promise<number | undefined>;
}

/** An empty record of arrivals. */
export function createArrivals(): Arrivals {
  const seen = new Map<number, number>();
  const waiting = new Map<number, (at: number) => void>();
  return {
    heard(marker, at) {
      if (seen.has(marker)) return;
      seen.set(marker, at);
      waiting.get(marker)?.(at);
    },
    waitFor(marker, timeoutMs) {
      const at = seen.get(marker);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(marker);
          resolve(undefined);
        }, timeoutMs);
        waiting.set(marker, (heardAt) => {
          clearTimeout(timer);
          waiting.delete(marker);
          resolve(heardAt);
        });
      });
    },
  };
}

/** Latencies of one way of hearing about updates, in ms. */
export interface LatencySummary {
  median: number;
  p90: number;
  max: number;
  /** Samples summarized (updates heard in time). */
  n: number;
}

/** Median, 90th percentile (linear between closest ranks) and maximum; NaN when there are no samples. */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
    n: sorted.length,
  };
}
