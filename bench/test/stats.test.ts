import { describe, expect, it } from 'vitest';
import { binomialTolerance, quantileSorted, summarize } from '../stats.js';
import { formatNumber, formatTable } from '../table.js';

describe('summaries', () => {
  it('interpolates quantiles between closest ranks', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([7], 0.75)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('summarizes unsorted samples without reordering them', () => {
    const samples = [5, 1, 9, 3, 7];
    expect(summarize(samples)).toEqual({ median: 5, q1: 3, q3: 7, min: 1, max: 9, n: 5 });
    expect(samples).toEqual([5, 1, 9, 3, 7]);
  });

  it('gives a z-sigma binomial band', () => {
    // 5 · sqrt(0.2 · 0.8 / 100000) = 5 · 0.0012649…
    expect(binomialTolerance(0.2, 100_000)).toBeCloseTo(0.0063246, 6);
    expect(binomialTolerance(0.5, 10_000, 3)).toBeCloseTo(0.015, 10);
  });
});

describe('tables', () => {
  it('aligns text left and numbers right under a rule', () => {
    const table = formatTable(
      ['sdk', 'ns'],
      [
        ['splitkit', '150'],
        ['GrowthBook', '1,700'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'sdk            ns',
      '----------  -----',
      'splitkit      150',
      'GrowthBook  1,700',
    ]);
  });

  it('formats numbers with separators and a dash for non-finite values', () => {
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(Number.NaN)).toBe('–');
  });
});
