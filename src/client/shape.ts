/**
 * A few lines of option checking. Options are checked in every browser
 * bundle, so this stays tiny instead of pulling in a schema library; the
 * ruleset and event batches (data, not code) are validated with zod.
 */
import type { ValidationIssue } from '../errors/index.js';
import { formatPath } from '../ruleset/zod-issues.js';

type Path = (string | number)[];
/** Checks `value`, pushing a problem per bad path into `issues`. */
export type Check = (value: unknown, path: Path, issues: ValidationIssue[]) => void;

/** A value `test` accepts; otherwise "expected <expected>". */
export function is(test: (value: unknown) => boolean, expected: string): Check {
  return (value, path, issues) => {
    if (!test(value)) issues.push({ path: formatPath(path), message: `expected ${expected}` });
  };
}

const isObject = (value: unknown): value is { [key: string]: unknown } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object with these optional fields and no others (an `undefined` field counts as absent). */
export function shape(fields: { [key: string]: Check }, strict = true): Check {
  return (value, path, issues) => {
    if (!isObject(value)) return void issues.push({ path: formatPath(path), message: 'expected an object' });
    for (const key of Object.keys(value)) {
      const check = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
      if (check) {
        if (value[key] !== undefined) check(value[key], [...path, key], issues);
      } else if (strict) issues.push({ path: formatPath([...path, key]), message: `unknown key ${JSON.stringify(key)}` });
    }
  };
}

/** An object whose every value passes `check`. */
export function recordOf(check: Check): Check {
  return (value, path, issues) => {
    if (!isObject(value)) return void issues.push({ path: formatPath(path), message: 'expected an object' });
    for (const key of Object.keys(value)) check(value[key], [...path, key], issues);
  };
}

/** An array whose every item passes `check`. */
export function arrayOf(check: Check): Check {
  return (value, path, issues) => {
    if (!Array.isArray(value)) return void issues.push({ path: formatPath(path), message: 'expected an array' });
    value.forEach((item, index) => check(item, [...path, index], issues));
  };
}

/** `value` passes `check`, or is exactly `literal`. */
export function orLiteral(literal: unknown, check: Check): Check {
  return (value, path, issues) => {
    if (value !== literal) check(value, path, issues);
  };
}

/** Runs a check from the top; the list of issues is empty when `value` is fine. */
export function problemsOf(check: Check, value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  check(value, [], issues);
  return issues;
}
