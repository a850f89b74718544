/**
 * Where a JSON text stops being JSON, as a line and column. `JSON.parse`
 * names a position only for some errors (Node 20 says "Unexpected token 'x'"
 * with none), so a small scanner finds the first offending character itself.
 */

/** A JSON syntax error located in its text (line and column count from 1). */
export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const failure = scan(text);
  return failure === undefined ? undefined : { ...lineAndColumn(text, failure.offset), message: failure.message };
}

/** Line and column (from 1) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** What the scanner expects next; the stack of containers replaces recursion (deep documents do not overflow). */
type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end';

function scan(text: string): { offset: number; message: string } | undefined {
  const stack: ('[' | '{')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (what: string) => ({
    offset: i,
    message:
      i >= text.length ? `unexpected end of input, expected ${what}` : `expected ${what}, got ${describe(text[i]!)}`,
  });
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    if (stack.length === 0 && expect === 'comma-or-end') {
      return i < text.length
        ? { offset: i, message: `unexpected ${describe(text[i]!)} after the end of the document` }
        : undefined;
    }
    if (i >= text.length) return fail(expectation(expect, stack));
    const char = text[i]!;
    switch (expect) {
      case 'value':
      case 'value-or-end': {
        if (expect === 'value-or-end' && char === ']') {
          stack.pop();
          i++;
          expect = 'comma-or-end';
          break;
        }
        if (char === '[' || char === '{') {
          stack.push(char);
          i++;
          expect = char === '[' ? 'value-or-end' : 'key-or-end';
          break;
        }
        const end = matchAt(
          char === '"' ? STRING : char === '-' || (char >= '0' && char <= '9') ? NUMBER : LITERAL,
          text,
          i,
        );
        if (end === undefined)
          return fail(char === '"' ? 'a complete string (a control character or bad escape inside?)' : 'a value');
        i = end;
        expect = 'comma-or-end';
        break;
      }
      case 'key':
      case 'key-or-end': {
        if (expect === 'key-or-end' && char === '}') {
          stack.pop();
          i++;
          expect = 'comma-or-end';
          break;
        }
        const end = char === '"' ? matchAt(STRING, text, i) : undefined;
        if (end === undefined) return fail('a double-quoted property name');
        i = end;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (char !== ':') return fail("':' after the property name");
        i++;
        expect = 'value';
        break;
      case 'comma-or-end': {
        const open = stack[stack.length - 1]!;
        const close = open === '[' ? ']' : '}';
        if (char === ',') {
          i++;
          expect = open === '[' ? 'value' : 'key';
        } else if (char === close) {
          stack.pop();
          i++;
        } else {
          return fail(`',' or '${close}'`);
        }
        break;
      }
    }
  }
}

/** Where the JSON string literal that starts at `at` ends (the offset after its closing quote), or undefined. */
export function stringEnd(text: string, at: number): number | undefined {
  return matchAt(STRING, text, at);
}

function matchAt(pattern: RegExp, text: string, at: number): number | undefined {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : undefined;
}

function expectation(expect: Expect, stack: readonly string[]): string {
  if (expect === 'comma-or-end') return `',' or '${stack[stack.length - 1] === '[' ? ']' : '}'}'`;
  if (expect === 'colon') return "':'";
  return expect.startsWith('key') ? 'a double-quoted property name' : 'a value';
}

function describe(char: string): string {
  const code = char.codePointAt(0)!;
  return code < 0x20 ? `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `'${char}'`;
}
