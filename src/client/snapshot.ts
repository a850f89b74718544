/**
 * Server rendering without flicker: `client.snapshot(user)` on the server,
 * `createClient({ bootstrap, user })` in the browser. Two modes:
 * - `'ruleset'`: the ruleset itself; the browser evaluates it (and can
 *   re-evaluate after a login) and starts fetching from its ETag.
 * - `'values'`: only this visitor's evaluated results; rules, segments and
 *   other visitors' targeting never leave the server.
 * The server reads with `exposure: false`: the exposure is logged once, by
 * the browser, when the value is read there.
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import { evaluate } from '../eval/evaluate.js';
import { readUnitId } from '../eval/unit-id.js';
import { copySetFields } from './details.js';
import { isPlainObject } from '../shared/plain-object.js';
import type { VariantParams } from './experiment-result.js';
import type { AssignmentEntries } from './assignments.js';
import type { ClientParts } from './client.js';
import { resetEvalRecord, type EntityKind, type EvalRecord, type Reason, type User } from '../eval/types.js';
import { checkOptions } from '../shared/option-checks.js';
import { bootstrapCheck } from './common-options.js';
import { toSplitkitError } from './reader.js';
import type { Reporter } from './reporter.js';

/** How much of the server's knowledge a snapshot carries. */
export type SnapshotMode = 'ruleset' | 'values';

/** One evaluated result, as the server's evaluation recorded it. */
export interface SnapshotValue {
  value: Json;
  reason: Reason;
  /** Whether the browser logs an exposure when it reads this value. */
  exposure?: true;
  ruleId?: string;
  unit?: string;
  unitId?: string;
  bucket?: number;
  variantIndex?: number;
  layer?: string;
  holdout?: string;
  /**
   * An experiment's: the parameters of the variant this visitor was assigned (no other variant's), so
   * `getExperiment(name).get(param, fallback)` serves them on first paint.
   */
  params?: { [name: string]: Json };
}

/** What `client.snapshot(user)` returns and `createClient({ bootstrap })` takes: plain JSON. */
export interface Bootstrap {
  /** Format version. */
  splitkit: 1;
  mode: SnapshotMode;
  /** The visitor the snapshot was made for (the browser binds it unless given `user`). */
  user: User;
  /** `'ruleset'` mode: the ruleset in use on the server. */
  ruleset?: RulesetInput;
  /** The ETag of that ruleset, so a browser source's first request can be a 304. */
  etag?: string;
  /** `'values'` mode: the visitor's results by kind and name. */
  values?: { [Kind in EntityKind]?: { [name: string]: SnapshotValue } };
  /**
   * Either mode, from a server given an assignment store: the visitor's sticky assignments, served before the
   * page's own store (docs/bucketing.md#sticky-assignments).
   */
  assignments?: AssignmentEntries;
}

/** The most values a snapshot copies from one user attribute: enough for any real visitor, and a bound on time. */
const MAX_ATTRIBUTE_VALUES = 10_000;

/**
 * The user as the page gets it: each attribute copied through JSON, as the page's own `JSON.stringify` of the
 * bootstrap writes it (a function or `undefined` is left out, and NaN or Infinity is null: both read as a missing
 * attribute, no unit id). An attribute JSON cannot write (a cycle, as an ORM record's often holds; a BigInt; a
 * getter that throws), that would take the copy past MAX_ATTRIBUTE_VALUES (an object graph sharing its nodes can be
 * exponential to write), or that `toJSON` would write as something else (a Date, an ObjectId: text in the page,
 * where the server read an object and bucketed no unit with it) is left out and its name pushed to `dropped`:
 * serializing the bootstrap must never throw, or hang, in the app's server, and the page must not bucket a unit
 * the server did not.
 */
export function pageUser(user: User, dropped: string[]): User {
  // Members as JSON text, parsed once at the end: JSON.parse makes an attribute named `__proto__` an own
  // property, where assigning it would set the copy's prototype.
  const members: string[] = [];
  let left = 0;
  // The holder's own data property is the value before toJSON: one that toJSON replaced is refused. Read from its
  // descriptor, so no getter runs twice (a getter's value, made once, is taken as JSON writes it).
  function counted(this: object, key: string, value: unknown): unknown {
    const own = Object.getOwnPropertyDescriptor(this, key);
    if (--left < 0 || (own && 'value' in own && !Object.is(value, own.value))) throw new RangeError();
    return value;
  }
  for (const key of Object.keys(user)) {
    left = MAX_ATTRIBUTE_VALUES;
    try {
      const text = JSON.stringify(user[key], counted);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    } catch {
      dropped.push(key);
    }
  }
  return JSON.parse(`{${members}}`) as User;
}

