/**
 * Unpaired UTF-16 surrogates (an emoji cut in half: valid JSON, `"\ud83d"`)
 * through a real loopback collector: every string and key gets U+FFFD, so the
 * NDJSON and PostgreSQL stores keep the same text and every analysis engine
 * reads the same events; an id holding one is refused, naming it, and the
 * client drops just that event.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchTransport } from '../../src/adapters/fetch-transport.js';
import { analyzeFromStore } from '../../src/analysis/index.js';
import type { StoreAnalysisOptions } from '../../src/analysis/index.js';
import { createCollector } from '../../src/collector/collector.js';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import { createPostgresStore } from '../../src/collector/postgres-store.js';
import type { SplitkitError } from '../../src/errors/index.js';
import { createEventPipeline } from '../../src/events/pipeline.js';
import type { EventStore } from '../../src/events/store.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { BUTTON } from '../analysis/fixtures.js';
import { expectSameReport } from '../analysis/sql/same-report.js';
import { RECENT, batch, collect, custom, exposure } from './support/events.js';
import { describePostgres, uniqueTable } from './support/postgres-env.js';
import { serve } from './support/server.js';

const HIGH = '\ud83d';
const LOW = '\udc00';
const PAIR = '🧪';
const FFFD = '\ufffd';

/** Exposures to BUTTON on deviceID and purchases; the first units' events hold unpaired surrogates. */
function sent(): SplitkitEvent[] {
  const out: SplitkitEvent[] = [];
  for (let i = 0; i < 8; i++) {
    const device = i === 1 ? `d1${HIGH}` : `d${i}`;
    const attributes: Record<string, string> = { plan: i % 2 === 0 ? `pro ${PAIR}` : 'free' };
    if (i === 0) attributes[`${LOW}tier`] = 'gold';
    out.push(
      exposure('button_color', RECENT + i, {
        units: { deviceID: device },
        variant: i % 2 === 0 ? 'control' : 'green',
        unit: 'deviceID',
        attributes,
      }),
    );
    if (i < 6) {
      out.push(
        custom('purchase', RECENT + 100 + i, {
          units: { deviceID: device },
          metadata: { note: i === 0 ? `cut ${HIGH}` : `whole ${PAIR}`, [`k${LOW}`]: [`a${LOW}b`] },
        }),
      );
    }
  }
  return out;
}

/** `events` as the collector must store them: U+FFFD for each unpaired surrogate, pairs kept. */
function expected(events: readonly SplitkitEvent[]): SplitkitEvent[] {
  return JSON.parse(JSON.stringify(events).replaceAll('\\ud83d', FFFD).replaceAll('\\udc00', FFFD)) as SplitkitEvent[];
}

const analysis: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [{ key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' }],
  segments: ['plan'],
  now: RECENT + 3_600_000,
};

async function post(url: string, events: readonly SplitkitEvent[]): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(batch([...events])),
  });
  return { status: res.status, body: await res.json() };
}

