import pg from 'pg';
import { createPostgresStore } from '../../src/collector/postgres-store.js';
import { describeStoreContract } from './support/store-contract.js';
import { describePostgres, uniqueTable } from './support/postgres-env.js';

describePostgres('PostgreSQL store (real server)', (url) => {
  describeStoreContract('PostgreSQL store', async () => {
    const table = uniqueTable();
    return {
      open: () => createPostgresStore({ connectionString: url, table }),
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP TABLE IF EXISTS "${table}"`);
        await client.end();
      },
    };
  });
});
