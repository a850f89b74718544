/**
 * The embedded event store: an append-only NDJSON log, one event per line.
 * Each append is written in one piece and `fdatasync`'d before it resolves,
 * appends run one at a time, and the ids of stored events are kept in memory
 * to drop repeats.
 */
import { mkdir, open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SplitkitError } from '../errors/index.js';
import type { SplitkitEvent } from '../events/types.js';
import type { Logger } from '../io/logger.js';
import { assertEventIds } from './event-ids.js';
import { matchesQuery, parseStoredEvent } from './event-query.js';
import { acquireFileLock } from './file-lock.js';
import type { FileLock } from './file-lock.js';
import { readLines } from './ndjson-lines.js';
import { recoverLog } from './ndjson-recover.js';
import type { EventQuery, EventStore } from '../events/store.js';

/** Options of {@link createNdjsonStore}. */
export interface NdjsonStoreOptions {
  /** The log file; it and its folder are created when missing. */
  path: string;
  /**
   * Open for reading only: no lock is taken, nothing is repaired and
   * `append` rejects. A file that another live process is writing is always
   * opened this way.
   */
  readOnly?: boolean;
  /** Where repairs of the file are reported. Default: `console`. */
  logger?: Logger;
}

/** An NDJSON {@link EventStore}. */
export interface NdjsonStore extends EventStore {
  /** The log file. */
  readonly path: string;
  /** True when this store only reads (asked for, or the file has another writer). */
  readonly readOnly: boolean;
}

/** Result of one append. */
type Appended = { stored: number; duplicates: number };

/**
 * Opens (or creates) an NDJSON log as an {@link EventStore}. Opening scans the
 * whole file to load the ids of stored events and repairs an unfinished last
 * line left by a crash. Rejects with a `STORE_FAILED` {@link SplitkitError}
 * when the file cannot be opened.
 */
export async function createNdjsonStore(options: NdjsonStoreOptions): Promise<NdjsonStore> {
  const { path } = options;
  const logger = options.logger ?? console;
  try {
    if (options.readOnly === true) return await openReader(path);
    await mkdir(dirname(path), { recursive: true });
    const lock = await acquireFileLock(path);
    if (!lock.acquired) {
      logger.warn(`splitkit: ${path} is being written by process ${lock.ownerPid ?? '?'}; opened it read-only`);
      return await openReader(path);
    }
    try {
      return await openWriter(path, lock.lock, logger);
    } catch (error) {
      await lock.lock.release();
      throw error;
    }
  } catch (error) {
    throw new SplitkitError('STORE_FAILED', `Cannot open the event log ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function* readStored(path: string, end: number | undefined, query: EventQuery): AsyncGenerator<SplitkitEvent> {
  for await (const line of readLines(path, end)) {
    // An unfinished line is a write still in progress (or cut short): not stored yet.
    if (!line.complete) continue;
    const event = parseStoredEvent(line.text);
    if (event !== undefined && matchesQuery(event, query)) yield event;
  }
}

async function openReader(path: string): Promise<NdjsonStore> {
  await stat(path);
  return {
    path,
    readOnly: true,
    append: () => Promise.reject(new SplitkitError('STORE_FAILED', `The event log ${path} is open read-only`)),
    read: (query = {}) => readStored(path, undefined, query),
    close: () => Promise.resolve(),
  };
}

async function openWriter(path: string, lock: FileLock, logger: Logger): Promise<NdjsonStore> {
  const created = await stat(path).then(
    () => false,
    () => true,
  );
  const handle = await open(path, 'a');
  let recovered;
  try {
    // A new file's directory entry must be durable too, or a crash could lose the whole file.
    if (created) await syncDirectory(dirname(path));
    recovered = await recoverLog(path, handle, logger);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const { ids } = recovered;
  let size = recovered.size;
  let broken: unknown;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function write(events: readonly SplitkitEvent[]): Promise<Appended> {
    if (closed) throw new SplitkitError('STORE_FAILED', `The event log ${path} is closed`);
    if (broken !== undefined)
      throw new SplitkitError('STORE_FAILED', `The event log ${path} could not be repaired after a failed write`, {
        cause: broken,
      });
    assertEventIds(events);
    const fresh = new Map<string, SplitkitEvent>();
    for (const event of events) if (!ids.has(event.id) && !fresh.has(event.id)) fresh.set(event.id, event);
    if (fresh.size === 0) return { stored: 0, duplicates: events.length };
    let text = '';
    for (const event of fresh.values()) text += `${JSON.stringify(event)}\n`;
    const data = Buffer.from(text, 'utf8');
    try {
      await writeAll(handle, data);
      await handle.datasync();
    } catch (error) {
      await rollBack(error);
      throw new SplitkitError('STORE_FAILED', `Cannot append to the event log ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    size += data.length;
    for (const id of fresh.keys()) ids.add(id);
    return { stored: fresh.size, duplicates: events.length - fresh.size };
  }

  // A failed write may have left part of the batch in the file; cut it so a retry is stored once.
  async function rollBack(cause: unknown): Promise<void> {
    try {
      await handle.truncate(size);
      await handle.datasync();
    } catch (error) {
      broken = new AggregateError([cause, error], 'write and truncate failed');
    }
  }

  return {
    path,
    readOnly: false,
    append(events) {
      const result = queue.then(() => write(events));
      queue = result.catch(() => undefined);
      return result;
    },
    // Reads stop at the size committed when they start, so they never see half an append.
    read: (query = {}) => readStored(path, size, query),
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      await handle.close();
      await lock.release();
    },
  };
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) and file systems cannot open or sync a directory; the file itself is still synced.
  } finally {
    await handle?.close();
  }
}
