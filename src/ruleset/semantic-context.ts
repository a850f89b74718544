/**
 * What the semantic checks share: the raw document, which parts of it are
 * structurally valid, the names that exist, and the list of issues. The
 * checks read the document only through {@link SemanticContext.valid},
 * {@link SemanticContext.keys} and {@link SemanticContext.items}, so a part the
 * structural pass rejected is skipped instead of being misread.
 */
import { CleanPaths, type Issue, type IssueList, type Path } from './issues.js';
import { didYouMean } from './suggest.js';
import { isPlainObject } from '../shared/plain-object.js';

/** The top-level maps of a ruleset. */
export type EntityMap = 'gates' | 'experiments' | 'layers' | 'holdouts' | 'params' | 'segments';

const ENTITY_MAPS: readonly EntityMap[] = ['gates', 'experiments', 'layers', 'holdouts', 'params', 'segments'];

/** The value at `path`, following own properties only (a gate named `constructor` is not Object's). */
function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[part];
    } else {
      if (!isPlainObject(value) || !Object.hasOwn(value, part)) return undefined;
      value = value[part];
    }
  }
  return value;
}

/** State shared by the semantic checks of one `parseRuleset` call. */
export class SemanticContext {
  private readonly clean: CleanPaths;
  private readonly names = new Map<EntityMap, ReadonlySet<string> | undefined>();

  constructor(
    private readonly root: unknown,
    structural: readonly Issue[],
    readonly issues: IssueList,
  ) {
    this.clean = new CleanPaths(structural);
    for (const map of ENTITY_MAPS) {
      this.names.set(map, this.clean.isSound([map]) ? new Set(this.keys([map])) : undefined);
    }
  }

  /** The value at `path` when it and everything in it passed the structural checks (it may be absent if optional). */
  valid<T>(path: Path): T | undefined {
    return this.clean.isClean(path) ? (valueAt(this.root, path) as T | undefined) : undefined;
  }

  /** Keys of the object at `path`, when it is an object. */
  keys(path: Path): string[] {
    const value = this.clean.isSound(path) ? valueAt(this.root, path) : undefined;
    return isPlainObject(value) ? Object.keys(value) : [];
  }

  /** Indexes of the array at `path`, when it is an array. */
  items(path: Path): number[] {
    const value = this.clean.isSound(path) ? valueAt(this.root, path) : undefined;
    return Array.isArray(value) ? value.map((_, index) => index) : [];
  }

  /** True when no structural issue lies at `path` or above it (the value itself has the right type). */
  isSound(path: Path): boolean {
    return this.clean.isSound(path);
  }

  /** True when the value at `path` is an object of the right type (its contents may still be wrong). */
  isObjectAt(path: Path): boolean {
    return this.clean.isSound(path) && isPlainObject(valueAt(this.root, path));
  }

  /** True when the object at `path` has the key (whatever its value). */
  has(path: Path, key: string): boolean {
    const value = valueAt(this.root, path);
    return isPlainObject(value) && Object.hasOwn(value, key) && value[key] !== undefined;
  }

  /**
   * Keys of one top-level map, including entities with structural problems
   * (they exist, so references to them are not reported). Undefined when the
   * map itself is malformed: references into it cannot be checked.
   */
  namesOf(map: EntityMap): ReadonlySet<string> | undefined {
    return this.names.get(map);
  }

  /**
   * Reports `name` as unknown when the map is known and lacks it, and says
   * whether it did. `what` is the singular noun for messages, e.g. `gate`.
   */
  checkReference(path: Path, name: string, map: EntityMap, what: string): boolean {
    const names = this.namesOf(map);
    if (names === undefined || names.has(name)) return false;
    this.issues.add(path, `unknown ${what} ${JSON.stringify(name)}${didYouMean(name, names)}`);
    return true;
  }
}
