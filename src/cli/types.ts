/**
 * `splitkit types <ruleset.json> [--out flags.d.ts]`: writes the typed-flag
 * declarations of a ruleset (stdout without `--out`). The ruleset is
 * validated first, so the types describe a ruleset the client would accept.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isSplitkitError } from '../errors/index.js';
import { parseRuleset } from '../ruleset/parse.js';
import { flagDeclarations } from './flag-declarations.js';
import type { CliIo } from './io.js';

const USAGE = 'usage: splitkit types <ruleset.json> [--out flags.d.ts]';

/** Runs the command; resolves with the exit code (0 written, 1 bad ruleset or I/O, 2 usage). */
export async function runTypes(argv: readonly string[], io: CliIo): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out') {
      out = argv[++i];
      if (out === undefined || out.startsWith('--')) return usage(io, '--out needs a file name');
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else if (arg.startsWith('-')) {
      return usage(io, `unknown option '${arg}'`);
    } else if (file === undefined) {
      file = arg;
    } else {
      return usage(io, `one ruleset file only (got '${file}' and '${arg}')`);
    }
  }
  if (file === undefined) return usage(io, 'the ruleset file is missing');
  if (out === '') return usage(io, '--out needs a file name');

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`splitkit types: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.err(`splitkit types: ${file} is not JSON: ${(error as Error).message}\n`);
    return 1;
  }
  let declarations: string;
  try {
    declarations = flagDeclarations(parseRuleset(json), basename(file));
  } catch (error) {
    io.err(`splitkit types: ${file}: ${isSplitkitError(error) ? error.message : String(error)}\n`);
    return 1;
  }
  if (out === undefined) {
    io.out(declarations);
    return 0;
  }
  try {
    await writeFile(out, declarations);
  } catch (error) {
    io.err(`splitkit types: cannot write ${out}: ${(error as Error).message}\n`);
    return 1;
  }
  io.out(`wrote ${out}\n`);
  return 0;
}

function usage(io: CliIo, problem: string): number {
  io.err(`splitkit types: ${problem}\n${USAGE}\n`);
  return 2;
}
