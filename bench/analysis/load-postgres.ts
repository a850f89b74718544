/** Copies an NDJSON event log into a PostgreSQL store table, 10,000 events per append (the analysis benches' PostgreSQL input). */
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import { createPostgresStore } from '../../src/collector/postgres-store.js';
import type { SplitkitEvent } from '../../src/events/types.js';

/** Appends every event of the log at `path` to `table` in the database at `connectionString`; returns `table`. */
export async function loadPostgres(connectionString: string, path: string, table: string): Promise<string> {
  const store = await createPostgresStore({ connectionString, table });
  const reader = await createNdjsonStore({ path, readOnly: true });
  let batch: SplitkitEvent[] = [];
  for await (const event of reader.read()) {
    batch.push(event);
    if (batch.length === 10_000) {
      await store.append(batch);
      batch = [];
    }
  }
  await store.append(batch);
  await store.close();
  await reader.close();
  return table;
}
