/**
 * Attribute lookup by dotted path (`"address.country"`). A path is split once
 * at compile time; the reader walks it with no allocation.
 */

/** Reads the value at a precompiled path; `null` when it is missing. */
export type PathReader = (attributes: unknown) => unknown;

/**
 * Reads one property of an object the way conditions see it: a missing step
 * (not an object, or the key is absent or `undefined`) gives `null`, so
 * "missing" and "null" behave the same everywhere.
 */
export function readKey(from: unknown, key: string): unknown {
  if (typeof from !== 'object' || from === null) return null;
  const value = (from as { readonly [key: string]: unknown })[key];
  return value === undefined ? null : value;
}

/**
 * Compiles a dotted path into a reader. Every `.` separates two keys (there is
 * no escaping), and array elements are reached by index (`"tags.0"`).
 * Inherited properties are visible, as with the `in` operator.
 */
export function compilePath(path: string): PathReader {
  const keys = path.split('.');
  const [first, second, third] = keys;
  if (first === undefined) return () => null;
  if (second === undefined) return (attributes) => readKey(attributes, first);
  if (third === undefined) return (attributes) => readKey(readKey(attributes, first), second);
  return (attributes) => {
    let value = attributes;
    for (let i = 0; i < keys.length && value !== null; i++) value = readKey(value, keys[i] as string);
    return value;
  };
}
