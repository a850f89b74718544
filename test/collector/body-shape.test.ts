import { describe, expect, it } from 'vitest';
import { scanBodyShape } from '../../src/collector/body-shape.js';

const limits = { maxEvents: 3, maxValues: 100, maxEventDepth: 4 };
const scan = (value: unknown, overrides = {}): ReturnType<typeof scanBodyShape> =>
  scanBodyShape(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), { ...limits, ...overrides });

describe('scanBodyShape', () => {
  it('passes a batch within every limit, whatever its strings hold', () => {
    expect(scan({ batchId: 'b', events: [{ id: 'a', note: '[[[[[[{{{{{ "\\" ,,,,' }, { id: 'b' }, {}] })).toEqual({
      kind: 'ok',
      surrogateEscapes: false,
    });
    expect(scan(' { "events" : [ ] } ')).toEqual({ kind: 'ok', surrogateEscapes: false });
  });

  it('counts the items of top-level arrays, however their key is spelled', () => {
    expect(scan({ events: [1, 2, 3, 4] })).toEqual({ kind: 'too-many-events' });
    expect(scan('{"\\u0065vents":[{},{},{},{}]}')).toEqual({ kind: 'too-many-events' });
    expect(scan({ events: [1, 2, 3], other: [1, 2, 3] })).toEqual({ kind: 'ok', surrogateEscapes: false });
  });

  it('tells whether a string or key escapes a UTF-16 surrogate (either case), the only way to send an unpaired one', () => {
    const escapes = (text: string): unknown => (scan(text) as { surrogateEscapes?: boolean }).surrogateEscapes;
    expect(['{"events":["\\ud800"]}', '{"events":[{"k\\uDFFF":1}]}', '{"a":"\\uDbFf"}'].map(escapes)).toEqual([
      true,
      true,
      true,
    ]);
    // Not surrogates: other escapes, Hangul just below them, an escaped backslash before "ud800", raw emoji.
    expect(['{"a":"\\u00e9\\n"}', '{"a":"\\ud7a3"}', '{"a":"\\\\ud800"}', '{"a":"🧪","ud800":1}'].map(escapes)).toEqual(
      [false, false, false, false],
    );
  });

  it('counts values, not keys', () => {
    expect(scan({ events: [{ a: 1, b: 2 }] }, { maxValues: 5 })).toEqual({ kind: 'ok', surrogateEscapes: false });
    expect(scan({ events: [{ a: 1, b: 2, c: 'x' }] }, { maxValues: 5 })).toEqual({ kind: 'too-many-values' });
  });

  it('names the event nested too deep, with its id when it came first', () => {
    expect(scan({ events: [{ id: 'ok' }, { id: 'deep\\"one', m: { a: { b: {} } } }] })).toEqual({
      kind: 'ok',
      surrogateEscapes: false,
    });
    expect(scan({ events: [{ id: 'ok' }, { id: 'deep"one', m: { a: { b: { c: {} } } } }] })).toEqual({
      kind: 'too-deep',
      index: 1,
      rawId: '"deep\\"one"',
    });
    expect(scan({ events: [{ m: { a: { b: { c: [] } } }, id: 'late' }] })).toEqual({
      kind: 'too-deep',
      index: 0,
      rawId: undefined,
    });
    expect(scan({ events: [{ id: 'x'.repeat(300), m: [[[[]]]] }] })).toEqual({
      kind: 'too-deep',
      index: 0,
      rawId: undefined,
    });
    expect(scan({ sdk: [[[[[[]]]]]] })).toEqual({ kind: 'too-deep', index: undefined, rawId: undefined });
  });

  it('stops at the limit on a body nested 500,000 deep', () => {
    const body = `{"events":[${'['.repeat(500_000)}${']'.repeat(500_000)}]}`;
    expect(scan(body)).toEqual({ kind: 'too-deep', index: 0, rawId: undefined });
  });
});
