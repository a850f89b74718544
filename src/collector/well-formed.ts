/**
 * Unpaired UTF-16 surrogates in accepted events. Valid JSON may hold one
 * (`"\ud83d"`, what `JSON.stringify` writes for an emoji cut in half), but
 * no UTF-8 system can: PostgreSQL refuses it, DuckDB's JSON reader drops the
 * whole line, `TextEncoder` and the SDK's bucketing hash read it as U+FFFD.
 * The collector replaces each one with U+FFFD in every string and key of an
 * event, so every store and analysis engine sees the same text. An event's
 * `id` is not altered (two distinct ids could become one): batch-check.ts
 * refuses such an id instead.
 */

// `isWellFormed` and `toWellFormed` are ES2024 (Node 20 has them); the project's library is ES2022.
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** Whether `text` holds no unpaired surrogate (one call into the engine; a one-byte string needs no scan). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as WellFormedString).isWellFormed();
}

function toWellFormed(text: string): string {
  return (text as unknown as WellFormedString).toWellFormed();
}

// Depth is bounded before anything walks an event (the collector's shape scan), so recursion is safe.
function holdsOnlyWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return isWellFormed(value);
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!holdsOnlyWellFormed(item)) return false;
    return true;
  }
  // for…in allocates nothing; an inherited enumerable key (a polluted prototype) only costs a needless copy.
  for (const key in value) {
    if (!isWellFormed(key) || !holdsOnlyWellFormed((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function rebuilt(value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(rebuilt);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // Defined, not assigned: a `__proto__` key stays a key. Two keys that become one keep the first's place and
    // the last's value, as JSON.parse does with a repeated key.
    Object.defineProperty(copy, toWellFormed(key), {
      value: rebuilt((value as Record<string, unknown>)[key]),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * `event` itself when none of its strings or keys (at any depth) holds an
 * unpaired surrogate, else a copy with each replaced by U+FFFD; `event` is
 * never changed.
 */
export function wellFormedEvent<T extends object>(event: T): T {
  return holdsOnlyWellFormed(event) ? event : (rebuilt(event) as T);
}
