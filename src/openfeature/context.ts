/**
 * OpenFeature's evaluation context as a splitkit user. The context's
 * `targetingKey` becomes the unit attribute the app names (default `userID`);
 * every other JSON-like field is copied as an attribute, and dates become
 * ISO strings, because splitkit's conditions compare JSON values.
 */
import type { EvaluationContext, EvaluationContextValue } from '@openfeature/core';
import type { User } from '../eval/types.js';
import type { Json } from '../ruleset/types.js';

/** Turns an OpenFeature context into the user splitkit evaluates for. Never throws. */
export function contextToUser(context: EvaluationContext | undefined, targetingKeyAttribute: string): User {
  const user: { [key: string]: Json } = {};
  if (context === null || typeof context !== 'object') return user;
  for (const key of Object.keys(context)) {
    if (key === 'targetingKey') continue;
    const value = toJson(context[key], 0);
    if (value !== undefined) user[key] = value;
  }
  const targetingKey = context.targetingKey;
  if (typeof targetingKey === 'string' && targetingKey !== '') user[targetingKeyAttribute] = targetingKey;
  return user as User;
}

/** Deep enough for any real context; deeper values are dropped rather than walked without end. */
const MAX_DEPTH = 16;

/** A context or tracking value as JSON; undefined for what JSON cannot hold (functions, NaN, cycles past the depth). */
export function toJson(value: EvaluationContextValue | undefined, depth = 0): Json | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'object' || depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const list: Json[] = [];
    for (const item of value) {
      const json = toJson(item, depth + 1);
      if (json !== undefined) list.push(json);
    }
    return list;
  }
  const object: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) {
    const json = toJson((value as { [key: string]: EvaluationContextValue })[key], depth + 1);
    if (json !== undefined) object[key] = json;
  }
  return object;
}
