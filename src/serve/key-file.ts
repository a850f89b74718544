/**
 * Reading a private key file for `splitkit serve --key` and `splitkit sign`: a regular file (a FIFO or a
 * device is refused by name), loaded as an Ed25519 signer, with a warning when users other than its owner
 * may read it.
 */
import { stat } from 'node:fs/promises';
import { readRegularFile } from './ruleset-file.js';
import { loadSigner } from './signing.js';
import type { RulesetSigner } from './signing.js';

/** A loaded key, and what to warn about it. */
export interface KeyFile {
  signer: RulesetSigner;
  /** Set when the file's mode lets its group or every user read it (keygen writes 0600). */
  warning: string | undefined;
}

/** Reads and loads the key at `file`; throws an Error whose message says what is wrong (`no such file`, …). */
export async function readKeyFile(file: string): Promise<KeyFile> {
  const signer = loadSigner((await readRegularFile(file)).toString('utf8'));
  return { signer, warning: await readableByOthers(file) };
}

/**
 * Anyone who can read the key signs rulesets that clients accept. A key copied with `cp`, checked out by git
 * or unpacked by a deploy is often 0644. (Windows has no such mode bits: nothing to say there.)
 */
async function readableByOthers(file: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch {
    return undefined; // Replaced since it was read: the key in use was checked as it was read.
  }
  if ((mode & 0o044) === 0) return undefined;
  const who = mode & 0o004 ? 'every user' : 'its group';
  const shown = (mode & 0o777).toString(8).padStart(4, '0');
  return `${who} may read this private key (mode ${shown}), and sign rulesets your clients accept with it; chmod 600 ${file}`;
}
