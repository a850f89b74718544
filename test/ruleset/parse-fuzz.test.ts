/**
 * Fuzzes parseRuleset with seeded mutations of valid rulesets: a wrong value at every path, hostile keys,
 * deep nesting, huge arrays and JSON numbers that are not what they look like. It throws nothing but
 * ConfigError, names the mutated path, and what it accepts evaluates without a reported error.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, createClient, parseRuleset } from '../../src/index.js';
import { createClient as createLiteClient } from '../../src/lite.js';
import { formatPath } from '../../src/shared/zod-issues.js';
import { seededRandom } from '../../src/testing/index.js';
import { type Json, pick, randomRuleset, silent, user } from '../eval/random-ruleset.js';

type Path = (string | number)[];

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...at, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) paths((value as Record<string, unknown>)[key], [...at, key], out);
  }
  return out;
}

/** JSON text for values JSON.stringify cannot write: 1e309 parses as Infinity, -0 stays -0. */
const RAW = ['1e309', '-1e309', '-0', '1e-400', '0.1e1', '"\\ud800"', '"__proto__"', '"constructor"'];

function wrongValue(r: ReturnType<typeof seededRandom>): string {
  const roll = r();
  if (roll < 0.35) return pick(r, RAW);
  if (roll < 0.45) return `${'['.repeat(70)}${']'.repeat(70)}`;
  if (roll < 0.5) return JSON.stringify(Array.from({ length: 5_000 }, (_, i) => `x${i}`));
  if (roll < 0.55) return '{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}}';
  return JSON.stringify(
    pick<Json>(r, [null, true, false, 0, 1, 100.001, 101, -1, '', 'x', 'é😀', [], [null], {}, { $gt: 1 }, 'toString']),
  );
}

/** Replaces the value at `path` in the JSON text of `doc` with raw JSON text. */
function mutate(doc: unknown, path: Path, raw: string): string {
  const marker = '"@@MUTATION@@"';
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string | number, unknown>;
  if (path.length === 0) return raw;
  let node = copy as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path[path.length - 1] as string] = '@@MUTATION@@';
  return JSON.stringify(copy).replace(marker, raw);
}

/** Adds a hostile key next to the value at `path` (objects only). */
function addKey(doc: unknown, path: Path, key: string): string | undefined {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const part of path) node = node[part] as Record<string | number, unknown>;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const text = JSON.stringify(node);
  const withKey = text === '{}' ? `{${JSON.stringify(key)}:1}` : `{${JSON.stringify(key)}:1,${text.slice(1)}`;
  const marker = '@@NODE@@';
  if (path.length === 0) return withKey;
  let parent = copy as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  parent[path[path.length - 1] as string] = marker;
  return JSON.stringify(copy).replace(JSON.stringify(marker), withKey);
}

/** The JSON type of a value, with numbers JSON cannot hold (1e309 parses as Infinity) apart. */
function kind(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'non-finite';
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function valueAt(doc: unknown, path: Path): unknown {
  let node = doc as Record<string | number, unknown>;
  for (const part of path) node = node[part] as Record<string | number, unknown>;
  return node;
}

interface Outcome {
  problems: string[];
}

/** Parses `text`; checks the error is a ConfigError naming `expected` (or inside it); evaluates what passes. */
function check(
  text: string,
  expected: string | undefined,
  r: ReturnType<typeof seededRandom>,
  out: Outcome,
  parent?: string,
): void {
  let ruleset: ReturnType<typeof parseRuleset>;
  try {
    ruleset = parseRuleset(text);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      out.problems.push(`threw ${String(error)} for ${expected}: ${text.slice(0, 400)}`);
      return;
    }
    const named = error.issues.some(
      (issue) =>
        issue.path === expected ||
        issue.path.startsWith(`${expected}.`) ||
        issue.path.startsWith(`${expected}[`) ||
        (expected === '' && issue.path !== undefined) ||
        // A key that spoils a condition's operator object is reported at that object or inside it
        // (`$elemMatch` then reads the object as a condition and names its first operator).
        (parent !== undefined && issue.path.startsWith(parent) && issue.path.length > 0),
    );
    if (expected !== undefined && !named) {
      out.problems.push(
        `no issue at ${expected}: ${JSON.stringify(error.issues).slice(0, 300)} for ${text.slice(0, 400)}`,
      );
    }
    return;
  }
  const errors: string[] = [];
  const full = createClient({
    ruleset: text,
    environment: 'server',
    logger: silent,
    onError: (e) => errors.push(e.message),
  });
  const lite = createLiteClient({ ruleset: JSON.parse(text), onError: (e) => errors.push(e.message) });
  for (let u = 0; u < 5; u++) {
    const who = user(r);
    for (const gate of Object.keys(ruleset.gates)) {
      const d = full.getGateDetails(gate, who);
      if (d.reason === 'ERROR') errors.push(`gate ${gate}: ERROR ${d.errorCode}`);
      if (lite.checkGate(gate, who) !== d.value) errors.push(`gate ${gate}: lite differs`);
    }
    for (const exp of Object.keys(ruleset.experiments)) {
      const d = full.getExperimentDetails(exp, who);
      if (d.reason === 'ERROR') errors.push(`experiment ${exp}: ERROR ${d.errorCode}`);
      const l = lite.getExperiment(exp, who);
      if (l.variant !== d.variant || l.reason !== d.reason) errors.push(`experiment ${exp}: lite differs`);
    }
    for (const param of Object.keys(ruleset.params)) {
      const d = full.getParamDetails(param, null, who);
      if (d.reason === 'ERROR') errors.push(`param ${param}: ERROR ${d.errorCode}`);
      if (JSON.stringify(lite.getParam(param, null, who)) !== JSON.stringify(d.value))
        errors.push(`param ${param}: lite differs`);
    }
  }
  if (errors.length > 0)
    out.problems.push(`accepted ${expected} but: ${[...new Set(errors)].join('; ')} for ${text.slice(0, 600)}`);
}

describe('parseRuleset under seeded mutation', () => {
  it('a wrong value at every path of 10 random rulesets', () => {
    const r = seededRandom(1919);
    const out: Outcome = { problems: [] };
    for (let n = 0; n < 10; n++) {
      const doc = randomRuleset(r);
      for (const path of paths(doc)) {
        const raw = wrongValue(r);
        // A value of the original's type may be valid right there, its problem (if any) elsewhere: a weight of 1
        // is reported at the variants, whose weights no longer add up. Only a wrong type must be named at its path.
        const wrong = kind(JSON.parse(raw)) !== kind(valueAt(doc, path));
        check(mutate(doc, path, raw), wrong ? formatPath(path) : undefined, r, out);
      }
    }
    expect([...new Set(out.problems)].slice(0, 8)).toEqual([]);
  });

  it('hostile keys in every object of 10 random rulesets', () => {
    const r = seededRandom(2019);
    const out: Outcome = { problems: [] };
    for (let n = 0; n < 10; n++) {
      const doc = randomRuleset(r);
      for (const path of paths(doc)) {
        const key = pick(r, [
          '__proto__',
          'constructor',
          'prototype',
          'toString',
          'hasOwnProperty',
          '',
          'é',
          '😀',
          '$where',
          'a.b',
        ]);
        const text = addKey(doc, path, key);
        if (text !== undefined) check(text, formatPath([...path, key]), r, out, formatPath(path));
      }
    }
    expect([...new Set(out.problems)].slice(0, 8)).toEqual([]);
  });
});
