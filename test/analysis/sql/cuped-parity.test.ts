import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import { NOW, parityEvents, parityOptions } from './parity-fixture.js';
import { expectSameReport } from './same-report.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-cuped-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CUPED in duckdb', () => {
  it('plain', async () => {
    const path = join(dir, 'a.ndjson');
    writeFileSync(path, `${parityEvents(7).map((e) => JSON.stringify(e)).join('\n')}\n`);
    const store = await createNdjsonStore({ path, readOnly: true });
    const options = { ...parityOptions, cuped: true };
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    const duckdb = await analyzeFromStore(store, { ...options, engine: 'duckdb' });
    await store.close();
    console.log(JSON.stringify(memory.metrics.map((m) => m.cuped)));
    expectSameReport(duckdb, memory);
  });
});
