import { describe, expect, it } from 'vitest';
import { renderTerminalReport, useColor } from '../../src/report/terminal.js';
import { renderTable } from '../../src/report/text-table.js';
import {
  formatCount,
  formatDifference,
  formatLift,
  formatPercent,
  formatP,
  formatPAdjusted,
  formatValue,
  powerSentence,
} from '../../src/report/format.js';
import type { ComparisonResult } from '../../src/analysis/comparison-result.js';
import { SAMPLE_REPORT, SOUND_SAMPLE_REPORT } from './sample-report.js';

const stripAnsi = (text: string) => text.replace(/\u001b\[\d+m/g, '');

describe('terminal report', () => {
  const plain = renderTerminalReport(SAMPLE_REPORT);
  // The sample's split is a mismatch, so its rows read "untrusted"; the same report with a sound split
  // shows the marks.
  const trusted = renderTerminalReport(SOUND_SAMPLE_REPORT);
  const lines = trusted.split('\n');

  it('is plain text unless colour is asked for', () => {
    expect(plain).not.toContain('\u001b[');
    const sound = SOUND_SAMPLE_REPORT;
    const colored = renderTerminalReport(sound, { color: true });
    expect(colored).toContain('\u001b[31m');
    // Colour never moves a column.
    expect(stripAnsi(colored)).toBe(trusted);
  });

  it('prints control characters from stored data as escapes, never as terminal control sequences', () => {
    // Anyone who can send events chooses segment values: ESC ] 0 ; … BEL would retitle the analyst's terminal.
    const title = '\u001b]0;owned\u0007';
    const hostile = structuredClone(SAMPLE_REPORT);
    const segment = hostile.segments[0]!.values[0]!;
    segment.value = `${title}FR`;
    hostile.notes = ['line one\nline two', 'RTL \u202e override'];
    hostile.experiment.control = 'red\u009b31m';
    const text = renderTerminalReport(hostile);
    // (Segment labels are cut to a column width.)
    expect(text).toContain('\\u001b]0;own…');
    expect(text).toContain('line one\\u000aline two');
    expect(text).toContain('RTL \\u202e override');
    expect(text).toContain('control red\\u009b31m');
    // Nothing but the newlines that end lines: no ESC, BEL, C1 or bidi control in the output at all.
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const colored = renderTerminalReport(hostile, { color: true });
    expect(stripAnsi(colored)).toBe(text);
    // The report itself is left as it was.
    expect(segment.value).toBe(`${title}FR`);
  });

  it('colours only terminals', () => {
    expect(useColor({ isTTY: true })).toBe(true);
    expect(useColor({ isTTY: false })).toBe(false);
    expect(useColor({})).toBe(false);
  });

  it('prints the verdict, the SRM line, exclusions and event counts', () => {
    expect(plain).toContain('Verdict: INVALID');
    expect(plain).toMatch(/SRM: MISMATCH {2}χ² = 180\.4, p < 0\.0001 < 0\.001/);
    expect(plain).toContain('Excluded: 3 units in several variants · 1 exposures of unknown variants');
    expect(plain).toContain('Events: 30,000 counted (120 through identity links)');
  });

  it('prints one aligned row per variant and metric with CI, lift, p and a marker', () => {
    const header = lines.find((l) => l.startsWith('metric'));
    const green = lines.find((l) => l.includes('green') && l.includes('+11.9%'));
    expect(green).toBeDefined();
    expect(green).toContain('+0.49 pp [+0.12, +0.86]');
    expect(green).toContain('+11.9% [+2.9, +20.9]');
    expect(green).toContain('▲ better');
    // The p column is right-aligned under its header.
    expect(green?.indexOf('0.0093') ?? -1).toBeGreaterThan(0);
    expect((header?.indexOf('p (adj.)') ?? 0) + 'p (adj.)'.length).toBe(
      (green?.indexOf('0.0093') ?? 0) + '0.0093'.length,
    );
    expect(lines.some((l) => l.includes('▼ worse') && l.includes('+8.4%'))).toBe(true);
    // Under the mismatch the same rows are not marked.
    expect(plain).not.toMatch(/▲|▼/);
    expect(plain.split('\n').find((l) => l.includes('green') && l.includes('+11.9%'))).toMatch(/untrusted$/);
    // A missing comparison says so with a numbered reason under the table.
    expect(plain).toMatch(/not enough data \[1\]/);
    expect(plain).toContain('[1] the control rate is zero');
  });

  it('stays within 100 columns, wrapping long reasons and notes', () => {
    const long = { ...SAMPLE_REPORT, notes: [`${'word '.repeat(60)}end`] };
    for (const line of renderTerminalReport(long).split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
  });

  it("states each metric's definition, the legend and the exploratory label", () => {
    expect(plain).toContain('Definitions');
    expect(plain).toMatch(
      /purchase \(conversion, primary\): share of units that tracked "purchase" at least once; events from\s+each unit's first exposure/,
    );
    expect(trusted).toContain('▲/▼ significant at 95% after adjustment');
    expect(plain).toMatch(/untrusted: sample ratio mismatch, so no row is marked significant or not/);
  });

  it('lists guardrails with what they rule out, the power hint, segments and notes', () => {
    expect(trusted).toContain(
      'latency in green: HURT: no harm larger than +9.0% at 95% (margin +2.0%); +8.4%, p < 0.0001',
    );
    expect(trusted).toMatch(
      /latency in <script>.*: no significant harm: no harm larger than \+240\.0% at 95%\s+\(no margin set\)/,
    );
    expect(plain).toContain('latency in green: untrusted (sample ratio mismatch); +8.4%, p < 0.0001');
    expect(plain).not.toMatch(/HURT|no significant harm/);
    expect(plain).toMatch(
      /purchase: 152,000 units per group are needed to detect a 5\.0% relative change with 80% power/,
    );
    expect(plain).toMatch(/roughly 10,270 days more at 1,480 new units per day/);
    expect(plain).toContain('Segments by country (exploratory');
    expect(plain).toContain('  - Variants inferred from exposures with equal weights assumed.');
  });
});

describe('text tables and formats', () => {
  it('pads on plain text so coloured cells line up', () => {
    const rows = renderTable(
      [
        ['a', { text: 'x', style: 'red' }],
        ['bbb', 'yy'],
      ],
      ['l', 'r'],
      true,
    );
    expect(rows.map(stripAnsi)).toEqual(['a     x', 'bbb  yy']);
  });

  it('formats numbers deterministically', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatLift(-0.0234)).toBe('−2.3%');
    expect(formatLift(0)).toBe('±0.0%');
    expect(formatDifference('conversion', 0.0049)).toBe('+0.49 pp');
    expect(formatDifference('sum', -1234.5)).toBe('−1,235');
    expect(formatValue('conversion', 0.0412)).toBe('4.12%');
    expect(formatValue('sum', 12.3456)).toBe('12.35');
    expect(formatValue('ratio', NaN)).toBe('–');
  });

  it('prints an interval end near zero with the digits that show its side, and negatives with a minus sign', () => {
    expect(formatLift(0.0003)).toBe('+0.03%');
    expect(formatLift(-0.00004)).toBe('−0.004%');
    expect(formatLift(1e-9)).toBe('+0.0%');
    expect(formatDifference('conversion', -0.000012)).toBe('−0.001 pp');
    expect(formatPercent(-0.013, 1)).toBe('−1.3%');
    expect(formatPercent(0, 2)).toBe('0.00%');
    expect([0.4321, 0.049, 0.0093, 0.001, 3.14e-6].map(formatP)).toEqual([
      '0.432',
      '0.049',
      '0.0093',
      '0.001',
      '<0.0001',
    ]);
  });

  it('never prints a p-value as a significance level it only rounds to, so its side of the level shows', () => {
    // 0.0499 and 0.0501 both printed "0.050", one beside ▲ and one beside n.s.
    expect([0.0499, 0.0501, 0.04996, 0.10004, 0.00999, 0.0504, 0.05, 0.2].map(formatP)).toEqual([
      '0.0499',
      '0.0501',
      '0.04996',
      '0.10004',
      '0.00999',
      '0.0504',
      '0.050',
      '0.200',
    ]);
    const c = { pValue: 0.012, adjustedPValue: 0.0496 } as ComparisonResult;
    expect(formatPAdjusted(c)).toBe('0.012 (0.0496)');
    expect(formatPAdjusted({ ...c, adjustedPValue: 0.1003 })).toBe('0.012 (0.1003)');
    expect(formatPAdjusted({ ...c, adjustedPValue: 0.034 })).toBe('0.012 (0.034)');
  });

  it('words the power hint for every case', () => {
    const base = {
      status: 'ok',
      metric: 'm',
      minDetectableEffect: 0.05,
      power: 0.8,
      requiredPerGroup: 100,
      currentPerGroup: 150,
    } as const;
    expect(powerSentence({ ...base, additionalPerGroup: 0 })).toContain('every group has enough (150 in the smallest)');
    expect(powerSentence({ ...base, currentPerGroup: 40, additionalPerGroup: 60 })).toContain(
      '60 more in the smallest group (enrollment rate unknown)',
    );
    expect(
      powerSentence({ ...base, currentPerGroup: 40, additionalPerGroup: 60, unitsPerDay: 200, additionalDays: 0.6 }),
    ).toContain('less than a day');
    expect(powerSentence({ status: 'not enough data', metric: 'm', reason: 'zero rate' })).toBe(
      'm: no power estimate (zero rate).',
    );
  });
});
