import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { activeDaysValues, observationEnd, retentionValues } from '../../../src/analysis/sql/day-kinds.js';
import { duckdbDialect } from '../../../src/analysis/sql/dialect-duckdb.js';
import { analysisSql } from '../../../src/analysis/sql/stages.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { writeEventLog } from './event-log.js';

const HOUR = 3_600_000;
const dir = mkdtempSync(join(tmpdir(), 'splitkit-days-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a (control) enters at T0, b (green) one hour later, c (green) six days later.
const events = [
  exposure({ deviceID: 'a' }, 'control', T0),
  exposure({ deviceID: 'b' }, 'green', T0 + HOUR),
  exposure({ deviceID: 'c' }, 'green', T0 + 6 * DAY),
  track({ deviceID: 'a' }, 'app_open', T0 + HOUR),
  track({ deviceID: 'a' }, 'app_open', T0 + 5 * HOUR),
  track({ deviceID: 'a' }, 'app_open', T0 + DAY + 1),
  track({ deviceID: 'a' }, 'app_open', T0 + 7 * DAY + 1),
  track({ deviceID: 'b' }, 'app_open', T0 + HOUR + 2 * DAY),
  track({ deviceID: 'b' }, 'app_open', T0 - 1),
  track({ deviceID: 'c' }, 'app_open', T0 + 6 * DAY + 1),
];

async function run(to: number | undefined, query: (end: string) => string) {
  const path = join(dir, `log-${Math.random().toString(36).slice(2)}.ndjson`);
  writeEventLog(path, events);
  const options = resolveOptions({
    experiment: BUTTON,
    metrics: [{ key: 'opens', event: 'app_open', kind: 'count' }],
    now: T0 + 30 * DAY,
  });
  const sql = analysisSql(options, duckdbDialect([path]));
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    for (const stage of sql.stages) await connection.run(stage);
    const reader = await connection.runAndReadAll(`${query(observationEnd(to))} ORDER BY 1`);
    return reader.getRowObjectsJS().map((row) => ({ ...row, variant: Number(row.variant) }));
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}

describe('SQL forms of the day-based kinds (hand-computed values)', () => {
  it('activeDays: distinct active days in the window over whole-window units only', async () => {
    // End = the latest valid time (a's day-7 open): only a has had 7 whole days; it opened on days 0 (twice) and 1.
    expect(await run(undefined, (end) => activeDaysValues('app_open', 7, end))).toEqual([
      { unit_id: 'a', variant: 0, active: 2, events: 3, value: 2 / 7 },
    ]);
    // With `to` eight days on, b is eligible too: one open on day 2 (its open before exposure does not count).
    expect(await run(T0 + 8 * DAY + 2 * HOUR, (end) => activeDaysValues('app_open', 7, end))).toEqual([
      { unit_id: 'a', variant: 0, active: 2, events: 3, value: 2 / 7 },
      { unit_id: 'b', variant: 1, active: 1, events: 1, value: 1 / 7 },
    ]);
  });

  it('retention: an event on day index N, over units whose day N is complete', async () => {
    expect(await run(undefined, (end) => retentionValues('app_open', 1, end))).toEqual([
      { unit_id: 'a', variant: 0, value: 1 },
      { unit_id: 'b', variant: 1, value: 0 },
    ]);
    expect(await run(T0 + 9 * DAY, (end) => retentionValues('app_open', 7, end))).toEqual([
      { unit_id: 'a', variant: 0, value: 1 },
      { unit_id: 'b', variant: 1, value: 0 },
    ]);
  });
});
