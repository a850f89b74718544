/**
 * Runs the zod/mini schema and words its issues for people: `expected a
 * number`, `missing (expected a string)`, one `unknown key "rolout" (did you
 * mean "rollout"?)` per unknown key, located at the key itself.
 */
import * as z from 'zod/mini';
import type { Issue, Path } from './issues.js';
import { rulesetSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { zodMessage } from '../shared/zod-issues.js';

type ZodIssue = z.core.$ZodIssue;

const JSON_VALUE = 'expected a JSON value';
type RawIssue = z.core.$ZodRawIssue;

/**
 * The shared wording (shared/zod-issues.ts), plus the two cases where a ruleset can
 * say more: every union in the schema is a JSON value, and record keys carry
 * the message of the key check that failed.
 */
function messageFor(issue: RawIssue): string | undefined {
  if (issue.code === 'invalid_union') return issue.input === undefined ? `missing (${JSON_VALUE})` : JSON_VALUE;
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? 'invalid key';
  return zodMessage(issue);
}

/** Structural problems of a ruleset document, in document order. */
export function structuralIssues(input: unknown): Issue[] {
  const result = z.safeParse(rulesetSchema, input, { error: messageFor });
  return result.success ? [] : result.error.issues.flatMap((issue) => convert(issue, input));
}

function convert(issue: ZodIssue, input: unknown): Issue[] {
  const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
  if (issue.code === 'invalid_union' && issue.message === JSON_VALUE) return jsonLeaves(issue, path, input, JSON_VALUE);
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
    } else if (def.type === 'record') next = def.valueType;
    else if (def.type === 'array') next = def.element;
    if (!step(next)) return [];
  }
  while (schema._zod.def.type === 'optional') step(schema._zod.def.innerType);
  return schema._zod.def.type === 'object' ? Object.keys(schema._zod.def.shape ?? {}) : [];
}

/**
 * A JSON value fails as a whole at its top (zod's union of the JSON types), even when the culprit is deep
 * inside (`1e309`, which parses as Infinity, in a condition's array). Follows the union's array or object
 * branch down to each value that is no JSON, so the issue names its exact path.
 */
function jsonLeaves(issue: ZodIssue, path: Path, input: unknown, message: string): Issue[] {
  if (issue.code !== 'invalid_union') return [{ path, message }];
  const deeper = issue.errors.find((branch) => branch.some((inner) => inner.path.length > 0));
  if (deeper === undefined) {
    const value = valueAt(input, path);
    // 1e309 in JSON text parses as Infinity: say so, since the text shows a number.
    const infinite = typeof value === 'number' && !Number.isFinite(value);
    return [{ path, message: infinite ? `expected a finite number, got ${value}` : message }];
  }
  return deeper.flatMap((inner) =>
    jsonLeaves(
      inner,
      [...path, ...inner.path.map((part) => (typeof part === 'number' ? part : String(part)))],
      input,
      JSON_VALUE,
    ),
  );
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as { [key: string | number]: unknown })[part];
  }
  return value;
}
