/**
 * An NDJSON store counts the lines its reads skip (`skippedLines()`), which the memory analysis reports
 * without needing DuckDB: by reason, with the first three line numbers, blank lines and an unfinished last
 * line left out, and (for a writing store) only up to what appends committed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-store-skipped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVENT = JSON.stringify({ id: 'e-1', type: 'event', name: 'purchase', time: 1, user: { userID: 'u' } });

describe('NdjsonStore.skippedLines()', () => {
  it('counts every line a read skips, by reason, and names the first three', async () => {
    const path = join(dir, 'mixed.ndjson');
    const lines = [EVENT, '', 'oops', ' \t\r', '[1]', '{"id":5}', '"text"', EVENT, '{"name":"x"}', '{"id":"half'];
    writeFileSync(path, lines.join('\n'));
    const store = await createNdjsonStore({ path, readOnly: true });
    try {
      expect(await store.skippedLines()).toEqual({
        count: 5,
        reasons: { notJson: 1, notObject: 2, noId: 2 },
        first: [
          { line: 3, reason: 'notJson' },
          { line: 5, reason: 'notObject' },
          { line: 6, reason: 'noId' },
        ],
      });
      // What it counts is exactly what reads skip: two events of the ten lines are read.
      const read = [];
      for await (const event of store.read()) read.push(event.id);
      expect(read).toEqual(['e-1', 'e-1']);
    } finally {
      await store.close();
    }
  });

  it('a writing store counts up to its committed appends, and a clean log reads 0', async () => {
    const path = join(dir, 'writer.ndjson');
    writeFileSync(path, `${EVENT}\n`);
    const store = await createNdjsonStore({ path });
    try {
      expect(await store.skippedLines()).toEqual({
        count: 0,
        reasons: { notJson: 0, notObject: 0, noId: 0 },
        first: [],
      });
      await store.append([{ ...JSON.parse(EVENT), id: 'e-2' }]);
      expect((await store.skippedLines()).count).toBe(0);
    } finally {
      await store.close();
    }
  });
});
