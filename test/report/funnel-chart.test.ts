import { describe, expect, it } from 'vitest';
import type { FunnelStepResult } from '../../src/analysis/index.js';
import { funnelChart } from '../../src/report/funnel-chart.js';

const steps: FunnelStepResult[] = [
  {
    step: 1,
    event: 'view',
    variants: [
      { variant: 'control', reached: 50, share: 0.5 },
      { variant: 'green', reached: 60, share: 0.6 },
    ],
  },
  {
    step: 2,
    event: '<script>alert(1)</script>',
    variants: [
      { variant: 'control', reached: 10, share: 0.1, stepConversion: 0.2 },
      { variant: 'g&"reen', reached: 0, share: 0, stepConversion: 0 },
    ],
  },
];

describe('funnel chart', () => {
  const svg = funnelChart(steps, 'Funnel "checkout"');

  it('draws one bar per variant and step, its height the share of units', () => {
    const bars = [
      ...svg.matchAll(
        /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="[^"]+"><title>([^<]*)<\/title>/g,
      ),
    ];
    expect(bars.map((b) => b[3])).toEqual([
      'control, step 1 view: 50 units, 50.00%',
      'green, step 1 view: 60 units, 60.00%',
      'control, step 2 &lt;script&gt;alert(1)&lt;/script&gt;: 10 units, 10.00%',
      'g&amp;&quot;reen, step 2 &lt;script&gt;alert(1)&lt;/script&gt;: 0 units, 0.00%',
    ]);
    const heights = bars.map((b) => Number(b[2]));
    // The plot is 200 px high: 50% → 100 px, 60% → 120 px, 10% → 20 px, 0% → 0.
    expect(heights).toEqual([100, 120, 20, 0]);
  });

  it('is self-contained and escapes every text', () => {
    expect(svg.startsWith('<svg class="funnel"')).toBe(true);
    expect(svg).toContain('aria-label="Funnel &quot;checkout&quot;"');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toMatch(/href|https?:|url\(/);
  });
});
