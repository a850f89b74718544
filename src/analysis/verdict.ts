/**
 * The decision rules (docs/analysis.md, "Verdict"). Per treatment variant,
 * checked in this order:
 *
 * 1. `invalid`: the sample ratio check flagged a mismatch. Nothing else is trusted.
 * 2. `do not ship`: a guardrail metric, or a primary metric, is significantly worse.
 * 3. `ship`: at least one primary metric is significantly better.
 * 4. `inconclusive`: anything else (no primary metric, nothing significant, not enough data).
 *
 * Overall: `invalid` on a mismatch; else `ship` when some variant ships (naming
 * it); else `do not ship` when some variant must not ship; else `inconclusive`.
 */
import type { Decision, MetricResult, SrmResult, Verdict, VariantVerdict } from './types.js';
// The verdict's numbers read as the report's tables print them.
import { formatLift, formatP } from '../report/format.js';

/** Per-variant verdicts and the overall one. */
export function decide(
  metrics: readonly MetricResult[],
  srm: SrmResult,
  treatments: readonly string[],
): { verdict: Verdict; variantVerdicts: VariantVerdict[] } {
  const variantVerdicts = treatments.map((variant) => decideVariant(variant, metrics, srm));
  if (srm.mismatch) return { verdict: { decision: 'invalid', variants: [], reasons: srmReasons(srm) }, variantVerdicts };
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
  if (srm.mismatch) return { variant, decision: 'invalid', variants: [], reasons: srmReasons(srm) };
  const hurt: string[] = [];
  const better: string[] = [];
  const unknown: string[] = [];
  let primaries = 0;
  for (const { metric, variants } of metrics) {
    if (metric.role === 'secondary') continue;
    if (metric.role === 'primary') primaries++;
    const c = variants.find((v) => v.variant === variant)?.comparison;
    if (c === undefined) continue;
    if (c.status !== 'ok') {
      if (metric.role === 'primary') unknown.push(`primary metric ${metric.key} has not enough data in ${variant}: ${c.reason}`);
      continue;
    }
    const what = `${metric.role} metric ${metric.key}`;
    const numbers = `${formatLift(c.relativeLift)}, p = ${formatP(c.pValue)}`;
    if (c.outcome === 'worse') hurt.push(`${what} is significantly worse in ${variant} (${numbers})`);
    if (c.outcome === 'better' && metric.role === 'primary') better.push(`${what} is significantly better in ${variant} (${numbers})`);
  }
  if (hurt.length > 0) return { variant, decision: 'do not ship', variants: [], reasons: hurt };
  if (better.length > 0) return { variant, decision: 'ship', variants: [variant], reasons: better };
  if (primaries === 0) return { variant, decision: 'inconclusive', variants: [], reasons: ['no primary metric was defined'] };
  const reasons = unknown.length > 0 ? unknown : [`no primary metric moved significantly in ${variant}`];
  return { variant, decision: 'inconclusive', variants: [], reasons };
}

function srmReasons(srm: SrmResult): string[] {
  const p = srm.status === 'ok' ? formatP(srm.pValue) : '?';
  return [`sample ratio mismatch (p = ${p} < ${srm.threshold}): units are not split as the weights say, so no comparison can be trusted`];
}
