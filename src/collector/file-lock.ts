/**
 * A writer lock on a log file: `<file>.lock` holding the owner's pid. Only
 * the lock holder may append or repair the file; a lock whose process is gone
 * (killed, crashed) is taken over. It guards against mistakes (two collectors
 * on one file), not against hostile processes.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A held lock. */
export interface FileLock {
  /** Deletes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** The outcome of {@link acquireFileLock}. */
export type LockResult = { acquired: true; lock: FileLock } | { acquired: false; ownerPid: number | undefined };

// A second writer in the same process would keep its own dedupe set, so it is refused too.
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(lockPath: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock on `path` unless a live process (or this one) holds it. */
export async function acquireFileLock(path: string): Promise<LockResult> {
  const lockPath = `${resolve(path)}.lock`;
  if (heldHere.has(lockPath)) return { acquired: false, ownerPid: process.pid };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(lockPath);
      return { acquired: true, lock: { release: () => release(lockPath) } };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(lockPath);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) return { acquired: false, ownerPid: owner };
    await rm(lockPath, { force: true });
  }
  return { acquired: false, ownerPid: await readOwner(lockPath) };
}

async function release(lockPath: string): Promise<void> {
  if (!heldHere.delete(lockPath)) return;
  if ((await readOwner(lockPath)) === process.pid) await rm(lockPath, { force: true });
}
