import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import type { Ruleset } from '../../src/ruleset/types.js';
import { fullDocument } from './helpers.js';

/** parseRuleset's whole contract for any input: a Ruleset, or a ConfigError whose issues are well-formed. */
function assertReturnsOrThrowsConfigError(input: unknown): Ruleset | undefined {
  try {
    return parseRuleset(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(typeof issue.path).toBe('string');
      expect(typeof issue.message).toBe('string');
      expect(issue.message.length).toBeGreaterThan(0);
    }
    return undefined;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Names the schema and conditions use, so random documents hit real fields and operators. */
const NAMES = [
  'gates',
  'experiments',
  'layers',
  'holdouts',
  'params',
  'segments',
  'version',
  'revision',
  'rules',
  'id',
  'rollout',
  'salt',
  'unit',
  'enabled',
  'when',
  'requires',
  'gate',
  'pass',
  'variants',
  'key',
  'weight',
  'status',
  'shipped',
  'startAt',
  'endAt',
  'forced',
  'layer',
  'experiment',
  'share',
  'percent',
  'default',
  'value',
  'ids',
  '$and',
  '$or',
  '$not',
  '$in',
  '$regex',
  '$inGroup',
  '$size',
  '$elemMatch',
  '$type',
  '__proto__',
  'constructor',
  'g',
  'e',
  '',
];

const key = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 }));
const leaf = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    1,
    1,
    50,
    100,
    100.5,
    -1,
    33.33,
    'userID',
    '(a+)+',
    'g',
    'running',
    '2025-01-01T00:00:00Z',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
);

/** JSON documents biased towards ruleset-like shapes. */
const jsonDocument: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A path into a JSON value, and a change at that path. */
type Mutation = { pick: number[]; action: 'set' | 'delete' | 'rename'; replacement: Json; newKey: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  action: fc.constantFrom('set', 'delete', 'rename'),
  replacement: jsonDocument,
  newKey: key,
});

/** Applies a mutation by walking down `pick` (each number chooses a child) and changing the last container. */
function mutate(document: Json, change: Mutation): Json {
  const copy = structuredClone(document);
  let container: Json = copy;
  for (const [step, choice] of change.pick.entries()) {
    if (typeof container !== 'object' || container === null) break;
    const keys: (string | number)[] = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
    if (keys.length === 0) break;
    const chosen = keys[choice % keys.length] as string | number;
    const holder = container as { [key: string | number]: Json };
    const child = holder[chosen] as Json;
    const last = step === change.pick.length - 1 || typeof child !== 'object' || child === null;
    if (!last) {
      container = child;
      continue;
    }
    if (change.action === 'set') holder[chosen] = change.replacement;
    else if (Array.isArray(holder)) holder.splice(chosen as number, 1);
    else {
      delete holder[chosen];
      if (change.action === 'rename') holder[change.newKey] = child;
    }
    break;
  }
  return copy;
}

describe('parseRuleset never fails in any other way', () => {
  it('arbitrary JSON values: returns a ruleset or throws ConfigError', () => {
    fc.assert(
      fc.property(jsonDocument, (document) => void assertReturnsOrThrowsConfigError(document)),
      { numRuns: 400 },
    );
  });

  it('arbitrary JSON text, including invalid JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          jsonDocument.map((value) => JSON.stringify(value)),
        ),
        (text) => void assertReturnsOrThrowsConfigError(text),
      ),
      { numRuns: 300 },
    );
  });

  it('mutations of a valid ruleset: returns a ruleset or throws ConfigError', () => {
    const valid = fullDocument() as unknown as Json;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (changes) => {
        const document = changes.reduce(mutate, valid);
        assertReturnsOrThrowsConfigError(document);
      }),
      { numRuns: 400 },
    );
  });

  it('whatever it accepts, it accepts again in normalized form, unchanged', () => {
    const valid = fullDocument() as unknown as Json;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (changes) => {
        const once = assertReturnsOrThrowsConfigError(changes.reduce(mutate, valid));
        if (once === undefined) return;
        // The normalized form, as JSON, parses to itself. Compared as JSON reads it: a -0 the mutation put in a
        // free-form value (a parameter's) is 0 once written. toEqual, not toStrictEqual: the latter compares
        // `.constructor`, which a JSON key named "constructor" shadows.
        const written = JSON.parse(JSON.stringify(once)) as unknown;
        expect(parseRuleset(written)).toEqual(written);
      }),
      { numRuns: 200 },
    );
  });
});
