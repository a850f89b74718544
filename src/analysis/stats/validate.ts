/**
 * Input checks shared by the stats functions. Each throws an `AnalysisError`
 * whose message names the argument and what is wrong with it.
 */
import { AnalysisError } from '../../errors/index.js';

/** Throws unless `value` is a finite number. */
export function requireFinite(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AnalysisError(`${name} must be a finite number, got ${String(value)}`);
  }
}

/** Throws unless every entry of `values` is a finite number. */
export function requireFiniteValues(values: readonly number[], name: string): void {
  if (!Array.isArray(values)) throw new AnalysisError(`${name} must be an array of numbers`);
  // An index loop, not forEach: forEach skips the holes of a sparse array, which then read as undefined.
  for (let i = 0; i < values.length; i++) requireFinite(values[i] as number, `${name}[${i}]`);
}

/** Throws unless 0 < `value` < 1 (a probability strictly inside the unit interval). */
export function requireOpenUnit(value: number, name: string): void {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new AnalysisError(`${name} must be strictly between 0 and 1, got ${String(value)}`);
  }
}

/** Throws unless 0 ≤ `value` ≤ 1. */
export function requireClosedUnit(value: number, name: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new AnalysisError(`${name} must be between 0 and 1, got ${String(value)}`);
  }
}

/** Throws unless `value` > 0 (NaN fails; +Infinity passes). */
export function requirePositive(value: number, name: string): void {
  if (typeof value !== 'number' || !(value > 0)) {
    throw new AnalysisError(`${name} must be greater than 0, got ${String(value)}`);
  }
}

/** Throws unless `value` is not NaN (infinities are allowed). */
export function requireNumber(value: number, name: string): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new AnalysisError(`${name} must be a number, got ${String(value)}`);
  }
}

/** The confidence level from the options, 0.95 when omitted; throws unless it lies in (0, 1). */
export function confidenceOf(options: { confidence?: number } | undefined): number {
  const confidence = options?.confidence ?? 0.95;
  requireOpenUnit(confidence, 'confidence');
  return confidence;
}
