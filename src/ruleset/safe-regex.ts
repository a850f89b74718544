/**
 * Rejects regular expressions that could hang evaluation. JavaScript's regex
 * engine backtracks, so a pattern that can match the same text in many ways
 * takes exponential time on some inputs. The check is conservative: a few
 * harmless patterns are refused (e.g. `(\.\d+)*`), and can always be
 * rewritten; the dangerous shapes are never accepted:
 *
 * - patterns longer than {@link MAX_REGEX_LENGTH} characters;
 * - backreferences (`\1`, `\k<name>`);
 * - nested quantifiers: a group repeated more than once that contains a
 *   quantifier matching a variable number of times (`(a+)+`, `(a*)*`,
 *   `(.*a){20}`), unless both are bounded and small (`(\d{1,3}\.){3}`);
 * - a repeated alternation whose branches can start with the same character
 *   (`(a|a)*`, `(a|ab)*`, `(\w|\d)+`);
 * - quantifiers side by side that can take each other's characters, when
 *   their work on a text of {@link MAX_REGEX_SUBJECT} characters would grow
 *   past about n² (`.*a.*a`, `\s+\s+$`; see regex-work.ts). The evaluator
 *   caps the text at that length, so what passes here reads in bounded time;
 * - what the evaluator's small scan refuses in every build (regex-cap.ts): a
 *   repeated group holding a quantifier, an alternation or another group,
 *   even a harmless one (`(foo|bar)+`, `(\d{1,3}\.){3}`).
 */
import { caseFold, EMPTY, intersects, union, type CharSet } from './char-set.js';
import { parseRegex, type RegexNode } from './regex-ast.js';
import { regexSubjectCap } from './regex-cap.js';
import { regexWork } from './regex-work.js';
import { MAX_REGEX_SUBJECT } from './regex-subject.js';

/** Longest pattern accepted, in UTF-16 code units. */
export const MAX_REGEX_LENGTH = 1000;

/**
 * How many ways a bounded nested repeat may split its text:
 * `(\d{1,3}\.){3}` has 3^3 = 27 and passes; `(a{1,3}){10}` has 3^10 and fails.
 */
const MAX_BOUNDED_WAYS = 1000;

/**
 * Most work (see regex-work.ts) a pattern may take: four chains of two
 * competing unbounded parts on the longest text, a few milliseconds.
 */
const MAX_WORK = 4 * (MAX_REGEX_SUBJECT + 1) ** 2;

type Repeat = Extract<RegexNode, { kind: 'repeat' }>;

/**
 * Why `pattern` (compiled with `flags`, e.g. `'i'`) must not be used, or
 * undefined when it compiles and is safe.
 */
export function regexProblem(pattern: string, flags = ''): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return `pattern is longer than ${MAX_REGEX_LENGTH} characters`;
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return `invalid regular expression (${detail})`;
  }
  const ignoreCase = flags.includes('i');
  const ast = parseRegex(pattern);
  const hazard = findHazard(ast, ignoreCase) ?? polynomialHazard(ast, ignoreCase) ?? evaluatorRefusal(pattern);
  return hazard === undefined ? undefined : `unsafe regular expression: ${hazard}`;
}

// The evaluator's own scan (regex-cap.ts, small enough for every bundle) refuses some patterns this check
// would pass; a validated ruleset must never hold a condition that silently matches nothing.
function evaluatorRefusal(pattern: string): string | undefined {
  if (regexSubjectCap(pattern) >= 0) return undefined;
  return 'a repeated group holds a quantifier, an alternation or another group (e.g. (a|b)+, (\\d{1,3}\\.){3}), which the evaluator refuses in every build (docs/conditions.md); spell the repeats out or use a character class ([ab]+)';
}

function polynomialHazard(ast: RegexNode, ignoreCase: boolean): string | undefined {
  const { work, chain } = regexWork(ast, ignoreCase);
  if (work <= MAX_WORK) return undefined;
  const parts = chain.map((part) => (part.startsWith('the ') ? part : JSON.stringify(part))).join(', ');
  // Anchoring helps only when the engine's retries at every position are part of the chain.
  const anchor = chain.includes('the unanchored start') ? 'anchor the pattern or ' : '';
  return `parts that can take the same characters follow each other (${parts}), which can take time growing with a high power of the text's length; ${anchor}separate them with characters they cannot match`;
}

