/**
 * The `splitkit` command line: `splitkit collect …` runs a collector,
 * `splitkit serve …` serves a ruleset and collects, `validate`, `keygen` and
 * `sign` check and sign rulesets, `splitkit analyze …` analyzes an experiment
 * (loaded only when asked for).
 */
import { runCollect } from './collect.js';
import { processIo } from './io.js';
import type { CliIo } from './io.js';
import { USAGE } from './usage.js';
import { SDK } from '../version.js';
import { printable } from '../shared/printable.js';

/** The commands, each with its own `--help`. */
const COMMANDS = ['collect', 'serve', 'validate', 'keygen', 'sign', 'analyze', 'types'];

/**
 * Runs the command in `argv` (the arguments after `splitkit`) and resolves
 * with the process exit code: 0 on success, 1 on failure, 2 on a usage error.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'collect':
      return runCollect(rest, io);
    case 'serve': {
      const { runServe } = await import('./serve.js');
      return runServe(rest, io);
    }
    case 'validate': {
      const { runValidate } = await import('./validate.js');
      return runValidate(rest, io);
    }
    case 'keygen': {
      const { runKeygen } = await import('./keys.js');
      return runKeygen(rest, io);
    }
    case 'sign': {
      const { runSign } = await import('./keys.js');
      return runSign(rest, io);
    }
    case 'analyze': {
      const { runAnalyze } = await import('./analyze.js');
      return runAnalyze(rest, io);
    }
    case 'types': {
      const { runTypes } = await import('./types.js');
      return runTypes(rest, io);
    }
    case '-v':
    case '--version':
    case 'version':
      io.out(`${SDK.version}\n`);
      return 0;
    case '-h':
    case '--help':
    case 'help':
      // `splitkit help analyze`: that command's own help, as `splitkit analyze --help` prints it.
      // An option after it (`--help --version`) is no command: the general help, as before `help <command>`.
      if (rest[0] === undefined || rest[0].startsWith('-')) {
        io.out(USAGE);
        return 0;
      }
      if (!COMMANDS.includes(rest[0])) {
        io.err(`splitkit: no help for '${printable(rest[0])}': not a command\n\n${USAGE}`);
        return 2;
      }
      return main([rest[0], '--help'], io);
    case undefined:
      io.err(USAGE);
      return 2;
    default:
      io.err(`splitkit: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

export type { CliIo } from './io.js';
