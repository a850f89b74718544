import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { zonedTime } from '../../src/eval/zoned-time.js';

/** The schema's rule (schema.ts): what parseRuleset accepts. */
const schemaRule = z.iso.datetime({ offset: true });
const schemaAccepts = (text: string): boolean => schemaRule.safeParse(text).success;

/** Date-time-shaped text: each part from a small alphabet that covers the edges (month 13, day 31, hour 24, no zone). */
const dateTimeLike = fc
  .tuple(
    fc.constantFrom('2024', '2025', '1900', '2000', '0000', '999'),
    fc.constantFrom('01', '02', '04', '12', '13', '00', '1'),
    fc.constantFrom('01', '28', '29', '30', '31', '32', '00'),
    fc.constantFrom('T', ' ', 't'),
    fc.constantFrom(
      '00:00:00',
      '23:59:59',
      '24:00:00',
      '12:60:00',
      '12:00',
      '12:00:00.5',
      '12:00:00.123456',
      '12:00:00.',
    ),
    fc.constantFrom('Z', '+02:00', '-11:30', '+24:00', '+02', '+0200', '', 'z', '+02:60'),
  )
  .map((parts) => `${parts[0]}-${parts[1]}-${parts[2]}${parts[3]}${parts[4]}${parts[5]}`);

/** True when the text ends in a zone designator: the only texts whose instant does not depend on the host. */
const namesZone = (text: string): boolean => /(?:Z|[+-]\d\d:\d\d)$/.test(text);

describe('zonedTime (the compiler’s check of schedule times)', () => {
  it('reads a date-time with Z or a ±hh:mm offset, and refuses one without a zone', () => {
    expect(zonedTime('2030-01-01T00:00:00Z')).toBe(Date.UTC(2030, 0, 1));
    expect(zonedTime('2030-01-01T00:00:00+02:00')).toBe(Date.UTC(2029, 11, 31, 22));
    expect(zonedTime('2030-01-01T00:00:00.250-05:30')).toBe(Date.UTC(2030, 0, 1, 5, 30, 0, 250));
    expect(zonedTime('2030-01-01T00:00:00')).toBeNaN();
    expect(zonedTime('2030-01-01')).toBeNaN();
    expect(zonedTime('Tue, 01 Jan 2030 00:00:00 GMT')).toBeNaN();
  });

  it('reads every date-time the schema accepts as the same instant, and nothing without a zone', () => {
    const agrees = (text: string): boolean => {
      const ms = zonedTime(text);
      if (schemaAccepts(text) && ms !== Date.parse(text)) return false;
      return Number.isNaN(ms) || namesZone(text);
    };
    fc.assert(fc.property(dateTimeLike, agrees), { numRuns: 2000 });
    fc.assert(fc.property(fc.string(), agrees), { numRuns: 500 });
  });
});
