/**
 * One OpenFeature resolution, shared by the server and the web provider.
 * OpenFeature asks for a flag by key and type; splitkit keeps gates,
 * experiments and parameters apart. A boolean read looks for a gate first,
 * a string read for an experiment (its variant key), and every type falls
 * back to a parameter of that name. A key that names an entity of another
 * type is a TYPE_MISMATCH; a key that names nothing is read through the
 * client as its primary kind, so the answer and the `onError` report are
 * exactly a direct read's (FLAG_NOT_FOUND, or PARSE_ERROR while the ruleset
 * is rejected), except that a client with no ruleset at all, or a values
 * bootstrap asked for another visitor, answers PROVIDER_NOT_READY.
 */
import type { ErrorCode, FlagMetadata, JsonValue, ResolutionDetails } from '@openfeature/core';
import type { SplitkitClient } from '../client/client.js';
import type { EvaluationOptions } from '../client/arguments.js';
import type { EvaluationDetails } from '../client/details.js';
import { ENTITY_KINDS } from '../eval/types.js';
import type { EntityKind, Reason, User } from '../eval/types.js';
import type { Json } from '../ruleset/types.js';
import { copyJson } from '../ruleset/copy-json.js';
import type { EvalErrorCode } from '../errors/index.js';

/** The four value types OpenFeature resolves. */
export type FlagType = 'boolean' | 'string' | 'number' | 'object';

/** Which entity kinds may answer a read of each type, in the order they are tried. */
const KINDS_BY_TYPE: { readonly [type in FlagType]: readonly EntityKind[] } = {
  boolean: ['gate', 'param'],
  string: ['experiment', 'param'],
  number: ['param'],
  object: ['param'],
};

/**
 * splitkit's reasons as OpenFeature's standard ones. Holdouts, allocation misses and a missing unit all
 * serve a configured default; a local override is a static value. splitkit's own reason stays in the
 * flag metadata (`reason`).
 */
const REASONS: { readonly [reason in Reason]: string } = {
  TARGETING_MATCH: 'TARGETING_MATCH',
  SPLIT: 'SPLIT',
  DEFAULT: 'DEFAULT',
  DISABLED: 'DISABLED',
  ERROR: 'ERROR',
  STATIC: 'STATIC',
  HOLDOUT: 'DEFAULT',
  OVERRIDE: 'STATIC',
  NOT_ALLOCATED: 'DEFAULT',
  UNIT_MISSING: 'DEFAULT',
};

/** The names in the ruleset in use, rebuilt only when the client's ruleset object changes. */
interface NameIndex {
  ruleset: unknown;
  has: { readonly [kind in EntityKind]: ReadonlySet<string> };
}

/** Resolves OpenFeature reads against one client. */
export interface Resolver {
  resolve<T extends JsonValue>(
    type: FlagType,
    key: string,
    defaultValue: T,
    user: User | undefined,
  ): ResolutionDetails<T>;
}

/** A resolver over `client`; `user` undefined reads for the client's bound user (the web provider). */
export function createResolver(client: SplitkitClient): Resolver {
  let index: NameIndex | undefined;

  function names(): NameIndex {
    const ruleset = client.getRuleset();
    // A values bootstrap serves until a source brings a ruleset, which is a new ruleset object: the cache holds.
    if (index === undefined || index.ruleset !== ruleset) index = buildIndex(ruleset, client);
    return index;
  }

  return {
    resolve<T extends JsonValue>(
      type: FlagType,
      key: string,
      defaultValue: T,
      user: User | undefined,
    ): ResolutionDetails<T> {
      try {
        const { has } = names();
        const kinds = KINDS_BY_TYPE[type];
        const kind = kinds.find((candidate) => has[candidate].has(key));
        if (kind === undefined) {
          const other = ENTITY_KINDS.find((candidate) => has[candidate].has(key));
          if (other !== undefined)
            return failure(defaultValue, 'TYPE_MISMATCH', `"${key}" (${other}) does not resolve as ${type}`);
        }
        const details = read(client, kind ?? kinds[0]!, key, defaultValue as Json, user);
        // Not found, yet nothing is missing: the client has no ruleset at all (the source has not delivered one),
        // or the key is a values bootstrap's, which answers only for the visitor it was made for.
        if (details.errorCode === 'FLAG_NOT_FOUND' && (kind !== undefined || client.status().origin === 'none'))
          return failure(defaultValue, 'PROVIDER_NOT_READY', `"${key}": splitkit has no ruleset for this user yet`);
        return toResolution(details, defaultValue);
      } catch (error) {
        // The client's reads never throw; this guards the mapping itself, so a provider call never throws either.
        return failure(defaultValue, 'GENERAL', error instanceof Error ? error.message : String(error));
      }
    },
  };
}

