/**
 * Walks targeting conditions and rejects what the evaluator would silently
 * treat as "no match": unknown operators, operands of the wrong type, regexes
 * that do not compile or could hang, and `$inGroup` names that are not
 * segments with ids.
 *
 * In a condition object, `$and`/`$or`/`$nor` take arrays of conditions and
 * `$not` a condition; every other key is an attribute path whose value is a
 * literal or an operator object (an object whose keys all start with `$`).
 */
import { FIELD_OPERATORS } from '../eval/conditions/operator-names.js';
import type { Path } from './issues.js';
import { regexProblem } from './safe-regex.js';
import { isObject, type SemanticContext } from './semantic-context.js';
import { didYouMean } from './suggest.js';

const FIELD = new Set<string>(FIELD_OPERATORS);
const LOGICAL_LISTS = ['$and', '$or', '$nor'];
const TYPES = ['string', 'number', 'boolean', 'null', 'object', 'array'];
const ARRAY_OPERATORS = new Set(['$in', '$nin', '$ini', '$nini', '$all', '$alli']);
const ORDER_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);
const VERSION_OPERATORS = new Set(['$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte']);

/** What condition checks need besides the issue list. */
export interface ConditionScope {
  context: SemanticContext;
  /** Segments that have `ids` (the groups `$inGroup` can name). */
  groups: ReadonlySet<string>;
  /** Verdicts of patterns already checked: rulesets repeat the same regex across rules. */
  regexVerdicts: Map<string, string | undefined>;
}

/** Checks one condition (the value of a `when`) located at `path`. */
export function checkCondition(condition: unknown, path: Path, scope: ConditionScope): void {
  if (!isObject(condition)) {
    scope.context.issues.add(path, 'expected a condition object');
    return;
  }
  for (const key of Object.keys(condition)) {
    const value = condition[key];
    const at = [...path, key];
    if (LOGICAL_LISTS.includes(key)) checkConditionList(value, at, scope);
    else if (key === '$not') checkCondition(value, at, scope);
    else if (FIELD.has(key)) {
      scope.context.issues.add(at, `operator ${JSON.stringify(key)} must be applied to an attribute, e.g. {"country": {${JSON.stringify(key)}: …}}`);
    } else if (key.startsWith('$')) {
      const hint = didYouMean(key, [...LOGICAL_LISTS, '$not']);
      scope.context.issues.add(at, `unknown operator ${JSON.stringify(key)} (a condition's keys are $and, $or, $nor, $not or attribute names)${hint}`);
    } else checkValue(value, at, scope);
  }
}

function checkConditionList(value: unknown, path: Path, scope: ConditionScope): void {
  if (!Array.isArray(value)) {
    scope.context.issues.add(path, 'expected an array of conditions');
    return;
  }
  value.forEach((item, index) => checkCondition(item, [...path, index], scope));
}

/** An operator object has at least one key and only `$` keys. */
function operatorKeys(value: unknown): string[] | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$')) ? keys : undefined;
}

/** Checks what an attribute is compared with: a literal (anything) or an operator object. */
function checkValue(value: unknown, path: Path, scope: ConditionScope): void {
  if (!isObject(value)) return;
  const keys = Object.keys(value);
  const operators = keys.filter((key) => key.startsWith('$'));
  if (operators.length === 0) return; // a literal object, compared by deep equality
  if (operators.length < keys.length) {
    const plain = keys.filter((key) => !key.startsWith('$'));
    scope.context.issues.add(path, `an operator object cannot mix operators (${list(operators)}) with plain keys (${list(plain)})`);
    return;
  }
  for (const operator of operators) checkOperator(operator, value[operator], [...path, operator], scope);
}

function list(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map((key) => JSON.stringify(key)).join(', ');
  return keys.length > 3 ? `${shown}, …` : shown;
}

function checkOperator(operator: string, operand: unknown, path: Path, scope: ConditionScope): void {
  const problem = operandProblem(operator, operand, path, scope);
  if (problem !== undefined) scope.context.issues.add(path, problem);
}

/** What is wrong with an operand, or undefined; nested operands report their own issues. */
function operandProblem(operator: string, operand: unknown, path: Path, scope: ConditionScope): string | undefined {
  if (!FIELD.has(operator)) return `unknown operator ${JSON.stringify(operator)}${didYouMean(operator, FIELD)}`;
  if (ARRAY_OPERATORS.has(operator)) return Array.isArray(operand) ? undefined : 'expected an array';
  if (ORDER_OPERATORS.has(operator)) {
    return typeof operand === 'number' || typeof operand === 'string' ? undefined : 'expected a number or a string';
  }
  if (VERSION_OPERATORS.has(operator)) return typeof operand === 'string' ? undefined : 'expected a version string, e.g. "2.1.0"';
  switch (operator) {
    case '$size':
      if (typeof operand === 'number') return undefined;
      if (operatorKeys(operand) === undefined) return 'expected a number or an operator object, e.g. {"$gt": 0}';
      checkValue(operand, path, scope);
      return undefined;
    case '$elemMatch':
      if (!isObject(operand)) return 'expected an object (an operator object or a condition)';
      // Like the evaluator: all-`$` keys compare each element; otherwise a condition on object elements.
      if (operatorKeys(operand) !== undefined) checkValue(operand, path, scope);
      else checkCondition(operand, path, scope);
      return undefined;
    case '$not':
      checkValue(operand, path, scope);
      return undefined;
    case '$exists':
      return typeof operand === 'boolean' ? undefined : 'expected true or false';
    case '$type':
      return typeof operand === 'string' && TYPES.includes(operand) ? undefined : `expected one of ${TYPES.join(', ')}`;
    case '$regex':
    case '$regexi':
      return typeof operand === 'string' ? regexVerdict(operand, operator === '$regexi' ? 'i' : '', scope) : 'expected a string (a regular expression)';
    case '$inGroup':
    case '$notInGroup':
      return typeof operand === 'string' ? groupProblem(operand, scope) : 'expected the name of a segment';
    default:
      return undefined; // $eq and $ne compare with any JSON value
  }
}

function regexVerdict(pattern: string, flags: string, scope: ConditionScope): string | undefined {
  const key = `${flags}/${pattern}`;
  if (!scope.regexVerdicts.has(key)) scope.regexVerdicts.set(key, regexProblem(pattern, flags));
  return scope.regexVerdicts.get(key);
}

function groupProblem(name: string, scope: ConditionScope): string | undefined {
  const segments = scope.context.namesOf('segments');
  if (segments === undefined) return undefined;
  if (!segments.has(name)) return `unknown segment ${JSON.stringify(name)}${didYouMean(name, segments)}`;
  return scope.groups.has(name) ? undefined : `segment ${JSON.stringify(name)} has no ids to look up`;
}
