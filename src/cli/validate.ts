/** `splitkit validate <file…>`: checks ruleset files as clients and `splitkit serve` will. */
import { parseArgs } from 'node:util';
import {
  formatProblems,
  readRulesetFile,
  rulesetWarnings,
  servedRuleset,
  summarizeRuleset,
} from '../serve/ruleset-file.js';
import type { RulesetFileResult } from '../serve/ruleset-file.js';
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
  if (parsed.positionals.filter((file) => file === '-').length > 1) {
    io.err(`splitkit validate: '-' (standard input) given twice\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  let failed = 0;
  for (const given of parsed.positionals) {
    // `-` is standard input (`git show HEAD:ruleset.json | splitkit validate -`); a file named so is `./-`.
    const file = given === '-' ? '<stdin>' : given;
    const result = given === '-' ? await readStdinRuleset(io) : await readRulesetFile(file);
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

/** The ruleset on standard input, checked as a file is (`validate -`, `types -`). */
export async function readStdinRuleset(io: CliIo): Promise<RulesetFileResult> {
  if (io.readStdin === undefined)
    return { ok: false, problems: [{ path: '', message: 'cannot read standard input here' }] };
  let bytes: Buffer;
  try {
    bytes = await io.readStdin();
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `cannot read standard input: ${(error as Error).message}` }] };
  }
  return servedRuleset(bytes);
}
