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
  // Each HTTP date form names a weekday or month, then a time hh:mm:ss. Requiring both keeps out what
  // Date.parse reads as some day long past ("-5", "soon 2"), which would mean retrying at once.
  if (!/[a-z].*\d\d:\d\d:\d\d/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
