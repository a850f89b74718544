/**
 * A ruleset cache in a file, for servers. `node:fs` is imported when first
 * needed, through a name bundlers do not follow, so browser bundles neither
 * carry nor fail on it. Writes go to a temporary file renamed over the
 * cache, so a crash mid-write never leaves a truncated cache behind, in a
 * folder made first when it does not exist yet.
 */
import type { RulesetCache } from './cache.js';

interface Fs {
  open(path: string): Promise<{ createReadStream(options: { end: number }): AsyncIterable<Uint8Array> }>;
  writeFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string): Promise<unknown>;
}

/** The folder `path` is in (`.` for a bare file name), on either separator. */
function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : cut === 0 ? path.slice(0, 1) : '.';
}

/**
 * Makes `folder` and its missing parents, a level at a time (Node 20's recursive `mkdir` can loop forever on
 * some paths, see collector/make-folder.ts): each level is tried at most twice, so a path that cannot be made
 * rejects, and the cache write is lost as any failed write is.
 */
async function makeFolder(f: Fs, folder: string): Promise<void> {
  const code = await f.mkdir(folder).then(
    () => undefined,
    (error: { code?: string }) => error.code ?? 'failed',
  );
  if (code === undefined || code === 'EEXIST') return;
  const parent = folderOf(folder);
  if (code !== 'ENOENT' || parent === folder) throw new Error(code);
  await makeFolder(f, parent);
  await f.mkdir(folder);
}

// A variable, not a literal: bundlers leave `import(name)` alone.
const FS = 'node:fs/promises';
/** Writes begun by this process, so that each has a temporary file of its own (see `save`). */
let writes = 0;

/**
 * A cache in `path`; read and write failures are ignored (the network is the source of truth). It loads the
 * file's text (undefined when there is none): the source reads the entry in it with `readEntry`, which this
 * lazy module does not import, so that the modules the entry and the source share stay one chunk.
 * A file over three times `maxBytes` plus 64 KiB is ignored unread past that, as a corrupt one is: its entry
 * holds the ruleset JSON-escaped with its ETag, and a ruleset taken is at most `maxBytes` bytes (fetched: at
 * most twice that escaped) or characters (streamed, escaped: UTF-8 takes up to 3 bytes a character).
 */
export function fileCache(path: string, maxBytes: number): RulesetCache<Promise<string | undefined>> {
  const fs = (): Promise<Fs> => import(FS) as Promise<Fs>;
  // Node refuses a read `end` past the safe integers (a huge maxBytes must not cost the cache).
  const limit = Math.min(3 * maxBytes + 65_536, Number.MAX_SAFE_INTEGER - 1);
  let writing = Promise.resolve();
  return {
    load: () =>
      fs()
        .then(async (f) => {
          // A bounded read, unlike readFile: a huge file or a device that never ends costs at most limit + 1 bytes.
          const decoder = new TextDecoder();
          let text = '';
          let size = 0;
          for await (const chunk of (await f.open(path)).createReadStream({ end: limit })) {
            size += chunk.byteLength;
            text += decoder.decode(chunk, { stream: true });
          }
          return size > limit ? undefined : text + decoder.decode();
        })
        .catch(() => undefined),
    save(entry) {
      // Its own temporary file: two clients of one process given the same cacheFile would otherwise write one
      // file at once, interleaved (a mix of both entries, renamed over the cache).
      const temp = `${path}.${process.pid}.${writes++}.tmp`;
      // One write at a time, in order: the last accepted ruleset is the one left in the file.
      writing = writing
        .then(async () => {
          const f = await fs();
          const text = JSON.stringify(entry);
          // A folder that does not exist yet (`/var/cache/app/`, a fresh container) is made, as a collector's log is.
          await f.writeFile(temp, text).catch(async (error: { code?: string }) => {
            if (error.code !== 'ENOENT') throw error;
            await makeFolder(f, folderOf(path));
            await f.writeFile(temp, text);
          });
          await f.rename(temp, path);
        })
        .catch(() => {});
    },
  };
}
