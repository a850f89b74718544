/**
 * Runs the zod/mini schema and words its issues for people: `expected a
 * number`, `missing (expected a string)`, one `unknown key "rolout" (did you
 * mean "rollout"?)` per unknown key, located at the key itself.
 */
import * as z from 'zod/mini';
import type { Issue, Path } from './issues.js';
import { rulesetSchema } from './schema.js';
import { didYouMean } from './suggest.js';

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

const ARTICLES: { [expected: string]: string } = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
};

/** Messages for issues whose schema did not set one (schema-level messages take precedence). */
function messageFor(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = ARTICLES[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `missing (expected ${expected})` : `expected ${expected}`;
    }
    case 'invalid_union':
      return issue.input === undefined ? 'missing (expected a JSON value)' : 'expected a JSON value';
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'invalid_key':
      return issue.issues[0]?.message ?? 'invalid key';
    case 'unrecognized_keys':
      // Replaced by one issue per key in `convert`.
      return 'unknown keys';
    default:
      return undefined;
  }
}

/** Structural problems of a ruleset document, in document order, at most one per path. */
export function structuralIssues(input: unknown): Issue[] {
  const result = z.safeParse(rulesetSchema, input, { error: messageFor });
  if (result.success) return [];
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const issue of result.error.issues) {
    for (const converted of convert(issue)) {
      // Two checks failing on one value (e.g. 150.555: range and decimals) read as noise; keep the first.
      const id = JSON.stringify(converted.path);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(converted);
    }
  }
  return out;
}

function convert(issue: ZodIssue): Issue[] {
  const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
  if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
  const allowed = allowedKeysAt(path);
  return issue.keys.map((key) => ({
    path: [...path, key],
    message: `unknown key ${JSON.stringify(key)}${didYouMean(key, allowed)}`,
  }));
}

interface Introspectable {
  _zod: { def: { type: string; shape?: object; valueType?: unknown; element?: unknown; innerType?: unknown } };
}

/** The keys the schema allows for the object at `path`, for "did you mean" hints. */
function allowedKeysAt(path: Path): string[] {
  // `_zod.def` is zod 4's documented introspection surface for library authors.
  let schema = rulesetSchema as unknown as Introspectable;
  const step = (next: unknown): boolean => {
    if (next === undefined) return false;
    schema = next as Introspectable;
    return true;
  };
  for (const part of path) {
    while (schema._zod.def.type === 'optional') step(schema._zod.def.innerType);
    const def = schema._zod.def;
    let next: unknown;
    if (def.type === 'object' && typeof part === 'string' && def.shape && Object.hasOwn(def.shape, part)) {
      next = (def.shape as { [key: string]: unknown })[part];
    }
    else if (def.type === 'record') next = def.valueType;
    else if (def.type === 'array') next = def.element;
    if (!step(next)) return [];
  }
  while (schema._zod.def.type === 'optional') step(schema._zod.def.innerType);
  return schema._zod.def.type === 'object' ? Object.keys(schema._zod.def.shape ?? {}) : [];
}
