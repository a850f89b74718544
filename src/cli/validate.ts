/** `splitkit validate <file…>`: checks ruleset files as clients and `splitkit serve` will. */
import { parseArgs } from 'node:util';
import { formatProblems, readRulesetFile, rulesetWarnings, summarizeRuleset } from '../serve/ruleset-file.js';
import type { CliIo } from './io.js';
import { VALIDATE_USAGE } from './usage.js';

/** Runs `splitkit validate`; resolves with 0 when every file is valid, 1 when one is not, 2 on a usage error. */
export async function runValidate(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    io.err(`splitkit validate: ${(error as Error).message}\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(VALIDATE_USAGE);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    io.err(`splitkit validate: missing the ruleset file to check\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  let failed = 0;
  for (const file of parsed.positionals) {
    const result = await readRulesetFile(file);
    if (result.ok) {
      io.out(`${file}: valid (${summarizeRuleset(result.served.ruleset)}; ETag ${result.served.etag})\n`);
      for (const warning of rulesetWarnings(result.served, Date.now())) io.err(`${file}: warning: ${warning}\n`);
    } else {
      failed++;
      io.err(formatProblems(file, result.problems));
      io.err(`${file}: ${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}
