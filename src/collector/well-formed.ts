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

// Recursion is safe: the one caller, checkBatch, runs on bodies the collector's shape scan bounded in depth.
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

/** Two keys of one object that become one when repaired: the path of the key they become. */
class KeyCollision {
  constructor(readonly path: PropertyKey[]) {}
}

function rebuilt(value: unknown, path: PropertyKey[]): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item, index) => rebuilt(item, [...path, index]));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const repaired = toWellFormed(key);
    // Keeping either value would silently lose the other (one of them possibly a key that was fine).
    if (Object.hasOwn(copy, repaired)) throw new KeyCollision([...path, repaired]);
    // Defined, not assigned: a `__proto__` key stays a key.
    Object.defineProperty(copy, repaired, {
      value: rebuilt((value as Record<string, unknown>)[key], [...path, key]),
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
 * never changed. When two keys of one object would become one, the event
 * cannot be repaired without losing a value: returns that key's path within
 * the event instead (an array), for the batch's issue.
 */
export function wellFormedEvent<T extends object>(event: T): T | PropertyKey[] {
  if (holdsOnlyWellFormed(event)) return event;
  try {
    return rebuilt(event, []) as T;
  } catch (error) {
    if (error instanceof KeyCollision) return error.path;
    throw error;
  }
}
