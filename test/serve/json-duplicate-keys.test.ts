import { describe, expect, it } from 'vitest';
import { duplicateKeys } from '../../src/serve/json-duplicate-keys.js';

describe('duplicateKeys', () => {
  it('names each repeated key by its path, with where it came first and again', () => {
    const text = '{\n  "gates": {\n    "checkout": {"rules": []},\n    "checkout": {"rules": [], "rules": [1]}\n  }\n}';
    expect(duplicateKeys(text)).toEqual([
      { path: 'gates.checkout', first: { line: 3, column: 5 }, again: { line: 4, column: 5 } },
      { path: 'gates.checkout.rules', first: { line: 4, column: 18 }, again: { line: 4, column: 31 } },
    ]);
  });

  it('follows array indexes, decodes escaped keys and quotes keys that are not identifiers', () => {
    const text = JSON.stringify({ a: [{}, { 'b c': 1 }] }).replace('"b c":1', '"b c":1,"b\\u0020c":2');
    expect(duplicateKeys(text).map((duplicate) => duplicate.path)).toEqual(['a[1]["b c"]']);
  });

  it('finds nothing in keys that repeat only across objects, or in values and keys that look alike', () => {
    expect(
      duplicateKeys(
        '{"a":{"x":1},"b":{"x":1},"c":["a","a"],"d":"e","e":"d","f":{"g":"}{,\\"g\\":"},"g":[{"h":1},{"h":2}]}',
      ),
    ).toEqual([]);
  });
});
