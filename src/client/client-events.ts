/**
 * The client's side of the event pipeline: exposures (deduplicated),
 * custom events, identity links, and passing flush/shutdown through.
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import type { EvalRecord, User } from '../eval/types.js';
import type { EventPipeline } from '../events/pipeline-api.js';
import { readUnitId } from '../eval/unit-id.js';
import type { EventFactory } from './event-factory.js';
import { createExposureLogger } from './exposures.js';
import type { ExposureDeduper } from '../events/exposure-dedupe.js';

/**
 * Exposure logging, tracking and identity links of one client; `flush`, `shutdown` and `stats` are the
 * pipeline's own.
 */
export interface ClientEvents extends Pick<EventPipeline, 'flush' | 'shutdown' | 'stats'> {
  /** Custom unit names (e.g. `companyID`) come from the ruleset's gates, experiments and holdouts. */
  setRuleset(ruleset: RulesetInput): void;
  /** Logs the exposure of an evaluation (unless logging is off or it was logged already). */
  exposure(record: EvalRecord, user: User): void;
  /**
   * Records a custom event; one past the protocol's limits (a bad name, value or metadata) is dropped and reported
   * by the pipeline. False when the event carries no unit id, so that no analysis can attribute it.
   */
  track(name: string, user: User, value: number | undefined, metadata: { [key: string]: Json } | undefined): boolean;
  /** A device that gains (or changes) its user id is linked to it, so analysis can stitch the two. @internal */
  _userChanged(previous: User, next: User): void;
  /** Links the user's unit ids (e.g. deviceID and userID) with an identify event; nothing to link with fewer than two. */
  identify(user: User): void;
  /**
   * Browser: identity consent granted or withdrawn, which governs the stored queue (unless `events.persist`
   * is set). @internal
   */
  _consent?(granted: boolean): void;
}

/**
 * Creates the client's events over the parts of the event pipeline (src/events/pipeline.ts) the client uses,
 * whose methods it calls unbound; without a `deduper`, automatic exposure logging is off.
 */
export function createClientEvents(
  factory: EventFactory,
  pipeline: Pick<EventPipeline, 'enqueue' | 'flush' | 'shutdown' | 'stats'>,
  deduper: ExposureDeduper | undefined,
): ClientEvents {
  const identify = (user: User): void => {
    if (Object.keys(factory.units(user)).length > 1) pipeline.enqueue(factory.identify(user));
  };
  return {
    setRuleset(ruleset) {
      const names = new Set<string>();
      const { gates, experiments, layers, holdouts, params } = ruleset;
      // Only gates and parameters have rules; the other kinds have none to visit.
      for (const group of [gates, experiments, layers, holdouts, params])
        for (const entity of Object.values(group ?? {}) as { unit?: string; rules?: { unit?: string }[] }[])
          for (const each of [entity, ...(entity.rules ?? [])]) if (each.unit !== undefined) names.add(each.unit);
      factory._setUnitNames(names);
    },
    exposure: deduper ? createExposureLogger(factory, pipeline, deduper) : () => {},
    track(name, user, value, metadata) {
      // The pipeline drops and reports an event past the protocol's limits (a bad name, value or metadata).
      const event = factory._customEvent(name, user, value, metadata);
      pipeline.enqueue(event);
      return Object.keys(event.units).length > 0;
    },
    _userChanged(previous, next) {
      // A logged-in user is linked to each device id they carry: at login, and when consent swaps the device id
      // for a stored one (the user's later events must stitch to the id their exposures carry).
      const userID = readUnitId(next, 'userID');
      if (
        userID !== undefined &&
        (userID !== readUnitId(previous, 'userID') || readUnitId(next, 'deviceID') !== readUnitId(previous, 'deviceID'))
      )
        identify(next);
    },
    identify,
    flush: pipeline.flush,
    shutdown: pipeline.shutdown,
    stats: pipeline.stats,
  };
}
