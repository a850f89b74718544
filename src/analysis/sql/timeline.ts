/**
 * SQL form of the effects over time (option `timeline`; timeline.ts is the
 * in-memory side and the definition): for each day D since the first valid
 * exposure, the units enrolled by start + D × 24 h (a unit that later shows up
 * in a second variant counts until then) with their events up to then, events
 * reached through identity links going to the unit the links pick among the
 * units enrolled by that day. The stages:
 *
 * 1. `sk_tl_units`: every unit with a valid exposure, its entry, variant and
 *    the time another variant first showed up (`conflict_at`, NULL: never);
 * 2. `sk_tl_span`: start, days, and the day enrollment stops changing;
 *    `sk_tl_days`: one row per day with its end (`cutoff`);
 * 3. `sk_tl_events` → `sk_tl_cells`: per unit and day, the change in each
 *    event's count and sum: direct events on their day, and linked events
 *    where their owner changes (+ to the new owner, − to the old one);
 * 4. `sk_tl_running` → `sk_tl_values`: per unit its running tallies from each
 *    day with a change; per day and enrolled unit each metric's value;
 *    `sk_tl_caps`: per-day winsorization thresholds;
 * 5. the query: per day and variant, the statistics the final comparison uses.
 *
 * Rows grow with enrolled units × days (as the in-memory timeline's work does);
 * only days × variants rows reach Node.
 */
import type { VariantAggregate } from '../aggregates.js';
import type { ResolvedOptions } from '../options.js';
import { metricEventNames } from '../metric-values.js';
import { TIMELINE_DAY_MS, timelineMetrics } from '../timeline.js';
import type { TimelineAggregates } from '../timeline.js';
import type { ResolvedMetric } from '../metric-definition.js';
import { capColumns } from './caps.js';
import { linksStage } from './links.js';
import { literal, numberLiteral } from './dialect.js';
import type { SqlDialect } from './dialect.js';

/** A row as an engine returns it. */
type Row = Record<string, unknown>;

/** What the timeline borrows from the main stages (stages.ts), so both compute metric values alike. */
export interface TimelineParts {
  /** The variant's index (0-based) from the text column `variant`. */
  variantIndex: string;
  /** Per-unit value (and ratio denominator) of `metric` over tallies `t.c<i>`, `t.s<i>`. */
  values(metric: ResolvedMetric, names: Map<string, number>): { value: string; denominator?: string };
  /** The statistics columns of `metrics` over `v.m<k>`, `v.d<k>` and caps `c.lo<k>`, `c.hi<k>`. */
  statistics(metrics: ResolvedMetric[]): string[];
}

/** The timeline's stages and its two queries. */
export interface TimelineSql {
  stages: string[];
  /** One row: `start` (NULL without units), `days`, `truncated`. */
  span: string;
  /** Per day and variant: `day`, `variant`, `n` and each timeline metric's statistics. */
  days: string;
}

const DAY = numberLiteral(TIMELINE_DAY_MS);

// Day D holds the times in (start + (D − 1) × 24 h, start + D × 24 h]; day 1 also holds the start itself.
const dayOf = (t: string, start: string) => `GREATEST(1, CEIL((${t} - ${start}) / ${DAY}))`;

