/**
 * The collector protocol as a zod/mini schema: collectors validate incoming
 * batches with `eventBatchSchema`, and `parseEventBatch` turns failures into
 * an {@link EventBatchError} whose issues name the exact path. The limits
 * (lengths, depth, ranges) come from limits.ts, which the client checks too.
 */
import * as z from 'zod/mini';
import { EventBatchError, type ValidationIssue } from '../errors/index.js';
import { EVENT_SOURCES, type EventBatch, type SplitkitEvent } from './types.js';
import { ENTITY_KINDS, REASONS } from '../eval/types.js';
import { scanDocument } from '../ruleset/document-scan.js';
import { issuesFromZod, zodMessage } from '../shared/zod-issues.js';
import {
  eventProblem,
  MAX_ABS_VALUE,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_AHEAD_MS,
  MAX_EVENT_NAME_LENGTH,
  MAX_EVENT_TIME,
  MAX_UNITS,
  MAX_UNIT_NAME_LENGTH,
} from './limits.js';

const nonEmpty = z.string().check(z.minLength(1));
/** At most `max` characters (zodMessage words a too-big issue for numbers only). */
const upTo = (max: number) => z.string().check(z.maxLength(max, `expected at most ${max} characters`));
/** A ruleset key in an exposure; names and ids are checked by `eventProblem`. */
const key = upTo(MAX_EVENT_NAME_LENGTH);

const PROTO_KEY =
  'a key named "__proto__" cannot be stored (JavaScript objects read it as their prototype, and records of the schema leave it out)';

/** `schema`, refusing first (naming its path) a `__proto__` key that its records would silently leave out. */
function noProtoKey<T extends z.ZodMiniType>(schema: T) {
  const refusal = z.unknown().check(
    z.superRefine((value, context) => {
      // The ruleset's document scan finds them (`JSON.parse` makes `__proto__` an own key, which zod's records
      // leave out of what they return, so the event would be stored without it). `withinLimits` bounded the depth.
      const path = scanDocument(value).protoKeys[0];
      if (path) context.addIssue({ code: 'custom', message: PROTO_KEY, input: value, path: [...path] });
    }),
  );
  return z.pipe(refusal, schema);
}

const units = noProtoKey(
  z
    .record(upTo(MAX_UNIT_NAME_LENGTH), key)
    .check(z.refine((value) => Object.keys(value).length <= MAX_UNITS, `expected at most ${MAX_UNITS} unit ids`)),
);
// Depth and size were checked by `withinLimits` before anything walks it: a recursive walk of input nested
// thousands of levels deep would overflow the stack.
const json = noProtoKey(z.json());
const jsonRecord = noProtoKey(z.record(z.string(), z.json()));
const reason = z.enum(REASONS);

const base = {
  id: nonEmpty,
  time: z.number().check(z.int(), z.gte(0), z.lt(MAX_EVENT_TIME)),
  units,
  source: z.enum(EVENT_SOURCES),
  attributes: z.optional(jsonRecord),
};

/** Schema of an exposure event. */
export const exposureEventSchema = z.object({
  ...base,
  type: z.literal('exposure'),
  name: nonEmpty,
  kind: z.enum(ENTITY_KINDS),
  variant: z.optional(key),
  value: z.optional(json),
  ruleId: z.optional(key),
  reason,
  unit: z.optional(key),
  bucket: z.optional(z.number().check(z.int(), z.gte(0), z.lt(10_000))),
  layer: z.optional(key),
  holdout: z.optional(key),
});

/** Schema of a custom event. */
export const customEventSchema = z.object({
  ...base,
  type: z.literal('event'),
  name: nonEmpty,
  value: z.optional(z.number().check(z.gte(-MAX_ABS_VALUE), z.lte(MAX_ABS_VALUE))),
  metadata: z.optional(jsonRecord),
});

/** Schema of an identity link event. */
export const identifyEventSchema = z.object({
  ...base,
  type: z.literal('identify'),
  name: nonEmpty,
});

/** The protocol's limits on one event (limits.ts), checked before the event's shape. */
const withinLimits = z.unknown().check(
  z.superRefine((event, context) => {
    const problem = eventProblem(event as SplitkitEvent);
    if (problem) context.addIssue({ code: 'custom', message: problem, input: event });
  }),
);

/** Schema of any protocol event: within the limits, then one of the three kinds. */
export const eventSchema = z.pipe(
  withinLimits,
  z.discriminatedUnion('type', [exposureEventSchema, customEventSchema, identifyEventSchema]),
);

/** Schema of a batch body (`POST {collector url}`). */
export const eventBatchSchema = z.object({
  batchId: nonEmpty,
  sentAt: z.iso.datetime(),
  sdk: z.object({ name: nonEmpty, version: nonEmpty }),
  events: z.array(eventSchema),
});

/** Options of {@link parseEventBatch}. */
export interface ParseEventBatchOptions {
  /**
   * The receiver's clock (epoch ms). When given, each event's `time` must also lie within
   * [now − {@link MAX_EVENT_AGE_MS}, now + {@link MAX_EVENT_AHEAD_MS}].
   */
  now?: number;
}

/** Validates a batch; throws {@link EventBatchError} listing every problem with its path. */
export function parseEventBatch(input: unknown, options: ParseEventBatchOptions = {}): EventBatch {
  const result = z.safeParse(eventBatchSchema, input, { error: zodMessage });
  if (!result.success) throw new EventBatchError(issuesFromZod(result.error.issues));
  const batch: EventBatch = result.data;
  const { now } = options;
  if (now === undefined) return batch;
  const issues: ValidationIssue[] = [];
  batch.events.forEach((event, index) => {
    if (event.time < now - MAX_EVENT_AGE_MS || event.time > now + MAX_EVENT_AHEAD_MS) {
      issues.push({
        path: `events[${index}].time`,
        message: `expected a time within ${MAX_EVENT_AGE_MS / 86_400_000} days before and ${MAX_EVENT_AHEAD_MS / 86_400_000} day after the receiver's clock`,
      });
    }
  });
  if (issues.length > 0) throw new EventBatchError(issues);
  return batch;
}
