/**
 * DuckDB expands `*`, `?` and `[…]` in the paths it reads as globs. A log
 * (and so its column cache folder) whose name holds one must be read as
 * itself: before, `ev[1].ndjson` was analyzed from `ev1.ndjson` beside it,
 * and `ev*.ndjson` from every log of the folder, silently.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import { BUTTON, T0, exposure, track } from '../fixtures.js';
import { writeEventLog } from './event-log.js';
import { NOW, parityEvents, parityOptions } from './parity-fixture.js';
import { expectSameReport } from './same-report.js';

// A folder whose name needs quoting and escaping too.
const dir = mkdtempSync(join(tmpdir(), "splitkit-glob-'q-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small other log that a glob over the folder would also read. */
function neighbour(name: string): void {
  const events = Array.from({ length: 40 }, (_, i) => [
    exposure({ deviceID: `n${i}` }, i % 2 ? 'control' : 'green', T0),
    track({ deviceID: `n${i}` }, 'purchase', T0 + 1000, 5),
  ]).flat();
  writeEventLog(join(dir, name), events);
}

describe('a log whose name holds glob characters', () => {
  for (const name of ['ev[1].ndjson', 'ev*.ndjson', 'ev?.ndjson']) {
    it(`reads ${name} itself, with and without the column cache`, async () => {
      neighbour('ev1.ndjson');
      neighbour('eva.ndjson');
      const path = join(dir, name);
      writeEventLog(path, parityEvents(5));
      const store = await createNdjsonStore({ path, readOnly: true });
      try {
        const options = { ...parityOptions, experiment: BUTTON, now: NOW };
        const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
        expect(memory.units).toBeGreaterThan(300);
        expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: false }), memory);
        // First the cache is built, then read (its parts sit in `<name>.columns`).
        expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: true }), memory);
        expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: true }), memory);
      } finally {
        await store.close();
      }
    });
  }
});
