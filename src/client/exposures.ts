/**
 * Decides which evaluations become exposure events: only results that came
 * from a rule or an experiment (the evaluator's `exposure` flag), not opted
 * out, and not already logged for the same unit, entity, result and rule
 * within the dedupe window.
 */
import type { Json } from '../ruleset/types.js';
import type { EvalRecord, User } from '../eval/types.js';
import { readUnitId } from '../eval/unit-id.js';
import type { EventPipeline } from '../events/pipeline-api.js';
import type { ExposureDeduper } from '../events/exposure-dedupe.js';
import type { EventFactory } from './event-factory.js';

/** Logs the exposure of `record` for `user`, unless its unit already logged the same one. */
export type ExposureLogger = (record: EvalRecord, user: User) => void;

/** One exposure description (entity, result, rule, reason) and the dedupe string it stands for. */
interface Exposure {
  kind: string;
  _servedResult: Json;
  ruleId: string | undefined;
  reason: string;
  key: string;
}

/** Descriptions remembered per entity name, and entity names in all, before starting over. */
const MEMO_PER_NAME = 32;
const MEMO_NAMES = 1_000;

/** Creates a logger of exposures through a deduper into `sink`: the event pipeline, or anything with its `enqueue`. */
export function createExposureLogger(
  factory: EventFactory,
  sink: Pick<EventPipeline, 'enqueue'>,
  deduper: ExposureDeduper,
): ExposureLogger {
  // Reads repeat a few descriptions (a gate's true/false, an experiment's variants) across every unit:
  // reusing the same string, whose hash V8 caches, saves building and hashing one per read.
  const memo = new Map<string, Exposure[]>();

  /** The dedupe string of the entity, result, rule and reason (which determine a parameter's value, however large). */
  const describe = (record: EvalRecord): string => {
    // An experiment's result is its variant key (null for none); a gate's or a parameter's is whether it served true.
    const result = record.kind === 'experiment' ? record.value : record.value === true;
    let known = memo.get(record.name);
    if (known === undefined) {
      if (memo.size >= MEMO_NAMES) memo.clear();
      known = [];
      memo.set(record.name, known);
    }
    for (let i = 0; i < known.length; i++) {
      const e = known[i]!;
      if (
        e._servedResult === result &&
        e.kind === record.kind &&
        e.ruleId === record.ruleId &&
        e.reason === record.reason
      )
        return e.key;
    }
    const key = `${record.kind}\u0000${record.name}\u0000${result}\u0000${record.ruleId ?? ''}\u0000${record.reason}`;
    if (known.length >= MEMO_PER_NAME) known.length = 0;
    known.push({ kind: record.kind, _servedResult: result, ruleId: record.ruleId, reason: record.reason, key });
    return key;
  };

  return (record, user) => {
    // A full rollout also serves users without the rule's unit: dedupe those by their own id (the same rule the
    // evaluator uses, so '' or NaN is no id); only users with no id at all share the key ''.
    const unit = record.unitId ?? readUnitId(user, 'userID') ?? readUnitId(user, 'deviceID') ?? '';
    if (deduper.shouldLogFor(unit, describe(record))) sink.enqueue(factory.exposure(record, user));
  };
}
