import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { MetricResult } from '../../src/analysis/metric-result.js';
import type { TimelinePoint } from '../../src/analysis/timeline-result.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { timelineChart } from '../../src/report/timeline-chart.js';
import { timelineSentences } from '../../src/report/timeline-text.js';
import { BUTTON, DAY, T0, exposure, seededRandom, track } from '../analysis/fixtures.js';
import { HOSTILE } from './sample-report.js';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

function unbalancedTags(html: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const [, closing, name = '', self] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const tag = name.toLowerCase();
    if (VOID.has(tag) || self) continue;
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) problems.push(tag);
  }
  return [...problems, ...stack];
}

/** 8 days, 40 units a day; green converts better; page_error is rare, so its first days are thin. */
function report() {
  const random = seededRandom(21);
  const exposures = [];
  const events = [];
  for (let i = 0; i < 320; i++) {
    const deviceID = `d${i}`;
    const variant = i % 2 === 0 ? 'control' : 'green';
    const time = T0 + Math.floor((i / 320) * 8 * DAY);
    exposures.push(exposure({ deviceID }, variant, time));
    if (random() < (variant === 'green' ? 0.35 : 0.2)) events.push(track({ deviceID }, 'purchase', time + 60_000));
    if (random() < 0.08) events.push(track({ deviceID }, 'page_error', time + 1000));
  }
  return analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    now: T0 + 30 * DAY,
    timeline: true,
    metrics: [
      { key: 'purchase', kind: 'conversion', role: 'primary' },
      { key: 'page_error', kind: 'conversion', role: 'guardrail', direction: 'decrease' },
      { key: 'clicks', event: 'purchase', kind: 'count' },
    ],
  });
}

describe('timeline chart in the HTML report', () => {
  const result = report();
  const html = renderHtmlReport(result);

  it('draws one chart per metric with a timeline, none for the secondary metric', () => {
    expect(html.match(/<svg class="timeline"/g)?.length).toBe(2);
    expect(html).toContain('aria-label="Cumulative relative lift of purchase against control, by day"');
    expect(html).not.toContain('Cumulative relative lift of clicks');
    expect(html).toMatch(/Over time \(cumulative, by day\): green: day \d+ /);
  });

  it('stays self-contained: no scripts, no URLs, balanced tags', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import|@font-face/i);
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('draws a dot per day with a comparison and a grey mark per day without, never an interval there', () => {
    for (const metric of result.metrics.filter((m) => m.timeline)) {
      const svg = timelineChart(metric, 'control');
      const points = metric.timeline ?? [];
      const ok = points.filter((p) => p.comparisons[0]?.status === 'ok').length;
      expect(svg.match(/<circle [^>]*fill="#0969da"|<circle [^>]*stroke="#0969da"/g)?.length ?? 0).toBe(ok);
      // One mark per missing day plus the legend's.
      expect(svg.match(/class="nodata"/g)?.length).toBe(points.length - ok + 1);
    }
    const thin = result.metrics[1]?.timeline ?? [];
    expect(thin[0]?.comparisons[0]?.status).toBe('not enough data');
    expect(thin.some((p) => p.comparisons[0]?.status === 'ok')).toBe(true);
  });

  it('labels the days and draws the zero line once', () => {
    const svg = timelineChart(result.metrics[0] as MetricResult, 'control');
    expect(svg.match(/class="zero"/g)?.length).toBe(1);
    expect(svg).toContain('>1</text>');
    expect(svg).toContain(`>${result.timeline?.days}</text>`);
    expect(svg).toContain('day since the first exposure (24 h each)');
  });

  it('escapes variant names', () => {
    const metric = structuredClone(result.metrics[0]) as MetricResult;
    for (const p of metric.timeline ?? []) for (const c of p.comparisons) c.variant = HOSTILE;
    const svg = timelineChart(metric, 'control');
    expect(svg).not.toContain('<script>');
    expect(unbalancedTags(svg)).toEqual([]);
  });

  it('renders nothing for a metric without a timeline', () => {
    expect(timelineChart(result.metrics[2] as MetricResult, 'control')).toBe('');
  });
});

describe('timeline of a CUPED-adjusted metric', () => {
  it('says its lifts are unadjusted, so a last day that differs from the table is not read as an error', () => {
    const plain = points([0.3, 0.2, 0.2], [0, 0.4]);
    const adjusted: MetricResult = {
      ...plain,
      cuped: { status: 'adjusted', theta: 0.5, varianceReduction: 0.4, lookback: DAY, unitsWithPreExposureData: 9 },
    };
    const note = '(not CUPED-adjusted, unlike the comparison in the table, so its last day differs from it)';
    expect(timelineSentences(adjusted)).toEqual([...timelineSentences(plain), note]);
    expect(timelineSentences(plain).join()).not.toContain('CUPED');
  });
});

describe('timeline in the terminal report', () => {
  it('adds one line per metric and treatment within 100 columns', () => {
    const text = renderTerminalReport(report());
    expect(text).toContain('Over time (cumulative lift by day since the first exposure, 8 days)');
    expect(text).toMatch(/ {2}purchase green: day \d+ [+−][\d.]+% \[/);
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
  });
});

function points(lifts: (number | undefined)[], last: [number, number]): MetricResult {
  const timeline: TimelinePoint[] = lifts.map((lift, i) => ({
    day: i + 1,
    end: T0 + (i + 1) * DAY,
    date: '',
    variants: [],
    comparisons: [
      lift === undefined
        ? { variant: 'green', status: 'not enough data', reason: 'thin' }
        : {
            variant: 'green',
            status: 'ok',
            difference: 0,
            ci: [0, 0],
            relativeLift: lift,
            relativeCi: i === lifts.length - 1 ? last : [lift - 0.5, lift + 0.5],
            pValue: 0.5,
            alwaysValid: false,
          },
    ],
  }));
  return { metric: report().metrics[0]?.metric as MetricResult['metric'], variants: [], timeline };
}

describe('timeline sentences', () => {
  it('reads steady once the lift stays within a quarter of the last interval width for 3 days', () => {
    // Last interval [0.0, 0.4]: tolerance 0.1 around 0.2.
    expect(timelineSentences(points([0.9, 0.6, 0.25, 0.15, 0.2], [0, 0.4]))).toEqual([
      'green: day 1 +90.0% [+40.0%, +140.0%] → day 5 +20.0% [±0.0%, +40.0%], steady since day 3',
    ]);
    expect(timelineSentences(points([0.9, 0.6, 0.5, 0.35, 0.2], [0, 0.4]))[0]).toMatch(/still moving$/);
  });

  it('says when the days are too few, the data too thin, or the interval unbounded', () => {
    expect(timelineSentences(points([0.3, 0.2], [0, 0.4]))[0]).toMatch(/too early to tell/);
    expect(timelineSentences(points([undefined, undefined], [0, 0]))).toEqual([
      'green: not enough data on any of the 2 days',
    ]);
    expect(timelineSentences(points([0.3, 0.2, undefined], [0, 0]))[0]).toMatch(/→ day 3 not enough data$/);
    expect(timelineSentences(points([0.3, 0.2, 0.2], [0, Infinity]))[0]).toMatch(/still unbounded$/);
  });
});
