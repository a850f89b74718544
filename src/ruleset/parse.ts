/**
 * `parseRuleset`: the one way untrusted ruleset JSON becomes a {@link Ruleset}.
 * Structure is checked with the zod/mini schema, then the semantic checks
 * run, then `normalizeRuleset` fills the defaults. Every problem is reported
 * at once in a {@link ConfigError}, each with its JSON path.
 */
import { ConfigError, isSplitkitError } from '../errors/index.js';
import type { RulesetInput } from './input.js';
import { firstPerPath, IssueList } from './issues.js';
import { MAX_DEPTH, scanDocument } from './document-scan.js';
import { normalizeRuleset } from './normalize.js';
import { checkSemantics } from './semantic-checks.js';
import { structuralIssues } from './structural-issues.js';
import { isPlainObject } from '../shared/plain-object.js';
import type { Ruleset } from './types.js';

/**
 * Validates an untrusted ruleset (a parsed JSON value or a JSON string) and returns it normalized.
 * Throws ConfigError listing every problem with its JSON path.
 *
 * @example
 * ```ts
 * try {
 *   const ruleset = parseRuleset(await response.text());
 * } catch (error) {
 *   if (error instanceof ConfigError) for (const issue of error.issues) console.error(issue.path, issue.message);
 * }
 * ```
 */
export function parseRuleset(input: unknown): Ruleset {
  const document = typeof input === 'string' ? parseJson(input) : input;
  try {
    const issues = findProblems(document);
    if (!issues.empty) throw new ConfigError(issues.toValidationIssues());
    return normalizeRuleset(document as RulesetInput);
  } catch (error) {
    if (isSplitkitError(error)) throw error;
    // Objects built in code can still surprise (throwing getters, proxies): report, never crash differently.
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ path: '', message: `the ruleset could not be read (${detail})` }], { cause: error });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ path: '', message: `invalid JSON (${detail})` }], { cause: error });
  }
}

/** Every problem of the document; some (wrong document type or version, runaway nesting) stand alone. */
function findProblems(document: unknown): IssueList {
  const issues = new IssueList();
  if (!isPlainObject(document)) {
    issues.add([], `expected a ruleset object, got ${describe(document)}`);
    return issues;
  }
  const version = document['version'];
  if (version !== undefined && version !== 1) {
    // Another version means another format: field-by-field complaints would only mislead.
    issues.add(
      ['version'],
      typeof version === 'number'
        ? `unsupported ruleset version ${version}; this SDK reads version 1`
        : `expected version 1, got ${describe(version)}`,
    );
    return issues;
  }
  const scan = scanDocument(document);
  if (scan.tooDeep !== undefined) {
    issues.add(scan.tooDeep, `nested more than ${MAX_DEPTH} levels deep`);
    return issues;
  }
  const structural = firstPerPath([
    ...scan.protoKeys.map((path) => ({ path, message: 'the key "__proto__" is not allowed' })),
    ...structuralIssues(document),
  ]);
  for (const issue of structural) issues.add(issue.path, issue.message);
  checkSemantics(document, structural, issues);
  return issues;
}

/** Names what came instead of what was expected: `null`, `an array`, `a string`, … */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
