import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { duckdbDialect } from '../../../src/analysis/sql/dialect-duckdb.js';
import { analysisSql } from '../../../src/analysis/sql/stages.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { writeEventLog } from './event-log.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-cuped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQL form of CUPED (hand-computed values)', () => {
  it('tallies the pre-period within the lookback, fits θ over all units and gives the adjusted moments per variant', async () => {
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
    writeEventLog(path, events);
    const options = resolveOptions({
      experiment: BUTTON,
      metrics: [{ key: 'revenue', event: 'purchase', kind: 'sum' }],
      now: E + 30 * DAY,
      cuped: true,
    });
    const sql = analysisSql(options, duckdbDialect([path]));
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      for (const stage of sql.stages) await connection.run(stage);
      const rows = (await connection.runAndReadAll(`${sql.queries.variants} ORDER BY variant`)).getRowObjectsJS();
      // Control: Y = (10, 6), X = (5, 1): means 8 and 3, var Y = 8, var X = 8, cov = (2·2 + (−2)(−2)) / 1 = 8.
      expect(rows[0]).toMatchObject({ n: 2n, m0_sum: 16, m0_mean: 8, m0_var: 8, x0_mean: 3, x0_var: 8, xy0_cov: 8 });
      expect(rows[0]?.p0_n).toBe(2n);
      // Green: one unit, Y = 7, X = 0: no variance.
      expect(rows[1]).toMatchObject({ n: 1n, m0_sum: 7, x0_mean: 0, m0_var: null, xy0_cov: null, p0_n: 0n });
      // Over all units Y = (10, 6, 7), X = (5, 1, 0): X̄ = 2, var X = 7, cov = 5, θ = 5/7.
      const [fit] = (await connection.runAndReadAll('SELECT theta0, mx0 FROM sk_cuped_fit')).getRowObjectsJS();
      expect(fit?.theta0).toBeCloseTo(5 / 7, 14);
      expect(fit?.mx0).toBe(2);
      // Adjusted control Y − θ(X − 2) = (55/7, 47/7); green 7 + 10/7 = 59/7.
      expect(rows[0]?.a0_mean).toBeCloseTo(51 / 7, 13);
      expect(rows[0]?.a0_var).toBeCloseTo(32 / 49, 13);
      expect(rows[1]?.a0_mean).toBeCloseTo(59 / 7, 13);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });
});