/** The timeline's SQL, run after the main stages (it reads `sk_rows`, `sk_exposures` and `sk_events`). */
export function timelineSql(options: ResolvedOptions, dialect: SqlDialect, parts: TimelineParts): TimelineSql {
  const { metrics } = timelineMetrics(options);
  const names = metricEventNames(metrics);
  const nameIndex = new Map(names.map((name, i) => [name, i]));
  const maxDays = numberLiteral(options.timeline?.maxDays ?? 90);
  const nameList = names.map(literal).join(', ');
  // Valid by the analysis bounds (sk_events may read further back for CUPED's pre-period).
  const valid = (e: string) =>
    `${e}.status = 'ok'${options.from === undefined ? '' : ` AND ${e}.t >= ${numberLiteral(options.from)}`}`;
  const latest =
    names.length === 0
      ? 'CAST(NULL AS DOUBLE PRECISION)'
      : `(SELECT max(e.t) FROM sk_events e WHERE ${valid('e')} AND e.event IN (${nameList}))`;
  const perName = (column: (i: number) => string) => names.map((_, i) => column(i)).join('');

  const stages = [
    // The variant of the earliest exposure, and the first time any other variant showed up.
    `CREATE TEMP TABLE sk_tl_units AS
WITH x AS (SELECT unit_id, ${parts.variantIndex} AS variant, t FROM sk_exposures WHERE status = 'ok'),
f AS (SELECT unit_id, min(t) AS entered FROM x GROUP BY unit_id),
v AS (SELECT x.unit_id, min(x.variant) AS variant FROM x JOIN f ON f.unit_id = x.unit_id AND x.t = f.entered GROUP BY x.unit_id),
c AS (SELECT x.unit_id, min(x.t) AS conflict_at FROM x JOIN v ON v.unit_id = x.unit_id WHERE x.variant <> v.variant GROUP BY x.unit_id)
SELECT f.unit_id, f.entered, v.variant, c.conflict_at
FROM f JOIN v ON v.unit_id = f.unit_id LEFT JOIN c ON c.unit_id = f.unit_id`,
    `CREATE TEMP TABLE sk_tl_span AS
SELECT start,
  CASE WHEN start IS NULL THEN 0 ELSE LEAST(${dayOf('GREATEST(latest, last_exposure)', 'start')}, ${maxDays}) END AS days,
  coalesce(${dayOf('GREATEST(latest, last_exposure)', 'start')} > ${maxDays}, false) AS truncated,
  LEAST(${dayOf('last_exposure', 'start')}, ${maxDays}) AS settled
FROM (SELECT (SELECT min(entered) FROM sk_tl_units) AS start,
  (SELECT max(t) FROM sk_exposures WHERE status = 'ok') AS last_exposure,
  ${latest} AS latest) s`,
    `CREATE TEMP TABLE sk_tl_days AS
WITH RECURSIVE d(day) AS (
  SELECT 1 FROM sk_tl_span WHERE days >= 1
  UNION ALL SELECT d.day + 1 FROM d, sk_tl_span s WHERE d.day < s.days
)
SELECT d.day, s.start + CAST(d.day AS DOUBLE PRECISION) * ${DAY} AS cutoff FROM d, sk_tl_span s`,
  ];
  if (names.length > 0) {
    stages.push(
      `CREATE TEMP TABLE sk_tl_events AS
SELECT e.eid, e.event, e.t, coalesce(e.value, CAST(1 AS DOUBLE PRECISION)) AS value, e.direct, e.units,
  ${dayOf('e.t', 's.start')} AS day
FROM sk_events e, sk_tl_span s
WHERE ${valid('e')} AND e.event IN (${nameList}) AND e.t >= s.start AND ${dayOf('e.t', 's.start')} <= ${maxDays}`,
      // Links to every unit with a valid exposure: a unit that conflicts later still owns events before then.
      linksStage('sk_tl_links', 'sk_tl_units', dialect, options.unit),
      `CREATE TEMP TABLE sk_tl_candidates AS
SELECT e.eid, e.t, l.unit_id, l.t AS link_t
FROM sk_tl_events e, ${dialect.entries('e.units', 'x')}, sk_tl_links l
WHERE e.direct IS NULL AND ${dialect.entryIsText('x')}
  AND l.name = ${dialect.entryKey('x')} AND l.other = ${dialect.entryValue('x')}`,
      // Per linked event and day until enrollment settles: the unit its links pick among those enrolled by
      // then (as sk_stitched picks), kept only when the event is not before that unit's entry.
      `CREATE TEMP TABLE sk_tl_owners AS
WITH linked AS (SELECT eid, event, value, day FROM sk_tl_events WHERE eid IN (SELECT eid FROM sk_tl_candidates)),
ranked AS (
  SELECT c.eid, d.day, c.unit_id, c.t, u.entered, row_number() OVER (
    PARTITION BY c.eid, d.day
    ORDER BY CASE WHEN c.link_t <= c.t THEN 0 ELSE 1 END, CASE WHEN c.link_t <= c.t THEN -c.link_t ELSE c.link_t END, c.unit_id
  ) AS rank
  FROM sk_tl_candidates c JOIN sk_tl_units u ON u.unit_id = c.unit_id
  JOIN sk_tl_days d ON u.entered <= d.cutoff AND (u.conflict_at IS NULL OR u.conflict_at > d.cutoff)
)
SELECT e.eid, e.event, e.value, d.day, o.unit_id
FROM linked e CROSS JOIN sk_tl_span s
JOIN sk_tl_days d ON d.day >= e.day AND d.day <= GREATEST(e.day, s.settled)
LEFT JOIN (SELECT eid, day, unit_id FROM ranked WHERE rank = 1 AND t >= entered) o ON o.eid = e.eid AND o.day = d.day`,
      `CREATE TEMP TABLE sk_tl_cells AS
SELECT unit_id, day${perName(
        (i) =>
          `,\n  sum(n) FILTER (WHERE event = ${literal(names[i] ?? '')}) AS c${i}, sum(value) FILTER (WHERE event = ${literal(names[i] ?? '')}) AS s${i}`,
      )}
FROM (
  SELECT u.unit_id, e.day, e.event, 1 AS n, e.value
  FROM sk_tl_events e JOIN sk_tl_units u ON u.unit_id = e.direct WHERE e.t >= u.entered
  UNION ALL
  SELECT unit_id, day, event, 1, value FROM (
    SELECT unit_id, day, event, value, lag(unit_id) OVER (PARTITION BY eid ORDER BY day) AS previous FROM sk_tl_owners
  ) a WHERE unit_id IS NOT NULL AND (previous IS NULL OR previous <> unit_id)
  UNION ALL
  SELECT previous, day, event, -1, -value FROM (
    SELECT unit_id, day, event, value, lag(unit_id) OVER (PARTITION BY eid ORDER BY day) AS previous FROM sk_tl_owners
  ) b WHERE previous IS NOT NULL AND (unit_id IS NULL OR unit_id <> previous)
) changes
GROUP BY unit_id, day`,
    );
  }
  if (names.length > 0) {
    // Each unit's running tallies from each day with a change until the next one (a plain equality and
    // range join below, which engines run as a hash join; an OR in it would make DuckDB loop over all pairs).
    stages.push(`CREATE TEMP TABLE sk_tl_running AS
SELECT unit_id, day, lead(day, 1, CAST(${maxDays} + 1 AS DOUBLE PRECISION)) OVER (PARTITION BY unit_id ORDER BY day) AS next_day${perName(
      (i) =>
        `,\n  sum(c${i}) OVER (PARTITION BY unit_id ORDER BY day) AS c${i}, sum(s${i}) OVER (PARTITION BY unit_id ORDER BY day) AS s${i}`,
    )}
FROM sk_tl_cells`);
  }
  stages.push(
    `CREATE TEMP TABLE sk_tl_values AS
SELECT d.day, u.variant${metrics
      .map((metric, k) => {
        const e = parts.values(metric, nameIndex);
        return `,\n  ${e.value} AS m${k}${e.denominator === undefined ? '' : `, ${e.denominator} AS d${k}`}`;
      })
      .join('')}
FROM sk_tl_days d JOIN sk_tl_units u ON u.entered <= d.cutoff AND (u.conflict_at IS NULL OR u.conflict_at > d.cutoff)${
      names.length === 0
        ? ''
        : '\nLEFT JOIN sk_tl_running t ON t.unit_id = u.unit_id AND t.day <= d.day AND t.next_day > d.day'
    }`,
  );
  // Winsorized metrics are capped each day at the thresholds over the units enrolled by then.
  const caps = metrics.flatMap((metric, k) =>
    metric.kind === 'count' || metric.kind === 'sum' ? capColumns(metric, k) : [],
  );
  stages.push(
    caps.length > 0
      ? `CREATE TEMP TABLE sk_tl_caps AS\nSELECT day, ${caps.join(',\n  ')}\nFROM sk_tl_values GROUP BY day`
      : 'CREATE TEMP TABLE sk_tl_caps AS\nSELECT day FROM sk_tl_days',
  );
  // Only count and sum metrics are winsorized (metric-values.ts), in memory as here.
  const capped = metrics.map((metric) =>
    metric.kind === 'count' || metric.kind === 'sum' ? metric : { ...metric, winsorize: undefined },
  );
  return {
    stages,
    span: 'SELECT start, days, truncated FROM sk_tl_span',
    days: `SELECT v.day, v.variant,\n  ${['count(*) AS n', ...parts.statistics(capped)].join(',\n  ')}
FROM sk_tl_values v JOIN sk_tl_caps c ON c.day = v.day
GROUP BY v.day, v.variant`,
  };
}

