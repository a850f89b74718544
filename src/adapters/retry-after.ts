/**
 * Reads an HTTP `Retry-After` header: either a number of seconds or an
 * HTTP date (RFC 9110 §10.2.3).
 */

/** Milliseconds to wait, or undefined when the header is missing or unreadable. A date in the past gives 0. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  // The RFC allows whole seconds only; fractions are accepted because some servers send them.
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Dates name a weekday or month; requiring a letter keeps strings like "-5" (a year to Date.parse) out.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
