/**
 * The identity links stage: every (other unit name, its id) that an
 * identify event ties to a unit of `units`. The final comparison links the
 * enrolled units; the timeline links every unit with a valid exposure (one
 * that conflicts later still owns the events before then).
 */
import { literal } from './dialect.js';
import type { SqlDialect } from './dialect.js';

/** `CREATE TEMP TABLE <table>` of `name`, `other`, `unit_id`, `t`: the links of the units in the table `units`. */
export function linksStage(table: string, units: string, dialect: SqlDialect, unit: string): string {
  return `CREATE TEMP TABLE ${table} AS
SELECT ${dialect.entryKey('x')} AS name, ${dialect.entryValue('x')} AS other, r.unit_id, r.t
FROM (SELECT unit_id, t, units FROM sk_rows WHERE type = 'identify') r,
  ${dialect.entries('r.units', 'x')}
WHERE r.unit_id IN (SELECT unit_id FROM ${units}) AND r.t IS NOT NULL AND ${dialect.entryIsText('x')}
  AND ${dialect.entryKey('x')} <> ${literal(unit)} AND ${dialect.entryValue('x')} <> ''`;
}
