/**
 * Builds protocol events (src/events/types.ts) from evaluations, `track`
 * calls and logins. Only unit ids and allow-listed attributes leave the
 * client: nothing else of the user is copied into events.
 */
import type { Json } from '../ruleset/types.js';
import type { EvalRecord, User } from '../eval/types.js';
import type { CustomEvent, EventSource, ExposureEvent, IdentifyEvent, Units } from '../events/types.js';

export interface EventFactoryOptions {
  source: EventSource;
  uuid: () => string;
  now: () => number;
  /** User attributes copied into every event (privacy: none by default). */
  attributes?: readonly string[];
}

/** The id of `value` as a unit, or undefined when it cannot be one. */
export function unitIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

const DEFAULT_UNITS = ['userID', 'deviceID'];

export class EventFactory {
  private unitNames: readonly string[] = DEFAULT_UNITS;

  constructor(private readonly options: EventFactoryOptions) {}

  /** The unit attributes (beyond userID and deviceID) the ruleset hashes on, e.g. `companyID`. */
  setUnitNames(names: Iterable<string>): void {
    this.unitNames = [...new Set([...DEFAULT_UNITS, ...names])];
  }

  units(user: User): Units {
    const units: Units = {};
    for (const name of this.unitNames) {
      const id = unitIdOf(user[name]);
      if (id !== undefined) units[name] = id;
    }
    return units;
  }

  exposure(record: EvalRecord, user: User, variant: string | null): ExposureEvent {
    const event: ExposureEvent = {
      ...this.base(user),
      type: 'exposure',
      name: record.name,
      kind: record.kind,
      reason: record.reason,
    };
    if (record.kind === 'experiment') {
      if (variant !== null) event.variant = variant;
    } else event.value = record.value;
    if (record.ruleId !== undefined) event.ruleId = record.ruleId;
    if (record.unit !== undefined) event.unit = record.unit;
    if (record.bucket >= 0) event.bucket = record.bucket;
    if (record.layer !== undefined) event.layer = record.layer;
    if (record.holdout !== undefined) event.holdout = record.holdout;
    return event;
  }

  custom(name: string, user: User, value: number | undefined, metadata: { [key: string]: Json } | undefined): CustomEvent {
    const event: CustomEvent = { ...this.base(user), type: 'event', name };
    if (value !== undefined) event.value = value;
    if (metadata !== undefined) event.metadata = metadata;
    return event;
  }

  identify(user: User): IdentifyEvent {
    return { ...this.base(user), type: 'identify', name: 'identify' };
  }

  private base(user: User) {
    const base: { id: string; time: number; units: Units; source: EventSource; attributes?: { [name: string]: Json } } = {
      id: this.options.uuid(),
      time: this.options.now(),
      units: this.units(user),
      source: this.options.source,
    };
    const allowed = this.options.attributes;
    if (allowed && allowed.length > 0) {
      const attributes: { [name: string]: Json } = {};
      let any = false;
      for (const name of allowed) {
        const value = user[name];
        if (isJsonPrimitive(value)) {
          attributes[name] = value;
          any = true;
        }
      }
      if (any) base.attributes = attributes;
    }
    return base;
  }
}

function isJsonPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
