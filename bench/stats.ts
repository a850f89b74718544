/**
 * Summaries of repeated measurements. Benchmarks quote the median (robust to
 * a GC pause or a noisy neighbour in one round) with the spread around it.
 */

/** The spread of a set of samples. */
export interface Summary {
  median: number;
  /** First and third quartiles (linear interpolation between closest ranks). */
  q1: number;
  q3: number;
  min: number;
  max: number;
  /** Number of samples. */
  n: number;
}

/** The `p`-quantile (0 ≤ p ≤ 1) of already sorted samples, interpolating linearly between closest ranks. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

/** Median, quartiles and range of `samples` (NaN everywhere when there are none). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    min: sorted.length === 0 ? Number.NaN : sorted[0]!,
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
    n: sorted.length,
  };
}

/**
 * Half-width of a `z`-sigma band around a binomial share `p` over `n` trials:
 * `z · sqrt(p(1 − p)/n)`. The sanity checks use z = 5, so a correct SDK fails
 * them with probability below 1e-6 per check.
 */
export function binomialTolerance(p: number, n: number, z = 5): number {
  return z * Math.sqrt((p * (1 - p)) / n);
}
