/**
 * splitkit: feature gates, experiments and dynamic parameters evaluated
 * locally from a JSON ruleset with stable murmur3 bucketing; exposures and
 * events delivered to your own collector. This entry holds what an app uses:
 * the client, its options and results, the ruleset's types and validator, and
 * the adapters its options take. Tools live in subpaths: `splitkit/protocol`
 * (the collector protocol's schemas), `splitkit/pipeline` (the event pipeline
 * on its own), `splitkit/evaluation` (bucketing and conditions).
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
export type {
  FlagRegistry,
  GateName,
  ExperimentName,
  ParamName,
  ParamRead,
  ParamValue,
  VariantKey,
  VariantParams,
} from './client/flag-types.js';
export type { Overrides } from './client/overrides.js';
export { hashIdentifier } from './client/hash-identifier.js';
export type { SourceOptions } from './source/options.js';
export type { DeliveryStatus, RulesetOrigin, RulesetChange, RulesetListener } from './client/delivery.js';
export type { Bootstrap, SnapshotMode, SnapshotValue } from './client/snapshot.js';
export { createAssignmentStore, stickyAssignments } from './client/assignments.js';
export type { AssignmentEntries, AssignmentStore, StickyAssignments } from './client/assignments.js';

export { parseRuleset } from './ruleset/parse.js';
export { rulesetSchema } from './ruleset/schema.js';
export type { RulesetInput } from './ruleset/normalize.js';
export type {
  Ruleset,
  Gate,
  GateRule,
  Experiment,
  ExperimentStatus,
  Variant,
  Layer,
  LayerSlot,
  Holdout,
  DynamicParam,
  ParamRule,
  Segment,
  Prerequisite,
  Targeting,
  Condition,
  Json,
  Percent,
} from './ruleset/types.js';

export type { User, Reason, EvalErrorCode, EntityKind } from './eval/types.js';

export type {
  EventBatch,
  SplitkitEvent,
  ExposureEvent,
  CustomEvent,
  IdentifyEvent,
  EventSource,
  Units,
} from './events/types.js';
// The adapters the client's options take (`transport`, `identityStores`), and the device id cookie for servers.
export {
  createFetchTransport,
  createLocalStorage,
  createCookieStorage,
  createMemoryStorage,
} from './adapters/index.js';
export {
  DEVICE_ID_COOKIE,
  ensureDeviceId,
  readDeviceId,
  deviceIdSetCookie,
  isValidDeviceId,
} from './adapters/device-cookie.js';
export type { CookieHeader, DeviceIdCookie } from './adapters/device-cookie.js';
export type { Transport, TransportRequest, TransportResponse } from './events/transport.js';
export type { KeyValueStorage } from './io/storage.js';
export type { Logger } from './io/logger.js';
export type { Scheduler } from './io/scheduler.js';

export {
  SplitkitError,
  ConfigError,
  EventBatchError,
  TransportError,
  AnalysisError,
  isSplitkitError,
} from './errors/index.js';
export type { ErrorCode, ValidationIssue } from './errors/index.js';
