/**
 * The files of an NDJSON log's column cache (the analysis's `ColumnCacheFiles`):
 * the folder `<log>.columns` beside the log, its manifest and Parquet parts,
 * and slices of the log's bytes for DuckDB to convert. See docs/scale.md,
 * "The column cache".
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { acquireFileLock, lockFileOf, lockTargetOf } from './file-lock.js';
import { makeFolder } from './make-folder.js';
import { syncDirectory, syncPath } from './sync-path.js';

/** Bytes read at each sampled place of the log for its fingerprint. */
const SAMPLE_BYTES = 4096;
/** Places sampled between the first and the last bytes. */
const SAMPLES = 16;
/** How far back from the end the last newline is looked for at once. */
const TAIL_BYTES = 64 * 1024;

const MANIFEST = 'manifest.json';
/** The file the cache's lock is taken on (its lock file is `lockFileOf` it). */
const CACHE_LOCKED = 'cache';

/**
 * The column cache files of the log at `path`. `committedEnd` is where a
 * writer in this process has committed its last append (reads stop there);
 * undefined for a log opened read-only.
 */
export function ndjsonColumnFiles(path: string, committedEnd?: () => number) {
  const log = resolve(path);
  const folder = `${log}.columns`;
  const inFolder = (name: string) => join(folder, name);
  return {
    path: inFolder,
    async lock(): Promise<{ release(): Promise<void> } | undefined> {
      await makeFolder(folder);
      const result = await acquireFileLock(inFolder(CACHE_LOCKED));
      return result.acquired ? result.lock : undefined;
    },
    end: () => (committedEnd === undefined ? lastLineEnd(log) : Promise.resolve(committedEnd())),
    fingerprint: (end: number) => fingerprint(log, end),
    async slice(start: number, end: number, copy: boolean) {
      // In place only when no one writes the log and the bytes wanted are all of it.
      if (!copy && start === 0 && committedEnd === undefined && !(await exists(lockFileOf(await lockTargetOf(log))))) {
        if ((await stat(log)).size === end) {
          return {
            path: log,
            intact: async () => (await stat(log)).size === end,
            done: () => Promise.resolve(),
          };
        }
      }
      const target = inFolder(`slice-${randomUUID()}.ndjson`);
      try {
        await pipeline(createReadStream(log, { start, end: end - 1 }), createWriteStream(target, { flags: 'wx' }));
      } catch (error) {
        await rm(target, { force: true });
        throw error;
      }
      return { path: target, intact: () => Promise.resolve(true), done: () => rm(target, { force: true }) };
    },
    async readManifest(): Promise<string | undefined> {
      try {
        return await readFile(inFolder(MANIFEST), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async writeManifest(text: string): Promise<void> {
      const temp = inFolder(`${MANIFEST}.${randomUUID()}.tmp`);
      await writeFile(temp, text, { flag: 'wx' });
      await rename(temp, inFolder(MANIFEST));
    },
    names: () => readdir(folder),
    async leftovers(): Promise<string[]> {
      return (await readdir(folder)).filter((name) =>
        /^slice-[\w-]+\.ndjson$|^manifest\.json\.[\w-]+\.tmp$/.test(name),
      );
    },
    async persist(names: readonly string[]): Promise<void> {
      for (const name of names) await syncPath(inFolder(name));
      // The parts' directory entries too: a manifest must not outlive the names it lists.
      await syncDirectory(folder);
    },
    async remove(names: readonly string[]): Promise<void> {
      await Promise.all(names.map((name) => rm(inFolder(name), { force: true })));
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Where the last complete line of the log ends (0 when it has none). */
async function lastLineEnd(log: string): Promise<number> {
  const handle = await open(log, 'r');
  try {
    const size = (await handle.stat()).size;
    let position = size;
    while (position > 0) {
      const length = Math.min(TAIL_BYTES, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, position);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline !== -1) return position + newline + 1;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/**
 * A digest of the log's length `end` and of samples of its bytes before it:
 * the first and last few KB and evenly spaced places between. The store
 * only appends (and cuts an unfinished write off the end), so a change to
 * the bytes already converted means the log was cut or replaced.
 */
async function fingerprint(log: string, end: number): Promise<string> {
  const hash = createHash('sha256').update(`${end}\n`);
  const handle = await open(log, 'r');
  try {
    const starts = new Set<number>([0, Math.max(0, end - SAMPLE_BYTES)]);
    for (let i = 1; i <= SAMPLES; i++) starts.add(Math.floor((end * i) / (SAMPLES + 1)));
    for (const start of [...starts].sort((a, b) => a - b)) {
      const length = Math.min(SAMPLE_BYTES, end - start);
      if (length <= 0) continue;
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, start);
      hash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}