/** Posts `events` to a loopback collector in front of `store`; the answer. */
async function throughCollector(store: EventStore, events: readonly SplitkitEvent[]) {
  const server = await serve(createCollector({ store }));
  try {
    return await post(server.url, events);
  } finally {
    await server.close();
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'splitkit-surrogates-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('collector: unpaired surrogates, NDJSON store', () => {
  it('stores U+FFFD in their place (pairs kept), and memory and DuckDB count the same exposures', async () => {
    const events = sent();
    const path = join(dir, 'events.ndjson');
    const store = await createNdjsonStore({ path });
    expect(await throughCollector(store, events)).toEqual({ status: 200, body: { accepted: 14, duplicates: 0 } });
    await store.close();

    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/\\ud[89a-f]/i);
    expect(text).toContain(`"${FFFD}tier":"gold"`);
    expect(text).toContain(`"deviceID":"d1${FFFD}"`);
    expect(text).toContain(`"note":"cut ${FFFD}"`);
    expect(text).toContain(`"plan":"pro ${PAIR}"`);
    const reader = await createNdjsonStore({ path, readOnly: true });
    try {
      expect(await collect(reader.read())).toEqual(expected(events));
      const memory = await analyzeFromStore(reader, { ...analysis, engine: 'memory' });
      const duckdb = await analyzeFromStore(reader, { ...analysis, engine: 'duckdb' });
      expect(memory.units).toBe(8);
      expect(memory.metrics[0]?.variants.map((v) => v.summary.total)).toEqual([3, 3]);
      expect(memory.segments[0]?.values.map((v) => v.value).sort()).toEqual(['free', `pro ${PAIR}`]);
      expectSameReport(duckdb, memory);
    } finally {
      await reader.close();
    }
  });

  it('keeps an escaped pair and stores U+FFFD for a surrogate encoded as raw UTF-8 bytes (no escape to find)', async () => {
    const path = join(dir, 'raw.ndjson');
    const store = await createNdjsonStore({ path });
    const server = await serve(createCollector({ store }));
    try {
      // The CESU-8 bytes of a lone \ud83d, which no escape announces (UTF-8 decoding makes them U+FFFD), in a
      // body with no escape at all; then what an encoder escaping all non-ASCII sends for 🧪 (the walk runs).
      for (const pair of ['plain', '\\ud83e\\uddea']) {
        const events = [custom('purchase', RECENT, { metadata: { pair: 'PAIR', raw: 'RAW' } })];
        const [before, after] = JSON.stringify(batch(events)).replace('PAIR', pair).split('RAW');
        const body = Buffer.concat([Buffer.from(`${before}x`), Buffer.from([0xed, 0xa0, 0xbd]), Buffer.from(after!)]);
        const res = await fetch(`${server.url}/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        });
        expect(res.status).toBe(200);
      }
      const stored = (await collect(store.read())) as { metadata?: Record<string, string> }[];
      expect(stored.map((event) => event.metadata?.pair)).toEqual(['plain', PAIR]);
      for (const event of stored) expect(event.metadata?.raw).toMatch(/^x\ufffd+$/);
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('refuses an event two of whose keys would become one (400 naming the key), keeping the others', async () => {
    const path = join(dir, 'keys.ndjson');
    const store = await createNdjsonStore({ path });
    try {
      const clash = custom('purchase', RECENT, { metadata: { [FFFD]: 'good', [HIGH]: 'bad' } });
      const events = [custom(), clash, custom()];
      const refused = await throughCollector(store, events);
      expect(refused).toEqual({
        status: 400,
        body: {
          error: 'invalid event batch',
          issues: [
            {
              index: 1,
              id: clash.id,
              path: `events[1].metadata[${JSON.stringify(FFFD)}]`,
              message:
                'two keys of this object become this one when their unpaired UTF-16 surrogates are replaced with U+FFFD',
            },
          ],
          issueCount: 1,
        },
      });
      expect(await collect(store.read())).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses an id holding an unpaired surrogate (400 naming events[i].id); the client drops just that event', async () => {
    const path = join(dir, 'ids.ndjson');
    const store = await createNdjsonStore({ path });
    const server = await serve(createCollector({ store }));
    try {
      const events = [custom(), custom('purchase', RECENT, { id: `id-${HIGH}` }), custom()];
      const refused = await post(server.url, events);
      expect(refused).toEqual({
        status: 400,
        body: {
          error: 'invalid event batch',
          issues: [{ index: 1, id: `id-${HIGH}`, path: 'events[1].id', message: 'holds an unpaired UTF-16 surrogate' }],
          issueCount: 1,
        },
      });
      expect(await collect(store.read())).toEqual([]);

      const errors: SplitkitError[] = [];
      const pipeline = createEventPipeline({
        transport: createFetchTransport({ url: `${server.url}/events` }),
        sdk: { name: 'splitkit', version: '0.0.0-test' },
        onError: (error) => errors.push(error),
      });
      for (const event of events) pipeline.enqueue(event);
      expect(await pipeline.shutdown({ timeoutMs: 10_000 })).toMatchObject({ delivered: true, dropped: 1 });
      expect(errors.map((error) => error.code)).toEqual(['EVENTS_DROPPED']);
      expect(errors[0]?.message).toContain('events[1].id: holds an unpaired UTF-16 surrogate');
      expect((await collect(store.read())).map((event) => event.id)).toEqual([events[0]!.id, events[2]!.id]);
    } finally {
      await server.close();
      await store.close();
    }
  });
});

describePostgres('collector: unpaired surrogates, PostgreSQL store (real server)', (url) => {
  const tables: string[] = [];
  afterAll(async () => {
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    for (const table of tables) await admin.query(`DROP TABLE IF EXISTS "${table}"`);
    await admin.end();
  });

  it('stores the batch with U+FFFD (200, not 422), as the NDJSON store does, and analyzes it alike', async () => {
    const table = uniqueTable();
    tables.push(table);
    const store = await createPostgresStore({ connectionString: url, table });
    try {
      const events = sent();
      expect(await throughCollector(store, events)).toEqual({ status: 200, body: { accepted: 14, duplicates: 0 } });
      expect(await collect(store.read())).toEqual(expected(events));
      const memory = await analyzeFromStore(store, { ...analysis, engine: 'memory' });
      expect(memory.units).toBe(8);
      expectSameReport(await analyzeFromStore(store, { ...analysis, engine: 'postgres' }), memory);
    } finally {
      await store.close();
    }
  });
});
