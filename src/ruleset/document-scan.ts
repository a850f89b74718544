/**
 * One walk over the whole document before the schema sees it, for what the
 * schema cannot catch: nesting so deep (or, for objects built in code, so
 * cyclic) that recursive validation would overflow the call stack, and keys
 * named `__proto__`, which zod skips rather than validates.
 */
import type { Path } from './issues.js';

/** Deepest nesting of objects and arrays accepted in a ruleset document. */
export const MAX_DEPTH = 64;

/** What the scan found. */
interface DocumentScan {
  /** The first value nested deeper than {@link MAX_DEPTH}; the walk stops there. */
  tooDeep: Path | undefined;
  /** Every `__proto__` key: no ruleset needs one, and it would escape validation. */
  protoKeys: Path[];
}

interface Link {
  parent: Link | undefined;
  key: string | number;
  depth: number;
}

/** Walks the document iteratively (a recursive walk is what this guards against). */
export function scanDocument(root: unknown): DocumentScan {
  const protoKeys: Path[] = [];
  // Depths only on the hot path; a path is rebuilt from parent links only when one is reported.
  const values: unknown[] = [root];
  const links: (Link | undefined)[] = [undefined];
  while (values.length > 0) {
    const value = values.pop();
    const link = links.pop();
    if (typeof value !== 'object' || value === null) continue;
    const depth = link === undefined ? 0 : link.depth;
    if (depth > MAX_DEPTH) return { tooDeep: pathOf(link), protoKeys };
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
    for (const key of keys) {
      const childLink = { parent: link, key, depth: depth + 1 };
      if (key === '__proto__') {
        protoKeys.push(pathOf(childLink));
        continue;
      }
      const child = (value as { [key: string | number]: unknown })[key];
      if (typeof child !== 'object' || child === null) continue;
      values.push(child);
      links.push(childLink);
    }
  }
  return { tooDeep: undefined, protoKeys };
}

function pathOf(link: Link | undefined): Path {
  const path: (string | number)[] = [];
  for (let current = link; current !== undefined; current = current.parent) path.push(current.key);
  return path.reverse();
}
