/**
 * SQL form of the funnel metric kind (docs/analysis.md, "Metric kinds"):
 * per unit, which steps it reached in order. Step 1's time t_1 is the
 * earliest counted step-1 event within the window after entry; step k's is the
 * earliest step-k event at or after t_(k−1) (strictly after when step k repeats
 * the event of step k − 1: one event never counts as two steps), still within the window. One join
 * per step (funnels have a few steps), over the counted events of the steps'
 * names only. unit-values.ts joins the result into `sk_values`; the per-variant
 * counts are plain sums there.
 */
import { literal, numberLiteral } from './dialect.js';

/** Column of `sk_values` holding 1 when the unit reached step `s` of metric `k` (0-based), else 0. */
export function funnelStepColumn(k: number, s: number): string {
  return `f${k}_${s}`;
}

/**
 * `CREATE TEMP TABLE sk_funnel<k>`: per unit that reached step 1, `r<s>` = 1
 * when it reached step s (0-based), else 0. Units that reached nothing have
 * no row. `window` (ms after entry) bounds every step; none when undefined.
 */
export function funnelStage(k: number, steps: readonly string[], window: number | undefined): string {
  const names = [...new Set(steps)].map(literal).join(', ');
  const within = window === undefined ? '' : ` AND a.t <= u.entered + ${numberLiteral(window)}`;
  const reach = steps.map((step, s) =>
    s === 0
      ? `s0 AS (SELECT unit_id, min(t) AS t FROM e WHERE event = ${literal(step)} GROUP BY unit_id)`
      : `s${s} AS (SELECT p.unit_id, min(e.t) AS t FROM s${s - 1} p JOIN e ON e.unit_id = p.unit_id AND e.event = ${literal(step)} AND e.t ${steps[s - 1] === step ? '>' : '>='} p.t GROUP BY p.unit_id)`,
  );
  const one = 'CAST(1 AS DOUBLE PRECISION)';
  const zero = 'CAST(0 AS DOUBLE PRECISION)';
  return `CREATE TEMP TABLE sk_funnel${k} AS
WITH e AS (
  SELECT a.unit_id, a.event, a.t FROM sk_attributed a JOIN sk_units u ON u.unit_id = a.unit_id
  WHERE a.event IN (${names}) AND a.t >= u.entered${within}
),
${reach.join(',\n')}
SELECT s0.unit_id${steps
    .map((_, s) => `, ${s === 0 ? one : `CASE WHEN s${s}.t IS NULL THEN ${zero} ELSE ${one} END`} AS r${s}`)
    .join('')}
FROM s0${steps
    .slice(1)
    .map((_, i) => ` LEFT JOIN s${i + 1} ON s${i + 1}.unit_id = s0.unit_id`)
    .join('')}`;
}
