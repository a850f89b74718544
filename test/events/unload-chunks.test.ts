import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chunkEvents, MAX_UNLOAD_BODY_BYTES, utf8Length } from '../../src/events/unload-chunks.js';
import { customEvent } from './helpers.js';

describe('utf8Length', () => {
  it('counts 1 to 4 bytes per code point, and 3 for a lone surrogate (encoded as U+FFFD)', () => {
    expect(utf8Length('')).toBe(0);
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('\ud800')).toBe(3);
    expect(utf8Length('a€😀')).toBe(8);
  });

  it('matches TextEncoder for any string', () => {
    const encoder = new TextEncoder();
    // Whole code points (1 to 4 bytes) mixed with raw UTF-16 units, which include lone surrogates.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 64 }), (text) => {
        expect(utf8Length(text)).toBe(encoder.encode(text).length);
      }),
    );
  });
});

describe('chunkEvents', () => {
  it('keeps every body within the limit, in order, without splitting events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 60 }),
        fc.integer({ min: 50, max: 400 }),
        (sizes, envelope) => {
          const list = sizes.map((size, i) => customEvent(i, { pad: 'é'.repeat(size) }));
          const max = 4096;
          const { _fitting: chunks, _oversized: oversized } = chunkEvents(list, envelope, max);
          for (const chunk of chunks) {
            expect(chunk.length).toBeGreaterThan(0);
            // The exact body: envelope bytes + events joined by commas.
            expect(envelope + utf8Length(chunk.map((e) => JSON.stringify(e)).join(','))).toBeLessThanOrEqual(max);
          }
          expect([...chunks.flat(), ...oversized].map((e) => e.id).sort()).toEqual(list.map((e) => e.id).sort());
          expect(chunks.flat().map((e) => e.id)).toEqual(list.filter((e) => !oversized.includes(e)).map((e) => e.id));
          for (const event of oversized) expect(envelope + utf8Length(JSON.stringify(event))).toBeGreaterThan(max);
        },
      ),
    );
  });

  it('packs greedily: a chunk is closed only when the next event does not fit', () => {
    const list = Array.from({ length: 300 }, (_, i) => customEvent(i, { pad: 'x'.repeat(500) }));
    const { _fitting: chunks } = chunkEvents(list, 120);
    expect(chunks.length).toBeGreaterThan(1);
    for (let i = 0; i + 1 < chunks.length; i++) {
      const body = 120 + utf8Length((chunks[i] ?? []).map((e) => JSON.stringify(e)).join(','));
      const next = utf8Length(JSON.stringify(chunks[i + 1]?.[0]));
      expect(body + 1 + next).toBeGreaterThan(MAX_UNLOAD_BODY_BYTES);
    }
  });
});
