import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html.js';
import { forestPlot, ticks } from '../../src/report/forest-plot.js';
import { HOSTILE, SAMPLE_REPORT, SOUND_SAMPLE_REPORT } from './sample-report.js';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Checks that every non-void tag is closed in order; returns the problems found. */
function tagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, rawName = '', selfClosing] = match;
    const name = rawName.toLowerCase();
    if (VOID.has(name) || selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`unexpected </${name}> at ${match.index}`);
  }
  return [...problems, ...stack.map((name) => `unclosed <${name}>`)];
}

describe('HTML report', () => {
  const html = renderHtmlReport(SAMPLE_REPORT);

  it('is a complete document whose tags all balance', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(tagProblems(html)).toEqual([]);
  });

  it('is self-contained: no scripts, no URLs, nothing fetched', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import|@font-face/i);
  });

  it('escapes every string taken from the data', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<b>odd</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('zero &amp; &lt;b&gt;odd&lt;/b&gt;');
  });

  it('escapes even fields typed as enums, for reports read back from JSON', () => {
    const forged = structuredClone(SAMPLE_REPORT) as unknown as {
      verdict: { decision: string };
      srm: { threshold: unknown };
    };
    forged.verdict.decision = `"><script>x</script>`;
    forged.srm.threshold = '<script>y</script>';
    const page = renderHtmlReport(forged as unknown as typeof SAMPLE_REPORT);
    expect(page).not.toMatch(/<script/i);
    expect(tagProblems(page)).toEqual([]);
  });

  it('draws one forest plot per metric and per metric in each segment breakdown', () => {
    expect(html.match(/<svg /g)?.length).toBe(2 + 2);
    expect(html).toMatch(/<svg[^>]*aria-label="Relative lift of purchase against control"/);
  });

  it('shows the verdict, SRM, guardrails, power hint, segments and notes', () => {
    expect(html).toContain('<div class="decision">INVALID</div>');
    expect(html).toContain('Sample ratio mismatch');
    // The sample's split is a mismatch: no guardrail state is read, and no row is coloured or marked.
    expect(html).toContain('latency in green: <span class="pill neutral">untrusted (sample ratio mismatch)</span>');
    expect(html).not.toMatch(/▲|▼|pill (worse|better)|<td class="(l )?(worse|better)">/);
    const trusted = renderHtmlReport(SOUND_SAMPLE_REPORT);
    expect(trusted).toContain('latency in green: <span class="pill worse">hurt</span>');
    expect(html).toContain('152,000 units per group');
    expect(html).toContain('<h2>Segments by country</h2>');
    expect(html).toContain('Variants inferred from exposures');
    expect(html).toContain('+11.9%');
  });
});

describe('forest plot', () => {
  const svg = forestPlot(
    [
      { label: 'green', estimate: 0.1, ci: [0.02, 0.18], outcome: 'better' },
      { label: 'wide', estimate: 0.2, ci: [-1.5, 3], outcome: 'neutral' },
      { label: 'thin', missing: 'too few units' },
    ],
    'lift',
  );

  it('draws the zero line, a dot and a bar per row, and arrows where an interval runs off the plot', () => {
    expect(svg.match(/class="zero"/g)?.length).toBe(1);
    expect(svg.match(/<circle /g)?.length).toBe(2);
    expect(svg.match(/class="ci"/g)?.length).toBe(2);
    expect(svg.match(/<polygon /g)?.length).toBe(2);
    expect(svg).toContain('not enough data');
    expect(tagProblems(svg)).toEqual([]);
  });

  it('puts each dot inside its bar and zero between the ends of an interval that spans it', () => {
    const zero = Number(/<line x1="([\d.]+)"[^>]*class="zero"/.exec(svg)?.[1]);
    const bars = [
      ...svg.matchAll(/<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)" y2="[\d.]+" stroke="[^"]+" class="ci"\/>/g),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    const dots = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    bars.forEach(([a = 0, b = 0], i) => {
      expect(dots[i]).toBeGreaterThanOrEqual(a);
      expect(dots[i]).toBeLessThanOrEqual(b);
    });
    const [first] = bars;
    expect(zero).toBeLessThan(first?.[0] ?? 0);
    expect(zero).toBeGreaterThan(bars[1]?.[0] ?? Infinity);
  });

  it('picks round ticks covering the range', () => {
    expect(ticks(-0.1, 0.3)).toEqual([-0.1, 0, 0.1, 0.2, 0.3]);
    expect(ticks(-1.08, 1.08)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(ticks(-0.013, 0.004)).toEqual([-0.0125, -0.01, -0.0075, -0.005, -0.0025, 0, 0.0025]);
  });
});
