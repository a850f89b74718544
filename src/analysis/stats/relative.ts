/**
 * The relative lift and its delta-method interval, shared by every
 * comparison. With control estimate m_C (variance V_C) and treatment
 * estimate m_T (variance V_T), independent:
 *
 *   lift = (m_T − m_C)/m_C,   Var(m_T/m_C) ≈ V_T/m_C² + m_T²·V_C/m_C⁴,
 *   interval = lift ± z₍₁₊c₎/₂ · √Var.
 */
import { AnalysisError } from '../../errors/index.js';

/** One side's estimate and the variance of that estimate (for a mean: variance/n). */
export interface Estimate {
  value: number;
  variance: number;
}

/** `relativeLift` and `relativeCi` of a comparison. */
export interface RelativeResult {
  relativeLift: number;
  relativeCi: [number, number];
}

/**
 * Relative lift of `treatment` over `control` and its interval with the
 * normal critical value `z`.
 *
 * @throws AnalysisError when the control estimate is 0 (there is no relative change).
 */
export function relativeLift(control: Estimate, treatment: Estimate, z: number): RelativeResult {
  if (control.value === 0) {
    throw new AnalysisError('the control value is 0, so the relative lift is undefined');
  }
  const lift = (treatment.value - control.value) / control.value;
  const ratio = treatment.value / control.value;
  // Written as (V_T + (m_T/m_C)²·V_C)/m_C² so m_C⁴ cannot overflow or underflow.
  const variance = (treatment.variance + ratio * ratio * control.variance) / (control.value * control.value);
  const margin = z * Math.sqrt(variance);
  return { relativeLift: lift, relativeCi: [lift - margin, lift + margin] };
}
