/**
 * `splitkit keygen` and `splitkit sign`: Ed25519 keys and detached
 * signatures for rulesets hosted without `splitkit serve` (a CDN, a bucket),
 * whose `.sig` file the host sends as the `Splitkit-Signature` header.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblems, readRulesetFile } from '../serve/ruleset-file.js';
import { generateSigningKeys, loadSigner } from '../serve/signing.js';
import type { CliIo } from './io.js';
import { KEYGEN_USAGE, SIGN_USAGE } from './usage.js';

/** File names `splitkit keygen` writes. */
export const KEY_FILE = 'splitkit-signing.key';
/** The public key's file. */
export const PUBLIC_KEY_FILE = 'splitkit-signing.pub';

function parse(argv: readonly string[], option: 'out' | 'key', positionals: boolean) {
  const { values, positionals: files } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: positionals,
    options: { [option]: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
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
  const keys = generateSigningKeys();
  const keyFile = join(dir, KEY_FILE);
  try {
    // 'wx': an existing key is never overwritten (losing it would lock every client out); 0600: the owner only.
    await writeFile(keyFile, keys.privateKeyPem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EEXIST'
        ? 'already exists; move it away or pick another --out'
        : code === 'ENOENT'
          ? 'no such directory'
          : (error as Error).message;
    io.err(`splitkit keygen: --out ${dir}: cannot write ${keyFile}: ${reason}\n`);
    return 1;
  }
  await writeFile(join(dir, PUBLIC_KEY_FILE), `${keys.publicKey}\n`);
  io.out(
    `wrote ${keyFile} (private: keep it secret) and ${join(dir, PUBLIC_KEY_FILE)}\npublic key: ${keys.publicKey}\n`,
  );
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
  try {
    signer = loadSigner(await readFile(key, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    io.err(
      parsed.value === undefined
        ? `splitkit sign: key file ${resolve(KEY_FILE)} (the default, where splitkit keygen writes it): ${problem}; run splitkit keygen here, or pass --key <file>\n`
        : `splitkit sign: --key ${key}: ${problem}\n`,
    );
    return 1;
  }
  // A ruleset clients would refuse anyway is not worth a signature.
  const result = await readRulesetFile(file, signer);
  if (!result.ok) {
    io.err(`${formatProblems(file, result.problems)}splitkit sign: ${file} is not a valid ruleset; nothing signed\n`);
    return 1;
  }
  await writeFile(`${file}.sig`, `${result.served.signature}\n`);
  io.out(`wrote ${file}.sig (public key ${signer.publicKey})\n`);
  return 0;
}
