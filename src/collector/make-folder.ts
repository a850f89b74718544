/**
 * Creating a folder and its missing parents. Node 20's own
 * `mkdir(path, { recursive: true })` loops forever at full CPU on some paths
 * (under /proc, where making a child answers ENOENT although its parent
 * exists), so every folder the collector, the CLI and `serve` create goes
 * through this walk, which makes each level once and stops.
 */
import { mkdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates the folder `path` and any missing parents; resolves when it exists.
 * Rejects with an error naming `path` and the level that failed (a file in
 * the way, a missing permission, a file system that refuses) after at most
 * one `mkdir` per missing level.
 */
export async function makeFolder(path: string): Promise<void> {
  const target = resolve(path);
  const fail = (level: string, problem: string, cause?: unknown): Error =>
    new Error(`Cannot create the folder ${target}: ${level === target ? 'it' : level} ${problem}`, { cause });
  const missing: string[] = [];
  // Walk up to the first ancestor that exists; the root always ends the walk.
  for (let level = target; ; level = dirname(level)) {
    const found = await statOf(level);
    if (found instanceof Error) {
      const code = (found as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(level) === level) {
        throw fail(level, `cannot be read (${found.message})`, found);
      }
      missing.push(level);
      continue;
    }
    if (!found.isDirectory()) throw fail(level, 'is not a folder');
    break;
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Made by someone else meanwhile: fine, when it is a folder.
      if (code === 'EEXIST' && (await statOf(level).then((s) => !(s instanceof Error) && s.isDirectory()))) continue;
      throw fail(level, `cannot be made (${(error as Error).message})`, error);
    }
  }
}

function statOf(path: string): Promise<Stats | Error> {
  return stat(path).catch((error: Error) => error);
}
