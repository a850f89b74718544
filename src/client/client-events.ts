/**
 * The client's side of the event pipeline: exposures (deduplicated),
 * custom events, identity links, and passing flush/shutdown through.
 */
import type { Json, Ruleset } from '../ruleset/types.js';
import type { EvalRecord, User } from '../eval/types.js';
import type { SplitkitEvent } from '../events/types.js';
import type { PipelineStats, ShutdownReport } from '../events/pipeline-api.js';
import { SplitkitError } from '../errors/index.js';
import { unitIdOf, type EventFactory } from './event-factory.js';
import { safeText } from './safe-text.js';
import { ExposureLogger } from './exposures.js';
import type { ExposureDeduper } from '../events/exposure-dedupe.js';

/** The parts of the event pipeline (src/events/pipeline.ts) the client uses. */
export interface PipelineLike {
  enqueue(event: SplitkitEvent): void;
  flush(): Promise<void>;
  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport>;
  stats(): PipelineStats;
}

export class ClientEvents {
  /** Absent when automatic exposure logging is off. */
  private readonly exposures: ExposureLogger | undefined;

  constructor(
    private readonly factory: EventFactory,
    private readonly pipeline: PipelineLike,
    deduper: ExposureDeduper | undefined,
  ) {
    this.exposures = deduper && new ExposureLogger(factory, pipeline, deduper);
  }

  /** Custom unit names (e.g. `companyID`) come from the ruleset's gates, experiments and holdouts. */
  setRuleset(ruleset: Ruleset): void {
    const names = new Set<string>();
    for (const group of [ruleset.gates, ruleset.experiments, ruleset.layers, ruleset.holdouts, ruleset.params]) {
      for (const entity of Object.values(group)) names.add(entity.unit);
    }
    for (const gate of Object.values(ruleset.gates)) for (const rule of gate.rules) names.add(rule.unit);
    this.factory.setUnitNames(names);
  }

  exposure(record: EvalRecord, user: User, variant: string | null): void {
    this.exposures?.log(record, user, variant);
  }

  track(name: string, user: User, value: number | undefined, metadata: { [key: string]: Json } | undefined): void {
    if (typeof name !== 'string' || name === '') throw new SplitkitError('INVALID_OPTIONS', 'track(name): name must be a non-empty string');
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new SplitkitError('INVALID_OPTIONS', `track("${name}"): value must be a finite number, got ${safeText(value)}`);
    }
    this.pipeline.enqueue(this.factory.custom(name, user, value, metadata));
  }

  /** A device that gains (or changes) its user id is linked to it, so analysis can stitch the two. */
  userChanged(previous: User, next: User): void {
    const userID = unitIdOf(next.userID);
    if (userID === undefined || userID === unitIdOf(previous.userID)) return;
    this.identify(next);
  }

  /** Links the user's unit ids (e.g. deviceID and userID) with an identify event; returns false when it has fewer than two. */
  identify(user: User): boolean {
    if (Object.keys(this.factory.units(user)).length < 2) return false;
    this.pipeline.enqueue(this.factory.identify(user));
    return true;
  }

  flush(): Promise<void> {
    return this.pipeline.flush();
  }

  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport> {
    return this.pipeline.shutdown(options);
  }

  stats(): PipelineStats {
    return this.pipeline.stats();
  }
}
