/**
 * `splitkit keygen` and `splitkit sign`: Ed25519 keys and detached
 * signatures for rulesets hosted without `splitkit serve` (a CDN, a bucket),
 * whose `.sig` file the host sends as the `Splitkit-Signature` header.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeFolder } from '../collector/make-folder.js';
import { readKeyFile } from '../serve/key-file.js';
import { formatProblems, readRulesetFile } from '../serve/ruleset-file.js';
import { generateSigningKeys } from '../serve/signing.js';
import type { CliIo } from './io.js';
import { repeatedOption } from './repeated-option.js';
import { KEYGEN_USAGE, SIGN_USAGE } from './usage.js';

/** File names `splitkit keygen` writes. */
export const KEY_FILE = 'splitkit-signing.key';
/** The public key's file. */
export const PUBLIC_KEY_FILE = 'splitkit-signing.pub';

/** Why a file could not be written, in words (the error's own message when there are none). */
function writeProblem(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const words: { [code: string]: string } = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a directory',
    ENOENT: 'no such directory',
    ENOTDIR: 'a part of the path is not a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EEXIST: 'already exists',
  };
  return code !== undefined && words[code] !== undefined ? `${words[code]} (${code})` : message;
}

/** Removes `file`; the problem when that failed, undefined when it is gone (or never was). */
async function remove(file: string): Promise<string | undefined> {
  try {
    await rm(file, { force: true });
    return undefined;
  } catch (error) {
    return writeProblem(error);
  }
}

function parse(argv: readonly string[], option: 'out' | 'key', positionals: boolean) {
  const {
    values,
    positionals: files,
    tokens,
  } = parseArgs({
    args: [...argv],
    strict: true,
    tokens: true,
    allowPositionals: positionals,
    options: { [option]: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const twice = repeatedOption(tokens, ['help']);
  if (twice !== undefined) throw new Error(`--${twice} given twice`);
  return { value: values[option] as string | undefined, help: values.help === true, positionals: files };
}

/** Runs `splitkit keygen [--out DIR]`: writes a new key pair (never over an existing key) and prints the public key. */
export async function runKeygen(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    values = parse(argv, 'out', false);
  } catch (error) {
    io.err(`splitkit keygen: ${(error as Error).message}\n\n${KEYGEN_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(KEYGEN_USAGE);
    return 0;
  }
  const dir = values.value ?? '.';
  if (dir === '') {
    io.err(`splitkit keygen: --out needs a directory\n\n${KEYGEN_USAGE}`);
    return 2;
  }
  try {
    // A rotation makes its pair in a new folder (`--out keys-2026`): created as `serve --store` creates its own.
    await makeFolder(dir);
  } catch (error) {
    io.err(`splitkit keygen: --out ${dir}: ${(error as Error).message}\n`);
    return 1;
  }
  const keys = generateSigningKeys();
  const keyFile = join(dir, KEY_FILE);
  const publicFile = join(dir, PUBLIC_KEY_FILE);
  try {
    // 'wx': an existing key is never overwritten (losing it would lock every client out); 0600: the owner only.
    await writeFile(keyFile, keys.privateKeyPem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' ? 'already exists; move it away or pick another --out' : writeProblem(error);
    io.err(`splitkit keygen: --out ${dir}: cannot write ${keyFile}: ${reason}\n`);
    return 1;
  }
  try {
    await writeFile(publicFile, `${keys.publicKey}\n`);
  } catch (error) {
    // A new private key next to an old (or no) public key would sign rulesets no client accepts: it goes again.
    const removal = await remove(keyFile);
    io.err(
      `splitkit keygen: --out ${dir}: cannot write ${publicFile}: ${writeProblem(error)}; ` +
        (removal === undefined
          ? `the new ${keyFile} was removed again, no key was made\n`
          : `the new ${keyFile} could not be removed (${removal}): delete it, it has no public key\n`),
    );
    return 1;
  }
  io.out(`wrote ${keyFile} (private: keep it secret) and ${publicFile}\npublic key: ${keys.publicKey}\n`);
  return 0;
}

/**
 * Runs `splitkit sign <ruleset.json> [--key <file>]`: writes `<ruleset.json>.sig`. The key defaults to
 * {@link KEY_FILE} in the current directory, where `splitkit keygen` writes it without `--out`.
 */
export async function runSign(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv, 'key', true);
  } catch (error) {
    io.err(`splitkit sign: ${(error as Error).message}\n\n${SIGN_USAGE}`);
    return 2;
  }
  const { positionals } = parsed;
  if (parsed.help) {
    io.out(SIGN_USAGE);
    return 0;
  }
  const usage = (problem: string): number => {
    io.err(`splitkit sign: ${problem}\n\n${SIGN_USAGE}`);
    return 2;
  };
  if (positionals.length !== 1)
    return usage(
      positionals.length === 0
        ? 'missing the ruleset file to sign'
        : `expected one ruleset file, got ${positionals.length}`,
    );
  if (parsed.value === '') return usage('--key needs a file');
  // Without --key: the file a plain `splitkit keygen` wrote here, so keygen-then-sign needs no options.
  const key = parsed.value ?? KEY_FILE;
  const file = positionals[0]!;
  let signer;
  let keyProblem: string | undefined;
  try {
    // As serve reads its --key: a FIFO, a device or a directory is refused by name, not waited on or read forever.
    const loaded = await readKeyFile(key);
    signer = loaded.signer;
    const named = parsed.value === undefined ? `key file ${resolve(KEY_FILE)} (the default)` : `--key ${key}`;
    if (loaded.warning !== undefined) io.err(`splitkit sign: ${named}: warning: ${loaded.warning}\n`);
  } catch (error) {
    const problem = (error as Error).message;
    keyProblem =
      parsed.value === undefined
        ? `splitkit sign: key file ${resolve(KEY_FILE)} (the default, where splitkit keygen writes it): ${problem}; run splitkit keygen here, or pass --key <file>\n`
        : `splitkit sign: --key ${key}: ${problem}\n`;
  }
  // A ruleset clients would refuse anyway is not worth a signature. Read even when the key cannot be used, so
  // that one run names the problems of both (as serve does), not one per attempt.
  const result = await readRulesetFile(file, signer);
  if (!result.ok) {
    io.err(
      `${keyProblem ?? ''}${formatProblems(file, result.problems)}splitkit sign: ${file} is not a valid ruleset; nothing signed\n`,
    );
    return 1;
  }
  if (keyProblem !== undefined || signer === undefined) {
    io.err(keyProblem ?? '');
    return 1;
  }
  const sigFile = `${file}.sig`;
  // Written whole under a temporary name, then renamed over the old one: a reader never sees half a signature.
  const temporary = `${sigFile}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${result.served.signature}\n`);
    await rename(temporary, sigFile);
  } catch (error) {
    await remove(temporary);
    // The old signature covers an earlier version of the file: left in place it could be shipped with this one.
    const removal = await remove(sigFile);
    io.err(
      `splitkit sign: cannot write ${sigFile}: ${writeProblem(error)}; ` +
        (removal === undefined
          ? 'nothing signed (an older one there was removed)\n'
          : `nothing signed, and the one there could not be removed (${removal}): do not ship it, it may not sign the current ${file}\n`),
    );
    return 1;
  }
  io.out(`wrote ${sigFile} (public key ${signer.publicKey})\n`);
  return 0;
}
