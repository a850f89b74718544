/**
 * Attribute lookup by dotted path (`"address.country"`). A path is split once
 * at compile time; the compiled test walks it with no allocation.
 */
import type { ValueTest } from './types.js';

/**
 * Reads one own property of an object the way conditions see it: a missing
 * step (not an object, or the key is absent, inherited or `undefined`) gives
 * `null`, so "missing" and "null" behave the same everywhere. Own properties
 * only: `toString`, `constructor` or `__proto__` on a plain object are not
 * attributes.
 */
function readKey(from: unknown, key: string): unknown {
  return typeof from === 'object' && from !== null && Object.hasOwn(from, key)
    ? ((from as { readonly [key: string]: unknown })[key] ?? null)
    : null;
}

/**
 * Applies `test` to the value at a dotted path (`null` when it is missing).
 * Every `.` separates two keys (there is no escaping), and array elements are
 * reached by index (`"tags.0"`). Inherited properties (a class's getters,
 * `Object.prototype`'s members) are not.
 */
export function testAtPath(path: string, test: ValueTest): ValueTest {
  const keys = path.split('.');
  return (attributes) => {
    let value = attributes;
    for (let i = 0; i < keys.length && value !== null; i++) value = readKey(value, keys[i] as string);
    return test(value);
  };
}
