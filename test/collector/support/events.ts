/** Builders for protocol events and batches used across the collector tests. */
import { randomUUID } from 'node:crypto';
import type {
  CustomEvent,
  EventBatch,
  ExposureEvent,
  IdentifyEvent,
  SplitkitEvent,
} from '../../../src/events/types.js';

/** A recent time (an hour ago, in whole minutes), inside the collector's window of accepted event times. */
export const RECENT = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

/** An exposure to `name` at `time` with a fresh id. */
export function exposure(name = 'button_color', time = RECENT, extra: Partial<ExposureEvent> = {}): ExposureEvent {
  return {
    id: randomUUID(),
    type: 'exposure',
    time,
    units: { userID: 'u1', deviceID: 'd1' },
    source: 'client',
    name,
    kind: 'experiment',
    variant: 'blue',
    reason: 'SPLIT',
    unit: 'userID',
    bucket: 4242,
    ...extra,
  };
}

/** A custom event `name` at `time` with a fresh id. */
export function custom(name = 'purchase', time = RECENT, extra: Partial<CustomEvent> = {}): CustomEvent {
  return {
    id: randomUUID(),
    type: 'event',
    time,
    units: { userID: 'u1' },
    source: 'server',
    name,
    value: 19.99,
    ...extra,
  };
}

/** An identify event linking a device to a user. */
export function identify(time = RECENT): IdentifyEvent {
  return {
    id: randomUUID(),
    type: 'identify',
    time,
    units: { userID: 'u1', deviceID: 'd1' },
    source: 'client',
    name: 'login',
  };
}

/** `count` custom events with distinct ids and increasing times. */
export function customEvents(count: number, name = 'purchase'): CustomEvent[] {
  return Array.from({ length: count }, (_, index) => custom(name, RECENT + index));
}

/** A batch body around `events`. */
export function batch(events: SplitkitEvent[]): EventBatch {
  return {
    batchId: randomUUID(),
    sentAt: new Date(RECENT).toISOString(),
    sdk: { name: 'splitkit', version: '0.1.0' },
    events,
  };
}

/** Every event of an async iterable, in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