/** A read of `key` as an entity of `kind` through the client: its answer, its exposure and its `onError` report. */
export function read(
  client: SplitkitClient,
  kind: EntityKind,
  key: string,
  fallback: Json,
  user: User | undefined,
  options?: EvaluationOptions,
): EvaluationDetails<Json> {
  if (kind === 'gate') return client.getGateDetails(key, user, options);
  if (kind === 'experiment') return client.getExperimentDetails(key, user, options);
  return client.getParamDetails(key, fallback, user, options);
}

/** The names reads find: the ruleset's, and a values bootstrap's (a server-rendered page's) while it serves. */
function buildIndex(ruleset: unknown, client: SplitkitClient): NameIndex {
  const section = (kind: EntityKind): ReadonlySet<string> => {
    const value =
      typeof ruleset === 'object' && ruleset !== null ? (ruleset as { [key: string]: unknown })[`${kind}s`] : undefined;
    return new Set([
      ...(typeof value === 'object' && value !== null ? Object.keys(value) : []),
      // A client of an older splitkit copy has no such method: its ruleset's names are all there is.
      ...(client._bootstrapNames?.(kind) ?? []),
    ]);
  };
  return { ruleset, has: { gate: section('gate'), experiment: section('experiment'), param: section('param') } };
}

/** A splitkit evaluation as OpenFeature resolution details. */
export function toResolution<T extends JsonValue>(
  details: EvaluationDetails<Json>,
  defaultValue: T,
): ResolutionDetails<T> {
  const metadata: FlagMetadata = { kind: details.kind, reason: details.reason };
  if (details.ruleId !== undefined) metadata['ruleId'] = details.ruleId;
  if (details.bucket !== undefined) metadata['bucket'] = details.bucket;
  if (details.unit !== undefined) metadata['unit'] = details.unit;
  if (details.holdout !== undefined) metadata['holdout'] = details.holdout;
  if (details.layer !== undefined) metadata['layer'] = details.layer;
  if (details.reason === 'ERROR') {
    return {
      ...failure(defaultValue, toErrorCode(details.errorCode), details.errorMessage ?? 'evaluation failed'),
      flagMetadata: metadata,
    };
  }
  const resolution: ResolutionDetails<T> = {
    value: defaultValue,
    reason: REASONS[details.reason] ?? details.reason,
    flagMetadata: metadata,
  };
  if (details.kind === 'gate') {
    resolution.value = details.value as T;
    resolution.variant = details.value === true ? 'on' : 'off';
  } else if (details.kind === 'experiment') {
    // Not in the experiment: the app's default, with the reason that says why (DEFAULT, DISABLED, …).
    if (typeof details.value === 'string') {
      resolution.value = details.value as T;
      resolution.variant = details.value;
    }
  } else {
    // The ruleset's own object otherwise: vendor-neutral code that changes what it read would change the flag.
    resolution.value = (typeof details.value === 'object' ? copy(details.value) : details.value) as T;
  }
  return resolution;
}

/**
 * A deep copy of a value read from the ruleset (what a trusted ruleset holds that is no JSON, a function, is
 * kept as it is inside its copied object); the value itself only where even that fails (a cycle, a getter
 * that throws).
 */
function copy<T>(value: T): T {
  try {
    return copyJson(value as Json) as T;
  } catch {
    return value;
  }
}

/**
 * splitkit's read error codes are OpenFeature's names (`EvalErrorCode`, checked against OpenFeature's
 * `ErrorCode` by test/architecture/error-codes.test.ts), so they pass through; none at all is GENERAL.
 */
function toErrorCode(code: EvalErrorCode | undefined): ErrorCode {
  return (code ?? 'GENERAL') as ErrorCode;
}

function failure<T extends JsonValue>(defaultValue: T, errorCode: string, errorMessage: string): ResolutionDetails<T> {
  return { value: defaultValue, reason: 'ERROR', errorCode: errorCode as ErrorCode, errorMessage };
}
