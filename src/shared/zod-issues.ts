/**
 * Words zod issues for people, with paths like `gates.a.rules[1].rollout`.
 * zod/mini ships no English messages (loading its locale would be a global
 * side effect), so validators pass {@link zodMessage} as the error map.
 */
import type * as z from 'zod/mini';
import type { ValidationIssue } from '../errors/index.js';

type RawIssue = z.core.$ZodRawIssue;
type ZodIssue = z.core.$ZodIssue;

const ARTICLES: { [expected: string]: string } = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
  function: 'a function',
};

/** An error map for `z.safeParse(schema, input, { error: zodMessage })`. */
export function zodMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = ARTICLES[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `missing (expected ${expected})` : `expected ${expected}`;
    }
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `expected at least ${String(issue.minimum)} ${issue.origin === 'string' ? 'character' : 'item'}${issue.minimum === 1 ? '' : 's'}`
        : `expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `expected a number ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_format':
      return `expected ${issue.format === 'datetime' ? 'an ISO-8601 date-time' : `a ${issue.format}`}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    case 'unrecognized_keys':
      return 'unknown keys';
    default:
      return undefined;
  }
}

/** Formats a path as dotted keys with `[i]` for array indexes; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** One issue per problem; an unknown-keys issue becomes one issue per key, located at the key. */
export function issuesFromZod(issues: readonly ZodIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: formatPath([...issue.path, key]), message: `unknown key ${JSON.stringify(key)}` });
    } else out.push({ path: formatPath(issue.path), message: issue.message });
  }
  return out;
}
