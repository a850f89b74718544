/**
 * The structure of a ruleset document as a zod/mini schema: field types,
 * required fields, percent ranges, date-time formats and no unknown keys.
 * Checks that need more than one field (weights add up, references exist,
 * cycles, condition operators, regex safety) live in the semantic checks that
 * `parseRuleset` runs next. The schema produces no defaults: defaults.ts
 * holds them, and `normalizeRuleset` fills them in.
 */
import * as z from 'zod/mini';

const NON_EMPTY = 'expected a non-empty string';
const PERCENT = 'expected a number between 0 and 100';

/** A string with at least one character (ids, keys, units, salts, references). */
const name = z.string().check(z.minLength(1, { error: NON_EMPTY }));

/** Map keys must be non-empty too: an empty gate key cannot be looked up sensibly. */
const key = z.string().check(z.minLength(1, { error: 'expected a non-empty key' }));

/** True when `value` has at most two decimals, tolerating binary rounding (0.07 * 100 = 7.000000000000001). */
function hasTwoDecimals(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;
}

/** A percentage in [0, 100] with at most two decimals (buckets are hundredths of a percent). */
const percent = z
  .number({ error: PERCENT })
  .check(
    z.gte(0, { error: PERCENT }),
    z.lte(100, { error: PERCENT }),
    z.refine(hasTwoDecimals, { error: 'expected at most two decimals' }),
  );

const json = z.json();

/** A targeting condition: a JSON object. Its operators are checked by the semantic pass. */
const condition = z.record(z.string(), json);

/** The compiler checks the same rule without zod (src/eval/zoned-time.ts). */
const dateTime = z.iso.datetime({
  offset: true,
  error: 'expected an ISO-8601 date-time with a time zone, e.g. 2025-03-01T00:00:00Z',
});

const prerequisite = z.strictObject({ gate: name, pass: z.boolean() });

const targeting = {
  when: z.optional(condition),
  segments: z.optional(z.array(name)),
  requires: z.optional(z.array(prerequisite)),
};

const gateRule = z.strictObject({
  id: name,
  rollout: z.optional(percent),
  salt: z.optional(name),
  unit: z.optional(name),
  ...targeting,
});

const gate = z.strictObject({
  unit: z.optional(name),
  enabled: z.optional(z.boolean()),
  salt: z.optional(name),
  rules: z.optional(z.array(gateRule)),
});

const variant = z.strictObject({
  key: name,
  weight: percent,
  params: z.optional(z.record(z.string(), json)),
});

const experiment = z.strictObject({
  unit: z.optional(name),
  salt: z.optional(name),
  allocation: z.optional(percent),
  variants: z.array(variant).check(z.minLength(1, { error: 'expected at least one variant' })),
  status: z.optional(z.enum(['running', 'stopped'])),
  shipped: z.optional(name),
  startAt: z.optional(dateTime),
  endAt: z.optional(dateTime),
  forced: z.optional(z.record(z.string(), z.array(z.string()))),
  layer: z.optional(name),
  sticky: z.optional(z.boolean()),
  ...targeting,
});

const layerSlot = z.strictObject({ experiment: name, share: percent });

const layer = z.strictObject({
  unit: z.optional(name),
  salt: z.optional(name),
  experiments: z.array(layerSlot),
});

const holdout = z.strictObject({
  unit: z.optional(name),
  salt: z.optional(name),
  percent,
  gates: z.optional(z.array(name)),
  experiments: z.optional(z.array(name)),
  params: z.optional(z.array(name)),
});

const paramRule = z.strictObject({
  id: name,
  value: json,
  rollout: z.optional(percent),
  salt: z.optional(name),
  unit: z.optional(name),
  ...targeting,
});

const param = z.strictObject({
  unit: z.optional(name),
  salt: z.optional(name),
  default: json,
  rules: z.optional(z.array(paramRule)),
});

const segment = z.strictObject({
  unit: z.optional(name),
  ids: z.optional(
    z.array(
      z.union([z.string(), z.number()], {
        // 1e309 in JSON text parses as Infinity: say so, since the text shows a number.
        error: (issue) =>
          typeof issue.input === 'number'
            ? `expected a finite number, got ${issue.input}`
            : 'expected a string or a number',
      }),
    ),
  ),
  when: z.optional(condition),
});

/**
 * The zod/mini schema of a ruleset document as written (defaults omitted).
 * It checks structure only; use `parseRuleset` to validate a ruleset fully.
 * Exported for tooling, e.g. `z.toJSONSchema(rulesetSchema)`.
 */
export const rulesetSchema = z.strictObject({
  version: z.optional(z.literal(1)),
  revision: z.optional(
    z.union([z.string(), z.number().check(z.int(), z.gte(0))], { error: 'expected a string or an integer >= 0' }),
  ),
  updatedAt: z.optional(dateTime),
  gates: z.optional(z.record(key, gate)),
  experiments: z.optional(z.record(key, experiment)),
  layers: z.optional(z.record(key, layer)),
  holdouts: z.optional(z.record(key, holdout)),
  params: z.optional(z.record(key, param)),
  segments: z.optional(z.record(key, segment)),
});
