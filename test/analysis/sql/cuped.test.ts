import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../src/analysis/options.js';
import { cupedStatistics, preExposureTallies } from '../../../src/analysis/sql/cuped.js';
import { duckdbDialect } from '../../../src/analysis/sql/dialect-duckdb.js';
import { analysisSql } from '../../../src/analysis/sql/stages.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-cuped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQL form of the CUPED inputs (hand-computed values)', () => {
  it('tallies the pre-period within the lookback and gives the moments and cross-product per variant', async () => {
    const E = T0 + 20 * DAY;
    const events = [
      exposure({ deviceID: 'a' }, 'control', E),
      exposure({ deviceID: 'b' }, 'control', E),
      exposure({ deviceID: 'c' }, 'green', E),
      // a: pre 2 + 3 (one more 15 days before: outside the 14-day lookback), post 10.
      track({ deviceID: 'a' }, 'purchase', E - DAY, 2),
      track({ deviceID: 'a' }, 'purchase', E - 13 * DAY, 3),
      track({ deviceID: 'a' }, 'purchase', E - 15 * DAY, 100),
      track({ deviceID: 'a' }, 'purchase', E + DAY, 10),
      // b: pre 1, post 4 + 2.
      track({ deviceID: 'b' }, 'purchase', E - 1, 1),
      track({ deviceID: 'b' }, 'purchase', E, 4),
      track({ deviceID: 'b' }, 'purchase', E + 2 * DAY, 2),
      // c: no pre-period, post 7.
      track({ deviceID: 'c' }, 'purchase', E + DAY, 7),
    ];
    const path = join(dir, 'cuped.ndjson');
    writeFileSync(path, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const options = resolveOptions({
      experiment: BUTTON,
      metrics: [{ key: 'revenue', event: 'purchase', kind: 'sum' }],
      now: E + 30 * DAY,
    });
    const sql = analysisSql(options, duckdbDialect([path]));
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      for (const stage of sql.stages) await connection.run(stage);
      await connection.run(preExposureTallies(['purchase']));
      const source = `SELECT u.variant, v.m0 AS y, coalesce(p.s0, 0) AS x
        FROM sk_units u JOIN sk_values v ON v.unit_id = u.unit_id LEFT JOIN sk_pre_tallies p ON p.unit_id = u.unit_id`;
      const rows = (await connection.runAndReadAll(`${cupedStatistics(source)} ORDER BY variant`)).getRowObjectsJS();
      // Control: Y = (10, 6), X = (5, 1): means 8 and 3, var Y = 8, var X = 8, cov = (2·2 + (−2)(−2)) / 1 = 8.
      expect(rows[0]).toMatchObject({
        n: 2n,
        y_sum: 16,
        y_mean: 8,
        y_var: 8,
        x_sum: 6,
        x_mean: 3,
        x_var: 8,
        xy_cov: 8,
      });
      // Green: one unit, Y = 7, X = 0: no variance.
      expect(rows[1]).toMatchObject({ n: 1n, y_sum: 7, x_sum: 0, y_var: null, xy_cov: null });
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });
});
