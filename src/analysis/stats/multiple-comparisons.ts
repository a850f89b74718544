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

/**
 * Which rule gave an interval its corrected level (docs/statistics.md, "Intervals at the corrected level"):
 *
 * - `holm-rejected`: Holm rejected it at step j (its p-value the j-th smallest, ties taking the first
 *   rank): level 1 − α/(m − j + 1), the one that step tested it at;
 * - `holm-kept`: Holm did not reject it: level 1 − α/m (Bonferroni), which covers every comparison Holm
 *   keeps at once with probability at least 1 − α (1 − α/(m − k), k rejected, would be narrower and
 *   still consistent, but the kept ones are selected for small estimates, and two-sided intervals at that
 *   level missed 7% of the time in a seeded simulation: docs/statistics.md);
 * - `fcr-selected`: Benjamini–Hochberg selected it, R of m: level 1 − Rα/m, Benjamini & Yekutieli's
 *   (2005) false-coverage-rate adjusted interval;
 * - `bonferroni-unselected`: Benjamini–Hochberg did not select it: level 1 − α/m (Bonferroni), which
 *   covers every unselected comparison at once with probability at least 1 − α.
 */
export type AdjustedIntervalRule = 'holm-rejected' | 'holm-kept' | 'fcr-selected' | 'bonferroni-unselected';

/**
 * For each p-value of a family, the confidence level at which its interval excludes no change exactly
 * when its adjusted p-value (by `method`) is below 1 − `confidence`, and the rule that set it; all
 * undefined for `none` and for a family of one, whose intervals are already at that level.
 *
 * Why the sets agree: Holm rejects the k smallest p-values, each p₍ⱼ₎ < α/(m − j + 1), and every p-value
 * it keeps is at least α/(m − k) ≥ α/m; Benjamini–Hochberg selects exactly the p-values below Rα/m, and every
 * unselected one is above (R + 1)α/m ≥ α/m. An interval at level 1 − γ excludes 0 exactly when p < γ.
 *
 * @throws AnalysisError as {@link adjustPValues}, or when `confidence` is not in (0, 1).
 */
export function adjustedIntervalLevels(
  pValues: readonly number[],
  method: PValueAdjustment,
  confidence: number,
): ({ confidence: number; rule: AdjustedIntervalRule } | undefined)[] {
  if (!(confidence > 0 && confidence < 1))
    throw new AnalysisError(`confidence must be between 0 and 1, got ${String(confidence)}`);
  const adjusted = adjustPValues(pValues, method);
  const m = pValues.length;
  if (method === 'none' || m <= 1) return pValues.map(() => undefined);
  const alpha = 1 - confidence;
  const rejected = adjusted.map((p) => p < alpha);
  const count = rejected.filter(Boolean).length;
  if (method === 'benjamini-hochberg') {
    return rejected.map((selected) =>
      selected
        ? { confidence: 1 - (count * alpha) / m, rule: 'fcr-selected' as const }
        : { confidence: 1 - alpha / m, rule: 'bonferroni-unselected' as const },
    );
  }
  const order = pValues.map((_, i) => i).sort((x, y) => (pValues[x] as number) - (pValues[y] as number) || x - y);
  // The first rank of each p-value: tied p-values are rejected together, at the step of the first of them.
  const firstRank = new Map<number, number>();
  order.forEach((i, r) => {
    const p = pValues[i] as number;
    if (!firstRank.has(p)) firstRank.set(p, r + 1);
  });
  return pValues.map((p, i) =>
    rejected[i]
      ? { confidence: 1 - alpha / (m - (firstRank.get(p) as number) + 1), rule: 'holm-rejected' as const }
      : { confidence: 1 - alpha / m, rule: 'holm-kept' as const },
  );
}
