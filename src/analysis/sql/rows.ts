/**
 * The stored rows the analysis reads (`sk_rows`, a view so each stage streams
 * the scan): this experiment's exposures, every identify event and the metric
 * events, typed; and the time checks those rows are held to.
 */
import { CLOCK_SKEW_MS } from '../validity.js';
import type { ResolvedOptions } from '../options.js';
import { literal, numberLiteral } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { eventsFrom } from './cuped.js';

/** The `sk_rows` view; `names` are the metric events read. */
export function rowsView(options: ResolvedOptions, dialect: SqlDialect, names: readonly string[]): string {
  // Exposures and events are bounded by the analysis window as the store's reads are; identify events are read in full.
  // CUPED reads metric events from `lookback` before `from` (its pre-period), as the in-memory read does.
  const inRange = (t: string, from = options.from) => {
    const bounds: string[] = [];
    if (from !== undefined) bounds.push(dialect.timeBound(t, '>=', from));
    if (options.to !== undefined) bounds.push(dialect.timeBound(t, '<=', options.to));
    return bounds.length === 0 ? '' : ` AND ${bounds.join(' AND ')}`;
  };
  const rows = dialect.source(options.unit, ({ type, name, t }) => {
    const parts = [`(${type} = 'exposure' AND ${name} = ${literal(options.key)}${inRange(t)})`, `${type} = 'identify'`];
    if (names.length > 0)
      parts.push(
        `(${type} = 'event' AND ${name} IN (${names.map(literal).join(', ')})${inRange(t, eventsFrom(options))})`,
      );
    return parts.join(' OR ');
  });
  return `CREATE TEMP VIEW sk_rows AS\n${rows}`;
}

/** CASE branches that mark a row's time `badTime`, `futureTime` or `outsideWindow` (`from`…`to`). */
export function timeStatus(options: ResolvedOptions, t: string, from = options.from): string {
  const maxTime = options.now + CLOCK_SKEW_MS;
  const outside: string[] = [];
  if (from !== undefined) outside.push(`${t} < ${numberLiteral(from)}`);
  if (options.to !== undefined) outside.push(`${t} > ${numberLiteral(options.to)}`);
  return [
    `WHEN ${t} IS NULL THEN 'badTime'`,
    `WHEN ${t} > ${numberLiteral(maxTime)} THEN 'futureTime'`,
    ...(outside.length > 0 ? [`WHEN ${outside.join(' OR ')} THEN 'outsideWindow'`] : []),
  ].join(' ');
}