function findHazard(node: RegexNode, ignoreCase: boolean): string | undefined {
  switch (node.kind) {
    case 'backref':
      return 'backreferences (\\1, \\k<name>) are not allowed';
    case 'look':
      return findHazard(node.body, ignoreCase);
    case 'seq':
      return firstHazard(node.items, ignoreCase);
    case 'alt':
      return firstHazard(node.options, ignoreCase);
    case 'repeat':
      return (node.max > 1 ? repeatHazard(node, ignoreCase) : undefined) ?? findHazard(node.body, ignoreCase);
    default:
      return undefined;
  }
}

function firstHazard(nodes: readonly RegexNode[], ignoreCase: boolean): string | undefined {
  for (const node of nodes) {
    const hazard = findHazard(node, ignoreCase);
    if (hazard !== undefined) return hazard;
  }
  return undefined;
}

/** Hazards of a group that repeats (max > 1): nested variable quantifiers and ambiguous branches. */
function repeatHazard(repeat: Repeat, ignoreCase: boolean): string | undefined {
  const inner = collect(repeat.body, (node): node is Repeat => node.kind === 'repeat' && node.min !== node.max);
  if (inner.length > 0) {
    if (repeat.max === Infinity || inner.some((node) => node.max === Infinity)) {
      return `nested quantifiers in ${JSON.stringify(repeat.source)} can take exponential time`;
    }
    // Compare in logarithms: the count itself can overflow (`(a{1,9}){999}`).
    const logWays = repeat.max * inner.reduce((sum, node) => sum + Math.log(node.max - node.min + 1), 0);
    if (logWays > Math.log(MAX_BOUNDED_WAYS)) {
      return `${JSON.stringify(repeat.source)} repeats a quantified group too many times`;
    }
  }
  for (const alternation of collect(repeat.body, (node) => node.kind === 'alt')) {
    if (branchesOverlap(alternation.options, ignoreCase)) {
      return `branches of ${JSON.stringify(repeat.source)} can match the same text, which can take exponential time`;
    }
  }
  return undefined;
}

function branchesOverlap(options: readonly RegexNode[], ignoreCase: boolean): boolean {
  let seen: CharSet = EMPTY;
  for (const option of options) {
    const start = ignoreCase ? caseFold(firstChars(option)) : firstChars(option);
    if (intersects(seen, start)) return true;
    seen = union(seen, start);
  }
  return false;
}

/** Characters the node's match can start with (zero-width parts are skipped). */
function firstChars(node: RegexNode): CharSet {
  switch (node.kind) {
    case 'chars':
      return node.set;
    case 'seq': {
      let set: CharSet = EMPTY;
      for (const item of node.items) {
        set = union(set, firstChars(item));
        if (!nullable(item)) break;
      }
      return set;
    }
    case 'alt':
      return node.options.reduce<CharSet>((set, option) => union(set, firstChars(option)), EMPTY);
    case 'repeat':
      return node.max === 0 ? EMPTY : firstChars(node.body);
    default:
      return EMPTY;
  }
}

/** True when the node can match the empty string. */
function nullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'chars':
      return false;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
    default:
      return true;
  }
}

/** `node` and every node inside it that satisfy `test`. */
function collect<T extends RegexNode>(node: RegexNode, test: (node: RegexNode) => node is T): T[];
function collect(node: RegexNode, test: (node: RegexNode) => boolean): RegexNode[];
function collect(node: RegexNode, test: (node: RegexNode) => boolean): RegexNode[] {
  const found: RegexNode[] = [];
  const visit = (current: RegexNode): void => {
    if (test(current)) found.push(current);
    const children =
      current.kind === 'seq'
        ? current.items
        : current.kind === 'alt'
          ? current.options
          : current.kind === 'repeat' || current.kind === 'look'
            ? [current.body]
            : [];
    for (const child of children) visit(child);
  };
  visit(node);
  return found;
}
