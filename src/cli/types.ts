/**
 * `splitkit types <ruleset.json> [--out flags.d.ts]`: writes the typed-flag
 * declarations of a ruleset (stdout without `--out`). The ruleset is
 * validated first, so the types describe a ruleset the client would accept.
 */
import { stat, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { formatProblems, readRulesetFile, rulesetWarnings } from '../serve/ruleset-file.js';
import { makeFolder } from '../collector/make-folder.js';
import { flagDeclarations } from './flag-declarations.js';
import { readStdinRuleset } from './validate.js';
import type { CliIo } from './io.js';

const USAGE = 'usage: splitkit types <ruleset.json | -> [--out flags.d.ts]';

/** `splitkit types --help`. */
const HELP = `Usage: splitkit types <ruleset.json | -> [--out <file.d.ts>]

Validates the ruleset and writes TypeScript declarations of its flags (gates, experiments, parameters),
to stdout or to --out, so flag names and parameter types are checked at compile time.
'-' reads the ruleset from standard input (git show HEAD:ruleset.json | splitkit types - --out flags.d.ts).

Options:
  --out <file>   where to write the declarations (default: stdout)
  -h, --help     show this help
`;

/** Runs the command; resolves with the exit code (0 written, 1 bad ruleset or I/O, 2 usage). */
export async function runTypes(argv: readonly string[], io: CliIo): Promise<number> {
  let file: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      io.out(HELP);
      return 0;
    }
    if ((arg === '--out' || arg.startsWith('--out=')) && out !== undefined) return usage(io, '--out given twice');
    if (arg === '--out') {
      out = argv[++i];
      if (out === undefined || out.startsWith('--')) return usage(io, '--out needs a file name');
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else if (arg.startsWith('-') && arg !== '-') {
      return usage(io, `unknown option '${arg}'`);
    } else if (file === undefined) {
      file = arg;
    } else {
      return usage(io, `one ruleset file only (got '${file}' and '${arg}')`);
    }
  }
  if (file === undefined) return usage(io, 'the ruleset file is missing');
  if (out === '') return usage(io, '--out needs a file name');
  // An easy slip (`--out` given the input's name, or a link to it) would replace the ruleset with its
  // declarations: compared by the file they reach (device and inode), as a path cannot tell. A ruleset that
  // does not exist is reported as such below.
  // `-` is standard input, as for validate (`git show HEAD:ruleset.json | splitkit types - --out flags.d.ts`).
  const stdin = file === '-';
  if (!stdin && out !== undefined && (await sameFile(out, file)))
    return usage(io, `--out names the ruleset file itself ('${file}')`);
  if (stdin) file = '<stdin>';

  // The same reading and checking as `splitkit validate`: located JSON errors, every problem with its path.
  const read = stdin ? await readStdinRuleset(io) : await readRulesetFile(file);
  if (!read.ok) {
    for (const line of formatProblems(file, read.problems).split('\n').filter(Boolean))
      io.err(`splitkit types: ${line}\n`);
    return 1;
  }
  // validate's warnings too (a key given twice types only its last copy): on stderr, the declarations unchanged.
  for (const warning of rulesetWarnings(read.served, Date.now()))
    io.err(`splitkit types: ${file}: warning: ${warning}\n`);
  const declarations = flagDeclarations(read.served.ruleset, basename(file));
  if (out === undefined) {
    io.out(declarations);
    return 0;
  }
  try {
    // As keygen --out does: a folder that does not exist yet (src/generated/) is made.
    await makeFolder(dirname(out));
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

/** Whether both paths reach one existing file (a symlink, a hard link, another spelling on a case-insensitive disk). */
async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [first, second] = await Promise.all([stat(a), stat(b)]);
    return first.dev === second.dev && first.ino === second.ino;
  } catch {
    // One of them does not exist (a new --out file): not the same.
    return false;
  }
}
