/**
 * Sticky assignments (docs/bucketing.md#sticky-assignments): an experiment marked `sticky` keeps each unit's
 * variant in a store once the split assigned it, so a weight ramp, a cut in allocation or a moved layer slot
 * does not move units already in it. The evaluator stays pure: the client evaluates, then applies the stored
 * assignment here; the store is the app's (or, in the browser with consent, localStorage).
 */
import type { RulesetInput } from '../ruleset/input.js';
import type { KeyValueStorage } from '../io/storage.js';
import { createEvalRecord, type EvalRecord, type User } from '../eval/types.js';
import { answeredByValues } from './snapshot.js';
import type { Reader } from './reader.js';
import { SplitkitError } from '../errors/index.js';
import type { ClientParts } from './client.js';
import { createLocalStorage } from '../adapters/storage.js';
import { safeText } from './safe-text.js';
import { isPlainObject } from '../shared/plain-object.js';

/**
 * Where the client keeps sticky assignments: synchronous, as reads are. An assignment is keyed by the
 * experiment, the unit (the attribute, e.g. `userID`), the unit's id and the experiment's salt, so a changed
 * salt (a restarted experiment) finds none and assigns afresh. A store that throws never breaks a read: the
 * read serves what the ruleset alone decides, and the first failure is reported (`STORE_FAILED`).
 */
export interface AssignmentStore {
  /** The variant key stored for this unit id, or null/undefined when there is none. */
  get(experiment: string, unit: string, unitId: string, salt: string): string | null | undefined;
  /** Stores (or replaces) the variant of this unit id. */
  set(experiment: string, unit: string, unitId: string, salt: string, variant: string): void;
}

/**
 * Sticky assignments as JSON, as a bootstrap carries them: the JSON text of `[experiment, unit, unitId, salt]` →
 * variant key, or null where the server served no variant (the page serves none either).
 */
export type AssignmentEntries = { [key: string]: string | null };

/**
 * What the keys of `createAssignmentStore` start with; the rest is the JSON text of the assignment's key (so
 * always `[` next: an app's `splitkit.assignmentHistory` is not one).
 */
export const ASSIGNMENT_PREFIX = 'splitkit.assignment';

/** The JSON text that names one assignment (no part can run into the next). */
const idOf = (parts: readonly string[]): string => JSON.stringify(parts);

/**
 * An assignment store over a key-value `storage`: one key per assignment, `splitkit.assignment` followed by the
 * JSON text of `[experiment, unit, unitId, salt]`, whose value is the variant key. The browser's default store is
 * this over localStorage; without a storage (`createLocalStorage()` found none) it keeps nothing.
 * `createAssignmentStore(createMemoryStorage())` keeps assignments in memory, for tests and examples: a server
 * keeps them in its own database or cache, behind a store of its own.
 */
export function createAssignmentStore(storage?: KeyValueStorage): AssignmentStore {
  return {
    get: (...key) => storage?.get(ASSIGNMENT_PREFIX + idOf(key)),
    set(...key) {
      // A storage that refuses (localStorage full) reports as one that throws does.
      if (storage?.set(ASSIGNMENT_PREFIX + idOf(key.slice(0, 4)), key[4]) === false)
        throw new Error('the storage refused to keep the assignment (full?)');
    },
  };
}

/**
 * Sticky assignments for `createClient({ assignments })`, made by {@link stickyAssignments}. Opaque: the client
 * calls it.
 */
export interface StickyAssignments {
  /** Applies sticky assignments to an evaluated experiment of a client's read (see `stickyAssignments`). @internal */
  _apply(record: EvalRecord, parts: ClientParts, user: User): void;
  /** Consent withdrawn: erases what the browser's default store persisted. @internal */
  _forget(): void;
  /** The sticky assignments of `user`, as a snapshot carries them (read without exposures). @internal */
  _snapshot(reader: Reader, user: User, parts: ClientParts): AssignmentEntries;
}

/**
 * Turns on sticky assignments for the experiments a ruleset marks `sticky` (docs/bucketing.md#sticky-assignments):
 * pass the result as `createClient({ assignments })`. `store` keeps them; without one, the browser keeps them in
 * localStorage while the device identity has consent (none without it: nothing is read, written or probed, and
 * withdrawing consent erases them), and a server keeps none (it still serves a bootstrap's).
 *
 * A read applies them after evaluating: only a result of the split (SPLIT), or of a unit its layer slot or the
 * allocation now leaves out (NOT_ALLOCATED), may take a stored variant; a stopped or shipped experiment, its
 * schedule, a forced id, targeting, a missing unit id, holdouts and overrides decide first. A bootstrap's
 * assignments (its server's, for its visitor) count before the store's, and a stored variant counts while the
 * experiment still has it. A kept variant the split would not give is served with reason SPLIT (the unit was
 * randomized, once), rule `sticky` and no bucket; a variant served that the store lacks is written to it. A store
 * that throws never breaks a read: the read serves what the ruleset decides, and the failure is reported once
 * (`STORE_FAILED`).
 */
