/**
 * Which enrolled unit each metric event counts for: identity stitching by
 * time, as identities.ts does it (`sk_links`, `sk_stitched`), after the
 * validity checks of validity.ts (`sk_events`); `sk_attributed` holds every
 * valid event with its unit.
 */
import { MAX_EVENT_VALUE } from '../validity.js';
import type { ResolvedOptions } from '../options.js';
import { numberLiteral, ONE } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { eventsFrom } from './cuped.js';
import { linksStage } from './links.js';
import { timeStatus } from './rows.js';

/** The `sk_links`, `sk_events`, `sk_stitched` and `sk_attributed` stages. */
export function attributionStages(options: ResolvedOptions, dialect: SqlDialect): string[] {
  return [
    // Only links to enrolled units can attribute an event (identities.ts skips the others).
    linksStage('sk_links', 'sk_units', dialect, options.unit),
    `CREATE TEMP TABLE sk_events AS
SELECT id AS eid, name AS event, t, value, NULLIF(unit_id, '') AS direct, units,
  CASE ${timeStatus(options, 't', eventsFrom(options))}
    WHEN value_kind = 'other' THEN 'nonNumberValue'
    WHEN value_kind = 'nonFinite' THEN 'nonFiniteValue'
    WHEN abs(value) > ${numberLiteral(MAX_EVENT_VALUE)} THEN 'outOfRangeValue'
    ELSE 'ok' END AS status
FROM sk_rows WHERE type = 'event'`,
    // The latest link at or before the event wins, else the earliest later one; equal times go to the smaller unit id.
    `CREATE TEMP TABLE sk_stitched AS
SELECT eid, unit_id FROM (
  SELECT e.eid, l.unit_id, row_number() OVER (
    PARTITION BY e.eid
    ORDER BY CASE WHEN l.t <= e.t THEN 0 ELSE 1 END, CASE WHEN l.t <= e.t THEN -l.t ELSE l.t END, l.unit_id
  ) AS rank
  FROM sk_events e, ${dialect.entries('e.units', 'x')}, sk_links l
  WHERE e.status = 'ok' AND e.direct IS NULL AND ${dialect.entryIsText('x')}
    AND l.name = ${dialect.entryKey('x')} AND l.other = ${dialect.entryValue('x')}
) c WHERE rank = 1`,
    `CREATE TEMP TABLE sk_attributed AS
SELECT e.event, e.t, coalesce(e.value, ${ONE}) AS value, coalesce(e.direct, s.unit_id) AS unit_id, e.direct IS NULL AS stitched
FROM sk_events e LEFT JOIN sk_stitched s ON s.eid = e.eid
WHERE e.status = 'ok'`,
  ];
}
