/**
 * Decides which evaluations become exposure events: only results that came
 * from a rule or an experiment (the evaluator's `exposure` flag), not opted
 * out, and not already logged for the same unit, entity, result and rule
 * within the dedupe window.
 */
import type { EvalRecord, User } from '../eval/types.js';
import type { SplitkitEvent } from '../events/types.js';
import type { EventFactory } from './event-factory.js';

/** Where the client hands events: the event pipeline, or anything with `enqueue`. */
export interface EventSink {
  enqueue(event: SplitkitEvent): void;
}

/** A bounded "seen before?" set (src/events/exposure-dedupe.ts). */
export interface ExposureDeduper {
  shouldLog(key: string): boolean;
}

export class ExposureLogger {
  constructor(
    private readonly factory: EventFactory,
    private readonly sink: EventSink,
    private readonly deduper: ExposureDeduper,
  ) {}

  log(record: EvalRecord, user: User, variant: string | null): void {
    const unit = record.unitId ?? fallbackUnitId(user);
    // The rule and reason determine the value (parameters' values can be large objects), so they key the dedupe.
    const key = `${record.kind}\u0000${record.name}\u0000${unit}\u0000${variant ?? String(record.value === true)}\u0000${record.ruleId ?? ''}\u0000${record.reason}`;
    if (!this.deduper.shouldLog(key)) return;
    this.sink.enqueue(this.factory.exposure(record, user, variant));
  }
}

function fallbackUnitId(user: User): string {
  const id = user.userID ?? user.deviceID;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
}
