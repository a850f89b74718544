/**
 * splitkit: feature gates, experiments and dynamic parameters evaluated
 * locally from a JSON ruleset with stable murmur3 bucketing; exposures and
 * events delivered to your own collector.
 * @packageDocumentation
 */
export { createClient } from './client/create-client.js';
export { SplitkitClient } from './client/client.js';
export { LiteClient } from './client/lite-client.js';
export type { LiteClientParts, UserArg } from './client/lite-client.js';
export type { ClientOptions, EventOptions, IdentityOptions, DeviceCookieOptions } from './client/options.js';
export type { EvaluationOptions } from './client/arguments.js';
export type { EvaluationDetails } from './client/details.js';
export type { ExperimentResult } from './client/experiment-result.js';
export type { Overrides } from './client/overrides.js';
export { hashIdentifier } from './client/hash-identifier.js';
export type { SourceOptions } from './source/options.js';
export type { RulesetOrigin, RulesetChange, RulesetListener } from './client/delivery.js';
export type { Bootstrap, SnapshotMode, SnapshotValue } from './client/snapshot.js';

export { parseRuleset } from './ruleset/parse.js';
export { normalizeRuleset } from './ruleset/normalize.js';
export type { RulesetInput } from './ruleset/normalize.js';
export type {
  Ruleset, Gate, GateRule, Experiment, ExperimentStatus, Variant, Layer, LayerSlot, Holdout, DynamicParam, ParamRule,
  Segment, Prerequisite, Targeting, Condition, Json, Percent,
} from './ruleset/types.js';

export { bucket } from './eval/hash.js';
export { evalCondition, compileCondition } from './eval/conditions/index.js';
export type { Attributes, SavedGroups, ConditionFn } from './eval/conditions/index.js';
export type { User, Reason, EvalErrorCode, EntityKind } from './eval/types.js';

export { eventBatchSchema, eventSchema, parseEventBatch } from './events/schema.js';
export type { EventBatch, SplitkitEvent, ExposureEvent, CustomEvent, IdentifyEvent, EventSource, Units } from './events/types.js';
export { createEventPipeline, createExposureDeduper } from './events/index.js';
export type { EventPipeline, EventPipelineOptions, PipelineStats, ShutdownReport, ExposureDeduper, ExposureDeduperOptions } from './events/index.js';
export {
  createFetchTransport, createBeaconSender, createLocalStorage, createCookieStorage, createMemoryStorage, attachPageLifecycle,
} from './adapters/index.js';
export { DEVICE_ID_COOKIE, ensureDeviceId, readDeviceId, deviceIdSetCookie, isValidDeviceId } from './adapters/device-cookie.js';
export type { DeviceIdCookie } from './adapters/device-cookie.js';
export type { Transport, TransportRequest, TransportResponse } from './events/transport.js';
export type { KeyValueStorage } from './io/storage.js';
export type { Logger } from './io/logger.js';
export type { Scheduler } from './io/scheduler.js';

export { SplitkitError, ConfigError, EventBatchError, TransportError, AnalysisError, isSplitkitError } from './errors/index.js';
export type { ErrorCode, ValidationIssue } from './errors/index.js';
