/**
 * Noticing that a file changed on disk. `fs.watch` is fast but not reliable
 * everywhere (network and container file systems, editors that replace the
 * file by renaming), so a cheap `stat` poll backs it up; bursts of writes are
 * debounced into one notification.
 */
import { statSync, watch } from 'node:fs';
import type { FSWatcher, Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Timing of {@link watchFile}. */
export interface FileWatchOptions {
  /** How often the file is stat'ed. Default 500 ms. */
  pollMs?: number;
  /** Quiet time after the last change before `onChange` runs. Default 50 ms. */
  debounceMs?: number;
}

/** Stops watching. */
export type StopWatching = () => void;

function fingerprint(stats: Stats | undefined): string {
  return stats === undefined ? 'missing' : `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Calls `onChange` after `file` changed (written, replaced, created or
 * removed). The watcher holds no process alive on its own.
 */
export function watchFile(file: string, onChange: () => void, options: FileWatchOptions = {}): StopWatching {
  const pollMs = options.pollMs ?? 500;
  const debounceMs = options.debounceMs ?? 50;
  let last = fingerprint(statOrUndefined(file));
  let pending: NodeJS.Timeout | undefined;
  let stopped = false;

  const changed = (): void => {
    if (stopped) return;
    clearTimeout(pending);
    pending = setTimeout(() => {
      pending = undefined;
      if (!stopped) onChange();
    }, debounceMs);
    pending.unref();
  };

  // The directory, not the file: a watch on the file follows its inode and goes deaf when an editor
  // or a deploy replaces the file with a rename.
  let watcher: FSWatcher | undefined;
  const name = basename(file);
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changedName) => {
      if (changedName === null || changedName.toString() === name) changed();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined; // The poll alone still notices within pollMs.
  }

  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    stat(file)
      .then(
        (stats) => stats,
        () => undefined,
      )
      .then((stats) => {
        polling = false;
        const now = fingerprint(stats);
        if (now !== last) {
          last = now;
          changed();
        }
      });
  }, pollMs);
  poll.unref();

  return () => {
    stopped = true;
    clearTimeout(pending);
    clearInterval(poll);
    watcher?.close();
  };
}
