/**
 * The collector protocol as a zod/mini schema: collectors validate incoming
 * batches with `eventBatchSchema`, and `parseEventBatch` turns failures into
 * an {@link EventBatchError} whose issues name the exact path.
 */
import * as z from 'zod/mini';
import { EventBatchError } from '../errors/index.js';
import type { EventBatch } from './types.js';
import { REASONS } from '../eval/types.js';
import { issuesFromZod, zodMessage } from '../shared/zod-issues.js';

const nonEmpty = z.string().check(z.minLength(1));
const units = z.record(z.string(), z.string());
const json = z.json();
const reason = z.enum(REASONS);

const base = {
  id: nonEmpty,
  time: z.number().check(z.int(), z.gte(0)),
  units,
  source: z.enum(['client', 'server']),
  attributes: z.optional(z.record(z.string(), json)),
};

/** Schema of an exposure event. */
export const exposureEventSchema = z.object({
  ...base,
  type: z.literal('exposure'),
  name: nonEmpty,
  kind: z.enum(['gate', 'experiment', 'param']),
  variant: z.optional(z.string()),
  value: z.optional(json),
  ruleId: z.optional(z.string()),
  reason,
  unit: z.optional(z.string()),
  bucket: z.optional(z.number()),
  layer: z.optional(z.string()),
  holdout: z.optional(z.string()),
});

/** Schema of a custom event. */
export const customEventSchema = z.object({
  ...base,
  type: z.literal('event'),
  name: nonEmpty,
  value: z.optional(z.number().check(z.refine(Number.isFinite, 'expected a finite number'))),
  metadata: z.optional(z.record(z.string(), json)),
});

/** Schema of an identity link event. */
export const identifyEventSchema = z.object({
  ...base,
  type: z.literal('identify'),
  name: nonEmpty,
});

/** Schema of any protocol event. */
export const eventSchema = z.discriminatedUnion('type', [exposureEventSchema, customEventSchema, identifyEventSchema]);

/** Schema of a batch body (`POST {collector url}`). */
export const eventBatchSchema = z.object({
  batchId: nonEmpty,
  sentAt: z.iso.datetime(),
  sdk: z.object({ name: nonEmpty, version: nonEmpty }),
  events: z.array(eventSchema),
});

/** Validates a batch; throws {@link EventBatchError} listing every problem with its path. */
export function parseEventBatch(input: unknown): EventBatch {
  const result = z.safeParse(eventBatchSchema, input, { error: zodMessage });
  if (result.success) return result.data;
  throw new EventBatchError(issuesFromZod(result.error.issues));
}
