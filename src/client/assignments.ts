/**
 * Sticky assignments (docs/bucketing.md#sticky-assignments): an experiment marked `sticky` keeps each unit's
 * variant in a store once the split assigned it, so a weight ramp, a cut in allocation or a moved layer slot
 * does not move units already in it. The evaluator stays pure: the client evaluates, then applies the stored
 * assignment here; the store is the app's (or, in the browser with consent, localStorage).
 */
import type { RulesetInput } from '../ruleset/input.js';
import type { KeyValueStorage } from '../io/storage.js';
import { createEvalRecord, type EvalRecord, type User } from '../eval/types.js';
import type { Reader } from './reader.js';
import { SplitkitError } from '../errors/index.js';
import type { ClientParts } from './client.js';
import { createLocalStorage } from '../adapters/storage.js';
import { safeText } from './safe-text.js';

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
 * variant key.
 */
export type AssignmentEntries = { [key: string]: string };

/** What the keys of `createAssignmentStore` start with; the rest is the JSON text of the assignment's key. */
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
    set: (...key) => void storage?.set(ASSIGNMENT_PREFIX + idOf(key.slice(0, 4)), key[4]),
  };
}

/**
 * Sticky assignments for `createClient({ assignments })`, made by {@link stickyAssignments}. Opaque: the client
 * calls it.
 */
export interface StickyAssignments {
  /** Applies sticky assignments to an evaluated experiment of a client's read (see `stickyAssignments`). @internal */
  _apply(record: EvalRecord, parts: ClientParts): void;
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
  return {
    _apply(record, { ruleset, reporter, identity, _seed }) {
      const { name, reason } = record;
      try {
        const experiment = (ruleset as RulesetInput).experiments?.[name];
        if ((reason === 'SPLIT' || reason === 'NOT_ALLOCATED') && experiment?.sticky === true) {
          const key = [name, record.unit!, record.unitId!, experiment.salt ?? name] as const;
          // Only the browser has a device identity; its store is made on first use, never without consent.
          const target =
            store ?? (identity?._consented() ? (local ??= createAssignmentStore(createLocalStorage())) : undefined);
          const own = target?.get(...key);
          const stored = _seed?.[idOf(key)] ?? own;
          const index = experiment.variants.findIndex((variant) => variant.key === stored);
          if (index >= 0 && index !== record.variantIndex) {
            record.variantIndex = index;
            record.value = stored!;
            record.reason = 'SPLIT';
            record.ruleId = 'sticky';
            record.bucket = -1;
            record.exposure = true;
          }
          const served = record.value as string | null;
          if (served !== null && served !== own) target?.set(...key, served);
        }
      } catch (error) {
        reporter._report(
          new SplitkitError('STORE_FAILED', `sticky assignments: ${safeText(error)}`, { cause: error }),
          'assignments',
        );
      }
    },
    _forget() {
      const storage = store ? undefined : createLocalStorage();
      for (const key of storage?.keys?.() ?? []) if (key.startsWith(ASSIGNMENT_PREFIX)) storage?.remove(key);
    },
    _snapshot(reader, user, { ruleset, reporter }) {
      const entries: AssignmentEntries = {};
      const record = createEvalRecord();
      try {
        for (const [name, experiment] of Object.entries((ruleset as RulesetInput).experiments ?? {}))
          if (experiment.sticky === true) {
            reader._readValue('experiment', name, null, user, { exposure: false }, record);
            if (record.reason === 'SPLIT')
              entries[idOf([name, record.unit!, record.unitId!, experiment.salt ?? name])] = record.value as string;
          }
      } catch (error) {
        // A trusted ruleset that throws when read (a getter): the entries read so far.
        reporter._report(new SplitkitError('INVALID_RULESET', `snapshot: ${safeText(error)}`, { cause: error }));
      }
      return entries;
    },
  };
}
