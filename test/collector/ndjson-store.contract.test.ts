import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import { silentLogger } from '../../src/io/logger.js';
import { describeStoreContract } from './support/store-contract.js';

describeStoreContract('NDJSON store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-ndjson-'));
  return {
    open: () => createNdjsonStore({ path: join(dir, 'events.ndjson'), logger: silentLogger }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
