/**
 * Collecting validation problems while the checks run. Paths stay arrays
 * until the end and are formatted once (`gates.a.rules[1].rollout`).
 */
import type { ValidationIssue } from '../errors/index.js';
import { formatPath } from '../shared/zod-issues.js';

/** A location in the document: object keys and array indexes. */
export type Path = readonly (string | number)[];

/** A problem at a path, before the path is formatted. */
export interface Issue {
  path: Path;
  message: string;
}

/** The problems found so far, in the order they were found. */
export class IssueList {
  readonly items: Issue[] = [];

  /** Records a problem. */
  add(path: Path, message: string): void {
    this.items.push({ path, message });
  }

  /** True when nothing was recorded. */
  get empty(): boolean {
    return this.items.length === 0;
  }

  /** The problems with formatted paths, as `ConfigError` takes them. */
  toValidationIssues(): ValidationIssue[] {
    return this.items.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  }
}

/**
 * Keeps the first issue at each path. Two checks failing on one value (150.555
 * is out of range and has three decimals) read as noise; the first says enough.
 */
export function firstPerPath(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = JSON.stringify(issue.path);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

interface TrieNode {
  /** An issue sits exactly at this path. */
  here: boolean;
  children: Map<string | number, TrieNode>;
}

/**
 * Answers "is this part of the document structurally valid?" so the semantic
 * checks can run on every part that is, and skip (rather than trip over) the
 * parts the structural pass already reported.
 */
export class CleanPaths {
  private readonly root: TrieNode = { here: false, children: new Map() };

  constructor(structural: readonly Issue[]) {
    for (const issue of structural) {
      let node = this.root;
      for (const part of issue.path) {
        let child = node.children.get(part);
        if (child === undefined) {
          child = { here: false, children: new Map() };
          node.children.set(part, child);
        }
        node = child;
      }
      node.here = true;
    }
  }

  /**
   * True when no structural issue lies at `path` or any of its ancestors: the
   * value there has the right type itself (an object, an array), though
   * something inside it may still be wrong.
   */
  isSound(path: Path): boolean {
    const node = this.nodeAt(path);
    return node === undefined || (node !== null && !node.here);
  }

  /**
   * True when no structural issue lies at `path`, inside it, or at any of its
   * ancestors: the value there (and everything above it) has the schema's shape.
   */
  isClean(path: Path): boolean {
    const node = this.nodeAt(path);
    return node === undefined || (node !== null && !node.here && node.children.size === 0);
  }

  /** The node at `path`; undefined when no issue lies on or below the path, null when one lies above it. */
  private nodeAt(path: Path) {
    let node = this.root;
    for (const part of path) {
      if (node.here) return null;
      const child = node.children.get(part);
      if (child === undefined) return undefined;
      node = child;
    }
    return node;
  }
}
