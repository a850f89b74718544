/**
 * The decision rules (docs/analysis.md, "Verdict"). Per treatment variant,
 * checked in this order:
 *
 * 1. `invalid`: the sample ratio check flagged a mismatch. Nothing else is trusted.
 * 2. `do not ship`: a guardrail metric, or a primary metric, is significantly worse.
 * 3. `inconclusive`: a guardrail with a non-inferiority margin cannot rule out
 *    harm beyond its margin, or has not enough data to try (the variant cannot
 *    ship, whatever the primaries say).
 * 4. `ship`: at least one primary metric is significantly better.
 * 5. `inconclusive`: anything else (no primary metric, nothing significant, not enough data).
 *
 * Overall: `invalid` on a mismatch; else `ship` when some variant ships (naming
 * it); else `do not ship` when some variant must not ship; else `inconclusive`.
 *
 * Reasons are data ({@link VerdictReason}); the reports put them into words.
 */
import type { Decision, SrmResult, Verdict, VerdictReason, VariantVerdict } from './types.js';
import type { MetricResult } from './metric-result.js';

/** Per-variant verdicts and the overall one. */
export function decide(
  metrics: readonly MetricResult[],
  srm: SrmResult,
  treatments: readonly string[],
): { verdict: Verdict; variantVerdicts: VariantVerdict[] } {
  const variantVerdicts = treatments.map((variant) => decideVariant(variant, metrics, srm));
  if (srm.mismatch)
    return { verdict: { decision: 'invalid', variants: [], reasons: [srmReason(srm)] }, variantVerdicts };
  const pick = (decision: Decision) => variantVerdicts.filter((v) => v.decision === decision);
  for (const decision of ['ship', 'do not ship'] as const) {
    const chosen = pick(decision);
    if (chosen.length > 0) {
      const variants = decision === 'ship' ? chosen.map((v) => v.variant) : [];
      return { verdict: { decision, variants, reasons: chosen.flatMap((v) => v.reasons) }, variantVerdicts };
    }
  }
  return {
    verdict: { decision: 'inconclusive', variants: [], reasons: variantVerdicts.flatMap((v) => v.reasons) },
    variantVerdicts,
  };
}

function decideVariant(variant: string, metrics: readonly MetricResult[], srm: SrmResult): VariantVerdict {
  if (srm.mismatch) return { variant, decision: 'invalid', variants: [], reasons: [srmReason(srm)] };
  const hurt: VerdictReason[] = [];
  const blocked: VerdictReason[] = [];
  const better: VerdictReason[] = [];
  const unknown: VerdictReason[] = [];
  let primaries = 0;
  for (const { metric, variants } of metrics) {
    if (metric.role === 'secondary') continue;
    if (metric.role === 'primary') primaries++;
    const c = variants.find((v) => v.variant === variant)?.comparison;
    if (c === undefined) continue;
    if (c.status !== 'ok') {
      const reason: VerdictReason = {
        kind: 'not enough data',
        metric: metric.key,
        role: metric.role,
        variant,
        reason: c.reason,
      };
      unknown.push(reason);
      // A margin asks for harm beyond it to be ruled out; with no comparison nothing is ruled out.
      if (metric.role === 'guardrail' && metric.nonInferiorityMargin !== undefined) blocked.push(reason);
      continue;
    }
    const numbers = {
      metric: metric.key,
      role: metric.role,
      variant,
      relativeLift: c.relativeLift,
      // With sequential testing the reason quotes the always-valid p-value the decision was made on.
      pValue: c.sequential?.pValue ?? c.pValue,
      adjustedPValue: c.adjustedPValue,
    };
    if (c.outcome === 'worse') hurt.push({ kind: 'significantly worse', ...numbers });
    else if (c.guardrail?.status === 'fail' && c.guardrail.margin !== undefined) {
      blocked.push({
        kind: 'guardrail margin not met',
        metric: metric.key,
        variant,
        harmBound: c.guardrail.harmBound,
        margin: c.guardrail.margin,
      });
    }
    if (c.outcome === 'better' && metric.role === 'primary') better.push({ kind: 'significantly better', ...numbers });
  }
  if (hurt.length > 0) return { variant, decision: 'do not ship', variants: [], reasons: hurt };
  if (blocked.length > 0) return { variant, decision: 'inconclusive', variants: [], reasons: [...blocked, ...better] };
  if (better.length > 0) {
    // A guardrail or another primary that could not be compared does not block (it was not significantly worse),
    // but the verdict says so: the ship rests on the primaries that had data.
    const unchecked = unknown.filter((r) => r.kind === 'not enough data');
    return { variant, decision: 'ship', variants: [variant], reasons: [...better, ...unchecked] };
  }
  if (primaries === 0)
    return { variant, decision: 'inconclusive', variants: [], reasons: [{ kind: 'no primary metric' }] };
  const primaryUnknown = unknown.filter((r) => r.kind === 'not enough data' && r.role === 'primary');
  const reasons: VerdictReason[] =
    primaryUnknown.length > 0 ? primaryUnknown : [{ kind: 'no significant change', variant }];
  return { variant, decision: 'inconclusive', variants: [], reasons };
}

function srmReason(srm: SrmResult): VerdictReason {
  return {
    kind: 'sample ratio mismatch',
    pValue: srm.status === 'ok' ? srm.pValue : undefined,
    threshold: srm.threshold,
  };
}
