/**
 * Accurate sums and central moments. Sums are compensated (Neumaier), and
 * central moments use the corrected two-pass formula
 * Σ(x − m)(y − m′) − Σ(x − m)·Σ(y − m′)/n, so large offsets and long inputs
 * do not leak rounding into the variance.
 */

/** A running sum with Neumaier's compensation: its error does not grow with the number of terms. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  /** Adds one term. */
  add(value: number): void {
    const next = this.sum + value;
    // Recover the low-order bits the addition just rounded away.
    this.compensation += Math.abs(this.sum) >= Math.abs(value) ? this.sum - next + value : value - next + this.sum;
    this.sum = next;
  }

  /** The sum of the terms added so far. */
  value(): number {
    return this.sum + this.compensation;
  }
}

/** Arithmetic mean from a compensated sum. */
export function accurateMean(values: readonly number[]): number {
  const sum = new CompensatedSum();
  for (const value of values) sum.add(value);
  return sum.value() / values.length;
}

/**
 * Unbiased sample covariance Σ(x − x̄)(y − ȳ)/(n − 1) of two equally long
 * series (the variance when both are the same), by the corrected two-pass
 * formula. Needs n ≥ 2.
 */
export function sampleCovariance(xs: readonly number[], ys: readonly number[], meanX: number, meanY: number): number {
  const n = xs.length;
  const products = new CompensatedSum();
  const sumDx = new CompensatedSum();
  const sumDy = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    products.add(dx * dy);
    sumDx.add(dx);
    sumDy.add(dy);
  }
  // The correction is zero in exact arithmetic; here it removes the error the rounded means left behind.
  return (products.value() - (sumDx.value() * sumDy.value()) / n) / (n - 1);
}
