/**
 * Opening the `--store` of `collect`, `serve` and `analyze`. An NDJSON log must be a regular file (or a link to
 * one): a directory, a FIFO or a device is refused before the store is opened, naming the path. Opened as a log,
 * a directory failed with a message that named no path (`EISDIR: illegal operation on a directory, read`) or,
 * with the DuckDB engine, had every JSON file in it read as events; a FIFO blocked the command for good (no
 * output, deaf to SIGTERM); a device such as /dev/zero never ended.
 */
import { stat } from 'node:fs/promises';
import { SplitkitError } from '../errors/index.js';
import type { EventStore } from '../events/store.js';
import { isPostgresUrl, openEventStore } from '../collector/open-store.js';
import { notRegular } from '../serve/ruleset-file.js';

/** `openEventStore`, after refusing a log path that names something other than a regular file. */
export async function openCliStore(
  location: string,
  options: Parameters<typeof openEventStore>[1] = {},
): Promise<EventStore> {
  if (!isPostgresUrl(location)) {
    // A path that does not exist is the store's to handle: a writer creates it, a reader reports it.
    const found = await stat(location).catch(() => undefined);
    if (found !== undefined && !found.isFile()) {
      throw new SplitkitError(
        'STORE_FAILED',
        `Cannot open the event log ${location}: ${notRegular(found)}; an event log is an NDJSON file`,
      );
    }
  }
  return openEventStore(location, options);
}