export function stickyAssignments(store?: AssignmentStore): StickyAssignments {
  let local: AssignmentStore | undefined;
  // What the store holds, by assignment id, as read or written: a read asks the store once per assignment. Kept
  // for one ruleset and one store (consent changes which); forgetting clears it.
  // By experiment, then unit id (in one ruleset an experiment has one unit and salt): no key text to build.
  let known = new Map<string, Map<string, string | null | undefined>>();
  let count = 0;
  let knownFor: unknown;
  let knownIn: AssignmentStore | undefined;
  // Each client's bootstrap assignments, as read (see `seedOf`).
  const seeds = new WeakMap<ClientParts, AssignmentEntries | undefined>();
  // The ruleset the browser's default store was last pruned for.
  let pruned: unknown;
  return {
    _apply(record, parts, user) {
      const { name, reason } = record;
      // Only a result of the split may take a stored variant; a values bootstrap's answer is its server's, final.
      if ((reason !== 'SPLIT' && reason !== 'NOT_ALLOCATED') || answeredByValues(parts, user, name)) return;
      const { ruleset, identity } = parts;
      try {
        const experiment = (ruleset as RulesetInput).experiments?.[name];
        if (experiment?.sticky !== true) return;
        const key = [name, record.unit!, record.unitId!, experiment.salt ?? name] as const;
        // Only the browser has a device identity; its store is made on first use, never without consent.
        const target =
          store ?? (identity?._consented() ? (local ??= createAssignmentStore(createLocalStorage())) : undefined);
        if (knownFor !== ruleset || knownIn !== target) {
          known = new Map();
          count = 0;
          knownFor = ruleset;
          knownIn = target;
        }
        const { origin, source } = parts.delivery;
        // Only a current ruleset prunes: a source's (a 304 makes a cached one current), or the app's own where
        // no source brings one; not a cache's or a bootstrap's, which may be older than the entries.
        if (
          target &&
          target === local &&
          pruned !== ruleset &&
          (origin === 'network' || (origin === 'static' && !source))
        ) {
          pruned = ruleset;
          prune(ruleset as RulesetInput);
        }
        const seed = seedOf(parts);
        const id = seed ? idOf(key) : '';
        // The server's decision for its visitor (even none) is what the page serves: not the page's store.
        const seeded = seed && Object.hasOwn(seed, id) && (seed[id] === null || typeof seed[id] === 'string');
        let mine = known.get(name);
        if (!mine) known.set(name, (mine = new Map()));
        const unitId = record.unitId!;
        let own = seeded ? seed[id] : mine.get(unitId);
        if (!seeded && !mine.has(unitId)) {
          // Bounded (a server reads for many users): past 1000 it starts again.
          if (count++ >= 1000) {
            count = 1;
            known.clear();
            known.set(name, (mine = new Map()));
          }
          mine.set(unitId, (own = target?.get(...key)));
        }
        const index = experiment.variants.findIndex((variant) => variant.key === own);
        if (index !== record.variantIndex && (index >= 0 || seeded)) {
          record.variantIndex = index;
          record.value = index < 0 ? null : own!;
          record.reason = index < 0 ? 'NOT_ALLOCATED' : 'SPLIT';
          record.ruleId = 'sticky';
          record.bucket = -1;
          record.exposure = index >= 0;
        }
        const served = record.value as string | null;
        if (!seeded && served !== null && served !== own) {
          // Known before the write: a store that refuses it is not asked again on every read.
          mine.set(unitId, served);
          target?.set(...key, served);
        }
      } catch (error) {
        parts.reporter._report(
          new SplitkitError('STORE_FAILED', `sticky assignments: ${safeText(error)}`, { cause: error }),
          'assignments',
        );
      }
    },
    _forget() {
      known = new Map();
      if (!store) prune();
    },
    _snapshot(reader, user, { ruleset, reporter }) {
      const entries: AssignmentEntries = {};
      const record = createEvalRecord();
      try {
        for (const [name, experiment] of Object.entries((ruleset as RulesetInput).experiments ?? {}))
          if (experiment.sticky === true) {
            reader._readValue('experiment', name, null, user, { exposure: false }, record);
            // Every unit the server placed, even in no variant: the page serves the same.
            if (record.unitId !== undefined && record.reason !== 'ERROR')
              entries[idOf([name, record.unit!, record.unitId, experiment.salt ?? name])] =
                record.reason === 'SPLIT' ? (record.value as string) : null;
          }
      } catch (error) {
        // A trusted ruleset that throws when read (a getter): the entries read so far.
        reporter._report(new SplitkitError('INVALID_RULESET', `snapshot: ${safeText(error)}`, { cause: error }));
      }
      return entries;
    },
  };

  /**
   * The sticky assignments of the client's bootstrap, read once per client and quietly (a getter that throws, or
   * assignments that are no object, are reported as INVALID_OPTIONS and left out), as a plain copy.
   */
  function seedOf(parts: ClientParts): AssignmentEntries | undefined {
    if (seeds.has(parts)) return seeds.get(parts);
    let seed: AssignmentEntries | undefined;
    try {
      const given: unknown = parts._seed?.assignments;
      if (given !== undefined && !isPlainObject(given)) throw 'must be an object';
      if (given) seed = { ...given } as AssignmentEntries;
    } catch (error) {
      parts.reporter._report(new SplitkitError('INVALID_OPTIONS', `bootstrap.assignments: ${safeText(error)}`));
    }
    seeds.set(parts, seed);
    return seed;
  }

  /**
   * Removes from the browser's default store what `ruleset` no longer keeps: entries of experiments it does not
   * mark sticky, or under another salt (a restarted experiment). Run when a source's ruleset comes into use;
   * without a ruleset (consent withdrawn), every entry.
   */
  function prune(ruleset?: RulesetInput): void {
    const storage = createLocalStorage();
    for (const key of storage?.keys?.() ?? [])
      if (key.startsWith(`${ASSIGNMENT_PREFIX}[`)) {
        let parts: unknown;
        try {
          parts = JSON.parse(key.slice(ASSIGNMENT_PREFIX.length));
        } catch {}
        const [name, , , salt] = Array.isArray(parts) ? parts : [];
        const experiment = typeof name === 'string' ? ruleset?.experiments?.[name] : undefined;
        if (experiment?.sticky !== true || (experiment.salt ?? name) !== salt) storage?.remove(key);
      }
  }
}
