/**
 * A writer lock on a log file: `<file>.lock` holding the owner's pid and a
 * random token. Only the lock holder may append or repair the file; a lock
 * whose process is gone (killed, crashed) is taken over. It guards against
 * mistakes (two collectors on one file), not against hostile processes.
 *
 * Taking over must be atomic, or two collectors starting together on a stale
 * lock could both win (each deleting the lock, then one deleting the other's
 * fresh one). So a lock is never deleted to be taken over: the one process
 * that creates `<file>.lock.<token>.takeover` (exclusive create, named after
 * the stale lock's token) checks the lock still holds that token and
 * replaces it in one `rename`. Anyone else backs off.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A held lock. */
export interface FileLock {
  /** Deletes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** The outcome of {@link acquireFileLock}. */
export type LockResult = { acquired: true; lock: FileLock } | { acquired: false; ownerPid: number | undefined };

/** What a lock file says. */
interface LockContent {
  text: string;
  pid: number | undefined;
  /** Names this lock file among all that ever sat at the path (older files: their whole text). */
  token: string;
}

// Locks held, and being taken, by this process (path -> our lock file's text). A second writer in the same
// process would keep its own dedupe set, so it is refused too.
const heldHere = new Map<string, string>();
const takingHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(text: string): LockContent {
  const [pidText, token] = text.trim().split(/\s+/);
  const pid = Number.parseInt(pidText ?? '', 10);
  return {
    text,
    pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined,
    token: token && /^[0-9a-f]{16,64}$/.test(token) ? token : Buffer.from(text).toString('hex').slice(0, 64) || 'empty',
  };
}

async function readLock(lockPath: string): Promise<LockContent | undefined> {
  try {
    return parseLock(await readFile(lockPath, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

// Removes held locks when the process exits without closing its stores (an uncaught error, process.exit).
function releaseAllSync(): void {
  for (const [lockPath, text] of heldHere) {
    try {
      if (readFileSync(lockPath, 'utf8') === text) rmSync(lockPath, { force: true });
    } catch {
      // Already gone or unreadable: nothing of ours to remove.
    }
  }
  heldHere.clear();
}

function hold(lockPath: string, text: string): FileLock {
  if (heldHere.size === 0) process.on('exit', releaseAllSync);
  heldHere.set(lockPath, text);
  return { release: () => release(lockPath, text) };
}

async function release(lockPath: string, text: string): Promise<void> {
  if (heldHere.get(lockPath) !== text) return;
  heldHere.delete(lockPath);
  if (heldHere.size === 0) process.off('exit', releaseAllSync);
  if ((await readLock(lockPath))?.text === text) await rm(lockPath, { force: true });
}

/** Writes `text` to a file only this attempt uses, for an atomic link or rename into place. */
async function draft(lockPath: string, text: string): Promise<string> {
  const path = `${lockPath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(path, text, { flag: 'wx' });
  return path;
}

/** Creates the lock when there is none: a link fails if the path exists, and never leaves a half-written lock. */
async function create(lockPath: string, text: string): Promise<boolean> {
  const temp = await draft(lockPath, text);
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

/** The pid and token of this process's lock files. */
function ownText(): string {
  return `${process.pid} ${randomBytes(16).toString('hex')}\n`;
}

/**
 * Replaces the stale lock file `stale` at `lockPath` with `text`, unless another process is doing it or did
 * it. The right to replace is the claim file named after the stale token; a claim left by a process that died
 * holding it is itself stale and is taken over the same way (a level deeper, at most twice).
 */
async function takeOver(lockPath: string, stale: LockContent, text: string, level = 0): Promise<boolean> {
  const claimPath = `${lockPath}.${stale.token}.takeover`;
  const claimText = ownText();
  if (!(await create(claimPath, claimText))) {
    const claim = await readLock(claimPath);
    if (claim === undefined || level >= 2 || (claim.pid !== undefined && isAlive(claim.pid))) return false;
    if (!(await takeOver(claimPath, claim, claimText, level + 1))) return false;
  }
  try {
    // Whoever held the claim before us may have replaced the lock already; only the stale one is replaced.
    if ((await readLock(lockPath))?.text !== stale.text) return false;
    const temp = await draft(lockPath, text);
    try {
      await rename(temp, lockPath);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return true;
  } finally {
    // The lock no longer holds the stale token, so a late claim of it finds nothing to replace.
    if ((await readLock(claimPath))?.text === claimText) await rm(claimPath, { force: true });
  }
}

/** The lock file of `path`: `<path>.lock`, present while a process holds (or held) the lock. */
export function lockFileOf(path: string): string {
  return `${resolve(path)}.lock`;
}

/**
 * The file `path` names, symbolic links resolved (the file itself when it exists, else its folder), for
 * taking a lock on: two paths to one file (`current.ndjson` a link to `events.ndjson`) must find one lock,
 * or two collectors would write the file at once, each deduplicating on its own. Falls back to `path`.
 */
export async function lockTargetOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    try {
      return join(await realpath(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** Takes the lock on `path` unless a live process (or this one) holds it. */
export async function acquireFileLock(path: string): Promise<LockResult> {
  const lockPath = lockFileOf(path);
  if (heldHere.has(lockPath) || takingHere.has(lockPath)) return { acquired: false, ownerPid: process.pid };
  takingHere.add(lockPath);
  try {
    const text = ownText();
    // A few rounds: the lock may vanish (released) or change hands between our steps.
    for (let round = 0; round < 5; round++) {
      if (await create(lockPath, text)) return { acquired: true, lock: hold(lockPath, text) };
      const current = await readLock(lockPath);
      if (current === undefined) continue;
      // Our own pid in a lock this process does not hold is a previous process that had the same pid.
      if (current.pid !== undefined && current.pid !== process.pid && isAlive(current.pid))
        return { acquired: false, ownerPid: current.pid };
      if (await takeOver(lockPath, current, text)) return { acquired: true, lock: hold(lockPath, text) };
      const after = await readLock(lockPath);
      if (after !== undefined && after.text !== current.text) {
        return { acquired: false, ownerPid: after.pid };
      }
      // Another process is taking over right now: wait a moment and look again.
      await new Promise((resolve) => setTimeout(resolve, 20 * (round + 1)));
    }
    return { acquired: false, ownerPid: (await readLock(lockPath))?.pid };
  } finally {
    takingHere.delete(lockPath);
  }
}