const FIELDS = ['ruleId', 'unit', 'unitId', 'bucket', 'variantIndex', 'layer', 'holdout'] as const;

/** The JSON of one evaluation: only the fields that say something. */
export function snapshotValue(record: EvalRecord): SnapshotValue {
  const value: SnapshotValue = { value: record.value, reason: record.reason };
  if (record.exposure) value.exposure = true;
  copySetFields(record, value, FIELDS);
  return value;
}

/**
 * The variant parameters a values bootstrap carries, by experiment and variant index: what experiment results
 * serve while the ruleset in use lacks the experiment (before a source brings it).
 */
export function paramsFromValues(bootstrap: Bootstrap): VariantParams {
  return (name, variantIndex) => {
    const found = entryOf(bootstrap, 'experiment', name);
    return found?.variantIndex === variantIndex ? found.params : undefined;
  };
}

/** The bootstrap's entry for `name`: its own ones only (`__proto__` would find Object.prototype). */
function entryOf(bootstrap: Bootstrap, kind: EntityKind, name: string): SnapshotValue | undefined {
  const entries = bootstrap.values?.[kind];
  return entries && Object.hasOwn(entries, name) ? entries[name] : undefined;
}

/**
 * True when `user` is the visitor a values snapshot was made for: the same user id and, when it had one, the same
 * device id, as evaluation reads ids (NaN, null, '' or an object is no id, on the server as in the page).
 */
const sameVisitor = (user: User, visitor: User): boolean => {
  const device = readUnitId(visitor, 'deviceID');
  return (
    readUnitId(user, 'userID') === readUnitId(visitor, 'userID') &&
    (device === undefined || readUnitId(user, 'deviceID') === device)
  );
};

/**
 * The evaluator of a values bootstrap: the snapshot's result for its visitor, the ruleset's evaluation for
 * anyone else or anything the snapshot lacks. `served()` false (a ruleset came from a source) ends it.
 */
export function evaluateFromValues(bootstrap: Bootstrap, served: () => boolean): typeof evaluate {
  return (compiled, kind, name, user, nowMs, record) => {
    const found = served() && sameVisitor(user, bootstrap.user) ? entryOf(bootstrap, kind, name) : undefined;
    // An entry that is no object (a mangled page) is as good as none: the ruleset's evaluation answers.
    if (!isPlainObject(found)) return evaluate(compiled, kind, name, user, nowMs, record);
    resetEvalRecord(record, kind, name);
    record.value = found.value;
    record.reason = found.reason;
    record.exposure = found.exposure === true;
    // A bucket of -1 is what the reset left: the same as none given.
    copySetFields(found as Partial<EvalRecord>, record, FIELDS);
    return record;
  };
}

/**
 * True when a read of experiment `name` for `user` was answered by the values bootstrap in `parts` (its server's
 * result, sticky assignments applied there): what evaluateFromValues serves, checked the same way.
 */
export function answeredByValues(parts: ClientParts, user: User, name: string): boolean {
  const values = parts._values;
  return (
    values !== undefined &&
    parts.delivery.origin === 'bootstrap' &&
    sameVisitor(user, values.user) &&
    isPlainObject(entryOf(values, 'experiment', name))
  );
}

/**
 * The `bootstrap` option a client can serve from: `bootstrap` itself, or undefined when it fails bootstrapCheck or
 * a field creation reads throws (a getter, a revoked Proxy), which is reported (INVALID_OPTIONS). It is data the
 * server rendered, not code: a page whose server runs a newer splitkit, or that embedded `null`, must still start.
 * Its `assignments` are read, and reported, apart: the rest of it still serves.
 */
export function usableBootstrap(bootstrap: Bootstrap | undefined, reporter: Reporter): Bootstrap | undefined {
  if (bootstrap !== undefined)
    try {
      checkOptions(bootstrapCheck, bootstrap, 'bootstrap');
      void [bootstrap.etag, bootstrap.ruleset, bootstrap.values];
    } catch (error) {
      reporter._report(toSplitkitError(error, 'INVALID_OPTIONS'));
      return undefined;
    }
  return bootstrap;
}
