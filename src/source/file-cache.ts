/**
 * A ruleset cache in a file, for servers. `node:fs` is imported when first
 * needed, through a name bundlers do not follow, so browser bundles neither
 * carry nor fail on it. Writes go to a temporary file renamed over the
 * cache, so a crash mid-write never leaves a truncated cache behind.
 */
import type { RulesetCache } from './cache.js';

interface Fs {
  open(path: string): Promise<{ createReadStream(options: { end: number }): AsyncIterable<Uint8Array> }>;
  writeFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
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
          await f.writeFile(temp, JSON.stringify(entry));
          await f.rename(temp, path);
        })
        .catch(() => {});
    },
  };
}
