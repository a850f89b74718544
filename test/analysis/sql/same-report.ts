/** Report equality across engines: exact on whole numbers below 2³² (counts), 1e-9 relative on every other number. */
import { expect } from 'vitest';

function differences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b) || a === b) return;
    // Counts (units, events, values) stay far below 2³²; a larger whole number is a sum or variance that
    // happens to be whole (a variance of 3,212,224,746,020,859 beside ...860 is one rounding apart).
    if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 32) {
      out.push(`${path}: ${a} !== ${b} (a count must match exactly)`);
      return;
    }
    const scale = Math.max(Math.abs(a), Math.abs(b));
    if (Math.abs(a - b) <= 1e-9 * scale) return;
    out.push(`${path}: ${a} vs ${b} (relative difference ${Math.abs(a - b) / scale})`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) differences(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out);
    }
    return;
  }
  if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

/** Fails with every differing path when `actual` is not `expected` within the parity tolerance. */
export function expectSameReport(actual: unknown, expected: unknown): void {
  const out: string[] = [];
  differences(actual, expected, 'report', out);
  expect(out).toEqual([]);
}
