/**
 * Option checking for the event pipeline and the client built on it: a spec
 * that mirrors the options object lists every problem under its exact path
 * (`events.batchSize`, `overrides.gates["new checkout"]`). Options are
 * checked in every browser bundle, so this stays a few lines instead of a
 * schema library; the ruleset and event batches (data, not code) are
 * validated with zod.
 */
import { ConfigError, type ValidationIssue } from '../errors/index.js';
import { isPlainObject } from './plain-object.js';

/** Checks the value at `path`, adding a problem to `issues` when it is wrong. */
export type Check = (value: unknown, path: string, issues: ValidationIssue[]) => void;

/** Checks the parts of a value its test accepted. */
type Inside<T> = (value: T, path: string, issues: ValidationIssue[]) => void;

/** A value `test` accepts; otherwise "expected <expected>". */
export function is(test: (value: unknown) => boolean, expected: string): Check;
/** A value `test` accepts (otherwise "expected <expected>"), whose parts `inside` then checks. */
export function is<T>(test: (value: unknown) => value is T, expected: string, inside: Inside<T>): Check;
export function is(test: (value: unknown) => boolean, expected: string, inside?: Inside<unknown>): Check {
  return (value, path, issues) => {
    if (!test(value)) issues.push({ path, message: `expected ${expected}` });
    else inside?.(value, path, issues);
  };
}

/** A value of this `typeof` ("a string", "a boolean", "a function"). */
export const typed = (type: 'string' | 'boolean' | 'function'): Check =>
  is((value) => typeof value === type, `a ${type}`);

/** A function. */
export const fn = typed('function');

/** A string with at least one character. */
export const nonEmpty = is((value) => typeof value === 'string' && value !== '', 'a non-empty string');

/** An integer >= `min`. */
export function integer(min: number): Check {
  return is((value) => Number.isInteger(value) && (value as number) >= min, `an integer >= ${min}`);
}

/** A finite number in [`min`, `max`]. */
export function number(min: number, max = Infinity): Check {
  return is(
    // Number.isFinite is false for anything but a finite number.
    (value) => Number.isFinite(value) && (value as number) >= min && (value as number) <= max,
    max < Infinity ? `a number in [${min}, ${max}]` : `a finite number >= ${min}`,
  );
}

/** One of `values`. */
export function oneOf(...values: (string | number)[]): Check {
  return is((value) => values.includes(value as string), values.map((value) => JSON.stringify(value)).join(' or '));
}

/** `value` passes `check`, or is exactly `literal`. */
export function orLiteral(literal: unknown, check: Check): Check {
  return (value, path, issues) => {
    if (value !== literal) check(value, path, issues);
  };
}

const isObject = isPlainObject as (value: unknown) => value is { [key: string]: unknown };

/**
 * An object with these fields. A field that is absent (or `undefined`) is
 * skipped unless `required` names it; `strict` refuses keys it does not list.
 */
export function shape(fields: { [key: string]: Check }, strict = true, required: string[] = []): Check {
  return is(isObject, 'an object', (value, path, issues) => {
    const at = (key: string): string => (path ? `${path}.${key}` : key);
    for (const key in fields) {
      if (value[key] !== undefined || required.includes(key)) fields[key]!(value[key], at(key), issues);
    }
    if (strict)
      for (const key of Object.keys(value))
        if (!Object.hasOwn(fields, key)) issues.push({ path: at(key), message: `unknown key ${JSON.stringify(key)}` });
  });
}

/** An object with these methods (and any other keys); `required`: each must be there. */
export function methods(names: string[], required = false): Check {
  return shape(Object.fromEntries(names.map((name) => [name, fn])), false, required ? names : []);
}

/** A container `test` accepts whose every item passes `check`; `label` writes an item's key in its path. */
const eachItem =
  (test: (value: unknown) => boolean, expected: string, label: (key: string) => string) =>
  (check: Check): Check =>
    is(test as (value: unknown) => value is { [key: string]: unknown }, expected, (value, path, issues) => {
      for (const key of Object.keys(value)) check(value[key], `${path}[${label(key)}]`, issues);
    });

/** An object whose every value passes `check`; keys are quoted in paths, as they can be any text. */
export const recordOf = eachItem(isObject, 'an object', JSON.stringify);

/** An array whose every item passes `check`. */
export const arrayOf = eachItem(Array.isArray, 'an array', String);

/** Checks a whole options object; throws a {@link ConfigError} (code `INVALID_OPTIONS`) listing every problem. */
export function checkOptions(check: Check, options: unknown, subject: string): void {
  const issues: ValidationIssue[] = [];
  check(options, '', issues);
  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject });
}

/** `defaults` with every option that is set (not `undefined`) put over them. */
export function withDefaults<T extends object, O extends object>(defaults: T, options: O | undefined): T & O {
  const resolved = { ...defaults } as T & O;
  for (const key in options) if (options[key] !== undefined) (resolved as O)[key] = options[key];
  return resolved;
}
