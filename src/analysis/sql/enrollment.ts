/**
 * Who is enrolled: every exposure with its status (`sk_exposures`), then each
 * unit's first valid exposure (`sk_units`), with the exclusions of
 * assignments.ts (units seen in several variants, forced assignments, unknown
 * variants, missing ids, bad times) and the segment values from the earliest
 * exposure that recorded them.
 */
import { NO_SEGMENT_VALUE, NOT_RANDOMIZED_REASONS } from '../assignments.js';
import type { ResolvedOptions } from '../options.js';
import { literal } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { timeStatus } from './rows.js';

/** A variant's index in the options, from its key in the column `variant`. */
export function variantIndex(options: ResolvedOptions): string {
  const variants = options.variants.map((v) => v.key);
  return `CASE variant ${variants.map((key, i) => `WHEN ${literal(key)} THEN ${i}`).join(' ')} END`;
}

/** The `sk_exposures` and `sk_units` stages. */
export function enrollmentStages(options: ResolvedOptions, dialect: SqlDialect): string[] {
  const variants = options.variants.map((v) => v.key);
  const segmentColumns = options.segments.map(
    (attribute, a) => `${dialect.labelField('attributes', attribute, NO_SEGMENT_VALUE)} AS seg${a}`,
  );
  return [
    `CREATE TEMP TABLE sk_exposures AS
SELECT unit_id, variant, t, ${[...options.segments.map((_, a) => `seg${a}`), ''].join(', ')}
  CASE WHEN reason IN (${NOT_RANDOMIZED_REASONS.map(literal).join(', ')}) THEN 'notRandomized'
    WHEN variant NOT IN (${variants.map(literal).join(', ')}) THEN 'unknownVariant'
    WHEN unit_id IS NULL OR unit_id = '' THEN 'missingUnit'
    ${timeStatus(options, 't')}
    ELSE 'ok' END AS status
FROM (
  SELECT unit_id, variant, reason, t${segmentColumns.map((c) => `, ${c}`).join('')}
  FROM sk_rows WHERE type = 'exposure' AND kind = 'experiment' AND variant IS NOT NULL
) x`,
    // One variant per unit: min = max over the (never NULL) variants of valid exposures, which engines compute far
    // faster than count(DISTINCT) (DuckDB: 0.7 s against 0.2 s at 1M units).
    `CREATE TEMP TABLE sk_units AS
SELECT unit_id, min(${variantIndex(options)}) AS variant, min(t) AS entered${options.segments
      .map((_, a) => `,\n  coalesce(${dialect.firstBy(`seg${a}`, 't')}, ${literal(NO_SEGMENT_VALUE)}) AS seg${a}`)
      .join('')}
FROM sk_exposures WHERE status = 'ok'
GROUP BY unit_id HAVING min(variant) = max(variant)`,
  ];
}
