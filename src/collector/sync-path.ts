/**
 * Making a file, or a folder's entries, durable: what a log's creation and a
 * column cache's parts need before anything that names them is written.
 */
import { open } from 'node:fs/promises';

/** Flushes the file or folder at `path` to disk. Rejects when it cannot be opened or synced. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes the entries of `directory` (files created or renamed in it) where
 * the platform can: some (Windows) and some file systems cannot open or sync
 * a directory, and the files themselves are synced on their own.
 */
export async function syncDirectory(directory: string): Promise<void> {
  await syncPath(directory).catch(() => {});
}
