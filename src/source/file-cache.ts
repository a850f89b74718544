/**
 * A ruleset cache in a file, for servers. `node:fs` is imported when first
 * needed, through a name bundlers do not follow, so browser bundles neither
 * carry nor fail on it. Writes go to a temporary file renamed over the
 * cache, so a crash mid-write never leaves a truncated cache behind.
 */
import type { RulesetCache } from './cache.js';

interface Fs {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

// A variable, not a literal: bundlers leave `import(name)` alone.
const FS = 'node:fs/promises';

/**
 * A cache in `path`; read and write failures are ignored (the network is the source of truth). It loads the
 * file's text (undefined when there is none): the source reads the entry in it with `readEntry`, which this
 * lazy module does not import, so that the modules the entry and the source share stay one chunk.
 */
export function fileCache(path: string): RulesetCache<Promise<string | undefined>> {
  const fs = (): Promise<Fs> => import(FS) as Promise<Fs>;
  let writing = Promise.resolve();
  return {
    load: () =>
      fs()
        .then((f) => f.readFile(path, 'utf8'))
        .catch(() => undefined),
    save(entry) {
      const temp = `${path}.${process.pid}.tmp`;
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
