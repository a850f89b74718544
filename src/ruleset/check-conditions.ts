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
import { FIELD_OPERATORS, JSON_TYPE_NAMES, LOGICAL_OPERATORS, type FieldOperator } from './operator-names.js';
import { isOperatorObject } from './operator-object.js';
import type { Path } from './issues.js';
import { regexProblem } from './safe-regex.js';
import type { SemanticContext } from './semantic-context.js';
import { isPlainObject } from '../shared/plain-object.js';
import { didYouMean } from './suggest.js';

const FIELD = new Set<string>(FIELD_OPERATORS);
const LOGICAL_LISTS = ['$and', '$or', '$nor'];

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
  if (!isPlainObject(condition)) {
    scope.context.issues.add(path, 'expected a condition object');
    return;
  }
  for (const key of Object.keys(condition)) {
    const value = condition[key];
    const at = [...path, key];
    if (LOGICAL_LISTS.includes(key)) checkConditionList(value, at, scope);
    else if (key === '$not') checkCondition(value, at, scope);
    else if (FIELD.has(key)) {
      scope.context.issues.add(
        at,
        `operator ${JSON.stringify(key)} must be applied to an attribute, e.g. {"country": {${JSON.stringify(key)}: …}}`,
      );
    } else if (key.startsWith('$')) {
      const hint = didYouMean(key, LOGICAL_OPERATORS);
      scope.context.issues.add(
        at,
        `unknown operator ${JSON.stringify(key)} (a condition's keys are $and, $or, $nor, $not or attribute names)${hint}`,
      );
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

/** Checks what an attribute is compared with: a literal (anything) or an operator object. */
function checkValue(value: unknown, path: Path, scope: ConditionScope): void {
  if (!isPlainObject(value)) return;
  const keys = Object.keys(value);
  const operators = keys.filter((key) => key.startsWith('$'));
  if (operators.length === 0) return; // a literal object, compared by deep equality
  if (operators.length < keys.length) {
    const plain = keys.filter((key) => !key.startsWith('$'));
    scope.context.issues.add(
      path,
      `an operator object cannot mix operators (${list(operators)}) with plain keys (${list(plain)})`,
    );
    return;
  }
  for (const operator of operators) checkOperator(operator, value[operator], [...path, operator], scope);
}

function list(keys: readonly string[]): string {
  const shown = keys
    .slice(0, 3)
    .map((key) => JSON.stringify(key))
    .join(', ');
  return keys.length > 3 ? `${shown}, …` : shown;
}

function checkOperator(operator: string, operand: unknown, path: Path, scope: ConditionScope): void {
  const problem = operandProblem(operator, operand, path, scope);
  if (problem !== undefined) scope.context.issues.add(path, problem);
}

/** What is wrong with an operand, or undefined; nested operands report their own issues. */
function operandProblem(operator: string, operand: unknown, path: Path, scope: ConditionScope): string | undefined {
  if (!FIELD.has(operator)) return `unknown operator ${JSON.stringify(operator)}${didYouMean(operator, FIELD)}`;
  return OPERAND_CHECKS[operator as FieldOperator](operand, path, scope);
}

type OperandCheck = (operand: unknown, path: Path, scope: ConditionScope) => string | undefined;

const anyJson: OperandCheck = () => undefined;
const anArray: OperandCheck = (operand) => (Array.isArray(operand) ? undefined : 'expected an array');
const orderable: OperandCheck = (operand) =>
  typeof operand === 'number' || typeof operand === 'string' ? undefined : 'expected a number or a string';
const version: OperandCheck = (operand) =>
  typeof operand === 'string' ? undefined : 'expected a version string, e.g. "2.1.0"';
const pattern =
  (flags: string): OperandCheck =>
  (operand, _path, scope) =>
    typeof operand === 'string' ? regexVerdict(operand, flags, scope) : 'expected a string (a regular expression)';
const group: OperandCheck = (operand, _path, scope) =>
  typeof operand === 'string' ? groupProblem(operand, scope) : 'expected the name of a segment';
const nested: OperandCheck = (operand, path, scope) => {
  checkValue(operand, path, scope);
  return undefined;
};
/** `$all`/`$alli`: a list whose items are condition values, so an operator object in it is checked like any other. */
const eachValue: OperandCheck = (operand, path, scope) => {
  if (!Array.isArray(operand)) return 'expected an array';
  operand.forEach((item, index) => checkValue(item, [...path, index], scope));
  return undefined;
};

/**
 * The operand rule of every field operator, typed against FIELD_OPERATORS: an operator added there
 * without a rule here fails to type-check (instead of accepting any operand).
 */
const OPERAND_CHECKS: Readonly<Record<FieldOperator, OperandCheck>> = {
  $eq: anyJson,
  $ne: anyJson,
  $gt: orderable,
  $gte: orderable,
  $lt: orderable,
  $lte: orderable,
  $in: anArray,
  $nin: anArray,
  $ini: anArray,
  $nini: anArray,
  $all: eachValue,
  $alli: eachValue,
  $size: (operand, path, scope) => {
    if (typeof operand === 'number') return undefined;
    if (!isOperatorObject(operand)) return 'expected a number or an operator object, e.g. {"$gt": 0}';
    return nested(operand, path, scope);
  },
  $elemMatch: (operand, path, scope) => {
    if (!isPlainObject(operand)) return 'expected an object (an operator object or a condition)';
    // Like the evaluator: all-`$` keys compare each element; otherwise a condition on object elements.
    if (isOperatorObject(operand)) return nested(operand, path, scope);
    checkCondition(operand, path, scope);
    return undefined;
  },
  $regex: pattern(''),
  $regexi: pattern('i'),
  $exists: (operand) => (typeof operand === 'boolean' ? undefined : 'expected true or false'),
  $type: (operand) =>
    typeof operand === 'string' && JSON_TYPE_NAMES.includes(operand)
      ? undefined
      : `expected one of ${JSON_TYPE_NAMES.join(', ')}`,
  $not: nested,
  $veq: version,
  $vne: version,
  $vgt: version,
  $vgte: version,
  $vlt: version,
  $vlte: version,
  $inGroup: group,
  $notInGroup: group,
};

function regexVerdict(pattern: string, flags: string, scope: ConditionScope): string | undefined {
  const key = `${flags}/${pattern}`;
  if (!scope.regexVerdicts.has(key)) scope.regexVerdicts.set(key, regexProblem(pattern, flags));
  return scope.regexVerdicts.get(key);
}

function groupProblem(name: string, scope: ConditionScope): string | undefined {
  const segments = scope.context.namesOf('segments');
  if (segments === undefined) return undefined;
  if (!segments.has(name)) return `unknown segment ${JSON.stringify(name)}${didYouMean(name, segments)}`;
  // A segment that is no object is reported where it is; whether it has ids cannot be judged.
  return scope.groups.has(name) || !scope.context.isObjectAt(['segments', name])
    ? undefined
    : `segment ${JSON.stringify(name)} has no ids to look up`;
}
