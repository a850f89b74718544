/**
 * The embedded store refuses a path that is no regular file, naming it, for library users as for the CLI:
 * opened read-only, a directory or a FIFO was taken, and an analysis then failed without the path (EISDIR),
 * had DuckDB read every JSON file of the directory as events, or blocked for good on the FIFO.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNdjsonStore } from '../../src/collector/index.js';

describe('createNdjsonStore on a path that is no regular file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-not-a-file-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([true, false])('refuses a directory (readOnly: %s), naming it', async (readOnly) => {
    await expect(createNdjsonStore({ path: dir, readOnly })).rejects.toThrow(
      `Cannot open the event log ${dir}: is a directory; an event log is an NDJSON file`,
    );
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO opened read-only, naming it', async () => {
    const fifo = join(dir, 'events.ndjson');
    execFileSync('mkfifo', [fifo]);
    await expect(createNdjsonStore({ path: fifo, readOnly: true })).rejects.toThrow(
      `Cannot open the event log ${fifo}: is a FIFO (named pipe), not a regular file; an event log is an NDJSON file`,
    );
  });
});
