/**
 * Attribute lookup by dotted path (`"address.country"`). A path is split once
 * at compile time; the compiled test walks it with no allocation.
 */
import type { ValueTest } from './types.js';

/**
 * Reads one property of an object the way conditions see it: a missing step
 * (not an object, or the key is absent or `undefined`) gives `null`, so
 * "missing" and "null" behave the same everywhere.
 */
function readKey(from: unknown, key: string): unknown {
  if (typeof from !== 'object' || from === null) return null;
  return (from as { readonly [key: string]: unknown })[key] ?? null;
}

/**
 * Applies `test` to the value at a dotted path (`null` when it is missing).
 * Every `.` separates two keys (there is no escaping), and array elements are
 * reached by index (`"tags.0"`). Inherited properties are visible, as with
 * the `in` operator.
 */
export function testAtPath(path: string, test: ValueTest): ValueTest {
  const keys = path.split('.');
  return (attributes) => {
    let value = attributes;
    for (let i = 0; i < keys.length && value !== null; i++) value = readKey(value, keys[i] as string);
    return test(value);
  };
}
