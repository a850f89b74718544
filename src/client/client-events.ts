/**
 * The client's side of the event pipeline: exposures (deduplicated),
 * custom events, identity links, and passing flush/shutdown through.
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import type { EvalRecord, User } from '../eval/types.js';
import type { SplitkitEvent } from '../events/types.js';
import type { EventPipeline, PipelineStats, ShutdownReport } from '../events/pipeline-api.js';
import { SplitkitError } from '../errors/index.js';
import { readUnitId } from '../eval/unit-id.js';
import type { EventFactory } from './event-factory.js';
import { safeText } from './safe-text.js';
import { createExposureLogger } from './exposures.js';
import type { ExposureDeduper } from '../events/exposure-dedupe.js';

/** The parts of the event pipeline (src/events/pipeline.ts) the client uses; its methods are called unbound. */
export interface PipelineLike {
  enqueue(event: SplitkitEvent): void;
  flush(): Promise<void>;
  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport>;
  stats(): PipelineStats;
}

/** Exposure logging, tracking and identity links of one client. */
export interface ClientEvents {
  /** Custom unit names (e.g. `companyID`) come from the ruleset's gates, experiments and holdouts. */
  setRuleset(ruleset: RulesetInput): void;
  /** Logs the exposure of an evaluation (unless logging is off or it was logged already). */
  exposure(record: EvalRecord, user: User): void;
  /** Records a custom event; throws INVALID_OPTIONS for a bad name or value. */
  track(name: string, user: User, value: number | undefined, metadata: { [key: string]: Json } | undefined): void;
  /** A device that gains (or changes) its user id is linked to it, so analysis can stitch the two. */
  userChanged(previous: User, next: User): void;
  /** Links the user's unit ids (e.g. deviceID and userID) with an identify event; nothing to link with fewer than two. */
  identify(user: User): void;
  /** The pipeline's {@link EventPipeline.flush}. */
  flush(): Promise<void>;
  /** The pipeline's {@link EventPipeline.shutdown}. */
  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport>;
  /** The pipeline's counters. */
  stats(): PipelineStats;
}

/** Creates the client's events; without a `deduper`, automatic exposure logging is off. */
export function createClientEvents(factory: EventFactory, pipeline: PipelineLike, deduper: ExposureDeduper | undefined): ClientEvents {
  const identify = (user: User): void => {
    if (Object.keys(factory.units(user)).length > 1) pipeline.enqueue(factory.identify(user));
  };
  return {
    setRuleset(ruleset) {
      const names = new Set<string>();
      // Rulesets may come as given (trusted): an absent unit is the default one, which is always included.
      const add = (entity: { unit?: string }): void => {
        if (entity.unit !== undefined) names.add(entity.unit);
      };
      const { gates, experiments, layers, holdouts, params } = ruleset;
      for (const group of [gates, experiments, layers, holdouts, params]) for (const entity of Object.values(group ?? {})) add(entity);
      for (const group of [gates, params]) for (const entity of Object.values(group ?? {})) for (const rule of entity.rules ?? []) add(rule);
      factory._setUnitNames(names);
    },
    exposure: deduper ? createExposureLogger(factory, pipeline, deduper) : () => {},
    track(name, user, value, metadata) {
      if (typeof name !== 'string' || name === '') throw new SplitkitError('INVALID_OPTIONS', 'track(name): name must be a non-empty string');
      // Number.isFinite is false for anything but a finite number.
      if (value !== undefined && !Number.isFinite(value)) {
        throw new SplitkitError('INVALID_OPTIONS', `track("${name}"): value must be a finite number, got ${safeText(value)}`);
      }
      pipeline.enqueue(factory._customEvent(name, user, value, metadata));
    },
    userChanged(previous, next) {
      const userID = readUnitId(next, 'userID');
      if (userID !== undefined && userID !== readUnitId(previous, 'userID')) identify(next);
    },
    identify,
    flush: pipeline.flush,
    shutdown: pipeline.shutdown,
    stats: pipeline.stats,
  };
}
