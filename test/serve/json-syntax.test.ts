import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../src/serve/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a":1,}', 1, 8, "expected a double-quoted property name, got '}'"],
    ['{"a":1', 1, 7, "unexpected end of input, expected ',' or '}'"],
    ['{\n"a":x}', 2, 5, "expected a value, got 'x'"],
    ['', 1, 1, 'unexpected end of input, expected a value'],
    ['{"a":1} x', 1, 9, "unexpected 'x' after the end of the document"],
    ['[01]', 1, 3, "expected ',' or ']', got '1'"],
    ['{"a" 1}', 1, 6, "expected ':' after the property name, got '1'"],
    ['[1,\n  2,,]', 2, 5, "expected a value, got ','"],
    ['["a\tb"]', 1, 2, 'expected a complete string'],
  ])('%j: line %i, column %i', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    const found = findJsonSyntaxError(text)!;
    expect([found.line, found.column]).toEqual([line, column]);
    expect(found.message).toContain(message);
  });

  it('finds nothing in any valid JSON, however deep', () => {
    fc.assert(fc.property(fc.json(), (text) => findJsonSyntaxError(text) === undefined));
    expect(findJsonSyntaxError(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeUndefined();
  });

  it('finds an error wherever JSON.parse finds one', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', 'x', '"', ':'), (text, at, insert) => {
        const broken = text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        return (findJsonSyntaxError(broken) === undefined) === valid;
      }),
    );
  });
});
