/**
 * Adjusted p-values for a family of m comparisons.
 *
 * - Benjamini–Hochberg (1995), false discovery rate: with the p-values sorted
 *   p₍₁₎ ≤ … ≤ p₍ₘ₎, adj₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j).
 * - Holm (1979), family-wise error rate: adj₍ᵢ₎ = max over j ≤ i of
 *   min(1, (m − j + 1)·p₍ⱼ₎).
 *
 * Rejecting every adjusted p-value below α is the method's procedure at level α.
 */
import { AnalysisError } from '../../errors/index.js';

/** Every multiplicity correction: the one list the types, the option checks and the names in words take. */
export const P_VALUE_ADJUSTMENTS = ['benjamini-hochberg', 'holm', 'none'] as const;

/** A multiplicity correction: Benjamini–Hochberg, Holm–Bonferroni, or none. */
export type PValueAdjustment = (typeof P_VALUE_ADJUSTMENTS)[number];

/** Each correction's name in words, for the notes and the reports. */
export const P_VALUE_ADJUSTMENT_NAMES: { readonly [method in PValueAdjustment]: string } = {
  'benjamini-hochberg': 'Benjamini–Hochberg',
  holm: 'Holm–Bonferroni',
  none: 'no correction',
};

/**
 * The adjusted p-values of `pValues`, in the input order.
 *
 * @throws AnalysisError when a p-value is not a number in [0, 1] or the method is unknown.
 */
export function adjustPValues(pValues: readonly number[], method: PValueAdjustment): number[] {
  pValues.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      throw new AnalysisError(`pValues[${i}] must be in [0, 1], got ${String(p)}`);
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((x, y) => (pValues[x] as number) - (pValues[y] as number) || x - y);
  const adjusted = new Array<number>(m);
  if (method === 'none') return [...pValues];
  if (method === 'benjamini-hochberg') {
    let running = 1;
    for (let rank = m; rank >= 1; rank--) {
      const i = order[rank - 1] as number;
      // m / rank first: at the largest rank it is exactly 1, so an unadjusted p-value stays exactly itself.
      running = Math.min(running, (pValues[i] as number) * (m / rank));
      adjusted[i] = running;
    }
    return adjusted;
  }
  if (method === 'holm') {
    let running = 0;
    for (let rank = 1; rank <= m; rank++) {
      const i = order[rank - 1] as number;
      running = Math.max(running, Math.min(1, (m - rank + 1) * (pValues[i] as number)));
      adjusted[i] = running;
    }
    return adjusted;
  }
  throw new AnalysisError(`method must be benjamini-hochberg, holm or none, got ${String(method)}`);
}
