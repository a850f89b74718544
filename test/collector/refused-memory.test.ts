/**
 * Refused bodies are not kept: 300 requests with 1 MB ids grew the old
 * collector from 57 to 412 MB (the NDJSON store kept every id in its dedupe
 * set). Now they are refused, and the heap after them is back where it was.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import { silentLogger } from '../../src/io/logger.js';
import { batch, customEvents } from './support/events.js';
import { serve } from './support/server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

it('keeps nothing of 300 refused batches with 1 MB ids', { timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-memory-'));
  const store = await createNdjsonStore({ path: join(dir, 'events.ndjson'), logger: silentLogger });
  const server = await serve(createCollector({ store, maxBodyBytes: 2 * 1024 * 1024 }));
  try {
    const send = async (): Promise<number> => {
      const events = customEvents(2);
      events[0] = { ...events[0]!, id: `${Math.random()}`.padEnd(1024 * 1024, 'x') };
      const res = await fetch(`${server.url}/events`, { method: 'POST', body: JSON.stringify(batch(events)) });
      await res.arrayBuffer();
      return res.status;
    };
    for (let i = 0; i < 10; i++) expect(await send()).toBe(400);
    const before = heapMb();
    for (let i = 0; i < 300; i++) expect(await send()).toBe(400);
    const after = heapMb();
    console.info(`[memory] heap ${before.toFixed(1)} MB before 300 refused 1 MB ids, ${after.toFixed(1)} MB after`);
    expect(after - before).toBeLessThan(40);
  } finally {
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