/** Turns rows of metric statistics (one per variant, in variant order) into metric `k`'s aggregates. */
export type AggregatesOf = (metrics: ResolvedMetric[], byVariant: (Row | undefined)[], k: number) => VariantAggregate[];

/** The timeline's per-day aggregates from the rows of its two queries. */
export function timelineAggregates(
  options: ResolvedOptions,
  span: Row | undefined,
  rows: readonly Row[],
  aggregatesOf: AggregatesOf,
): TimelineAggregates {
  const { metrics, skipped } = timelineMetrics(options);
  const start = span?.start;
  const days = Number(span?.days ?? 0);
  const byDay = Array.from({ length: days }, () => options.variants.map((): Row | undefined => undefined));
  for (const row of rows) {
    const list = byDay[Number(row.day) - 1];
    if (list !== undefined) list[Number(row.variant)] = row;
  }
  return {
    span: {
      start: start === null || start === undefined ? Number.NaN : Number(start),
      days,
      maxDays: options.timeline?.maxDays ?? 90,
      truncated: span?.truncated === true,
      metrics: metrics.map((m) => m.key),
      skipped,
    },
    days: metrics.length === 0 ? [] : byDay.map((list) => metrics.map((_, k) => aggregatesOf(metrics, list, k))),
  };
}
