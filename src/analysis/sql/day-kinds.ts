/**
 * SQL forms of the day-based metric kinds `activeDays` and `retention`
 * (docs/analysis.md, "Metric kinds"; docs/statistics.md). Each is one
 * function from the stages' tables to per-unit values of the eligible units;
 * unit-values.ts joins them into `sk_values`. Day index of an event d = floor((t − entered) / DAY), counting only
 * attributed, valid events at or after entry (the rows of `sk_attributed`
 * joined to `sk_units`).
 */
import { literal, numberLiteral } from './dialect.js';

/** One day in ms. */
export const DAY_MS = 86_400_000;

/**
 * The end of the observation: the analysis `to` when given, else the latest
 * time among valid exposures and valid metric events (the same rows in every engine).
 */
export function observationEnd(to: number | undefined): string {
  if (to !== undefined) return `SELECT ${numberLiteral(to)} AS end_time`;
  return `SELECT greatest(
    (SELECT max(t) FROM sk_exposures WHERE status = 'ok'),
    (SELECT max(t) FROM sk_events WHERE status = 'ok')
  ) AS end_time`;
}

// Counted events of `event` per unit with their day index since entry.
function days(event: string): string {
  return `SELECT a.unit_id, floor((a.t - u.entered) / ${numberLiteral(DAY_MS)}) AS d
    FROM sk_attributed a JOIN sk_units u ON u.unit_id = a.unit_id
    WHERE a.event = ${literal(event)} AND a.t >= u.entered`;
}

/**
 * Per eligible unit (`entered + days * DAY <= end`): `unit_id`, `variant`,
 * `active` = distinct day indices in [0, days) with an event, `events` = the
 * events in those days, and `value` = active / days.
 */
export function activeDaysValues(event: string, windowDays: number, end: string): string {
  const n = numberLiteral(windowDays);
  return `SELECT u.unit_id, u.variant,
    CAST(count(DISTINCT e.d) AS DOUBLE PRECISION) AS active,
    CAST(count(e.d) AS DOUBLE PRECISION) AS events,
    CAST(count(DISTINCT e.d) AS DOUBLE PRECISION) / ${n} AS value
  FROM sk_units u CROSS JOIN (${end}) w
  LEFT JOIN (${days(event)}) e ON e.unit_id = u.unit_id AND e.d >= 0 AND e.d < ${n}
  WHERE u.entered + ${n} * ${numberLiteral(DAY_MS)} <= w.end_time
  GROUP BY u.unit_id, u.variant`;
}

/**
 * Per eligible unit (`entered + (day + 1) * DAY <= end`): `unit_id`,
 * `variant` and `value` = 1 when the unit has an event on day index `day`, else 0.
 */
export function retentionValues(event: string, day: number, end: string): string {
  return `SELECT u.unit_id, u.variant,
    CASE WHEN count(e.d) > 0 THEN CAST(1 AS DOUBLE PRECISION) ELSE CAST(0 AS DOUBLE PRECISION) END AS value
  FROM sk_units u CROSS JOIN (${end}) w
  LEFT JOIN (${days(event)}) e ON e.unit_id = u.unit_id AND e.d = ${numberLiteral(day)}
  WHERE u.entered + ${numberLiteral(day + 1)} * ${numberLiteral(DAY_MS)} <= w.end_time
  GROUP BY u.unit_id, u.variant`;
}
