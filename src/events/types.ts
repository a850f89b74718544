/**
 * The event model of the collector protocol (docs/protocol.md). These types
 * are what the client produces and what `eventBatchSchema` accepts.
 */
import type { Json } from '../ruleset/types.js';
import type { EntityKind, Reason } from '../eval/types.js';

/** Every place an event can be produced, written once: {@link EventSource} and the protocol schema take it. */
export const EVENT_SOURCES = ['client', 'server'] as const;

/** Where an event was produced. */
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Unit ids of the user an event is about: `{ userID?, deviceID?, companyID?, … }`, all strings. */
export type Units = { [unit: string]: string };

interface BaseEvent {
  /** UUID generated once when the event is created; a collector drops repeats of it. */
  id: string;
  /** Epoch milliseconds when the event happened. */
  time: number;
  units: Units;
  source: EventSource;
  /** User attributes copied in by the client's allow-list (none by default). */
  attributes?: { [name: string]: Json };
}

/** A user was shown (or served) a gate result, variant or parameter value. */
export interface ExposureEvent extends BaseEvent {
  type: 'exposure';
  /** Gate, experiment or parameter key. */
  name: string;
  kind: EntityKind;
  /** Experiments: the variant key. */
  variant?: string;
  /** Gates: the boolean; parameters: the value. */
  value?: Json;
  ruleId?: string;
  reason: Reason;
  /** Unit attribute that was hashed, e.g. `deviceID`. */
  unit?: string;
  bucket?: number;
  layer?: string;
  holdout?: string;
}

/** A custom event recorded with `client.track(name, …)`. */
export interface CustomEvent extends BaseEvent {
  type: 'event';
  name: string;
  /** Numeric value for sums and ratios (e.g. revenue). */
  value?: number;
  metadata?: { [key: string]: Json };
}

/** Links the unit ids in `units` (e.g. a deviceID to the userID it logged in as). */
export interface IdentifyEvent extends BaseEvent {
  type: 'identify';
  name: string;
}

/** Any event of the protocol. */
export type SplitkitEvent = ExposureEvent | CustomEvent | IdentifyEvent;

/** The body of one `POST` to the collector. */
export interface EventBatch {
  /** UUID of this batch; the same batch retried keeps its id. */
  batchId: string;
  /** ISO-8601 time of this attempt. */
  sentAt: string;
  sdk: { name: string; version: string };
  events: SplitkitEvent[];
}
