/**
 * Guards the validator against documents nested so deeply (or, for objects
 * built in code, so cyclic) that walking them recursively would overflow the
 * call stack. Real rulesets nest a few levels plus their conditions.
 */
import type { Path } from './issues.js';

/** Deepest nesting of objects and arrays accepted in a ruleset document. */
export const MAX_DEPTH = 64;

/** The path of the first value nested deeper than {@link MAX_DEPTH}, or undefined. */
export function tooDeep(root: unknown): Path | undefined {
  // Depths only on the hot path; the path is rebuilt from parent links only when something is too deep.
  const values: unknown[] = [root];
  const nodes: (Link | undefined)[] = [undefined];
  while (values.length > 0) {
    const value = values.pop();
    const link = nodes.pop();
    if (typeof value !== 'object' || value === null) continue;
    const depth = link === undefined ? 0 : link.depth;
    if (depth > MAX_DEPTH) return pathOf(link);
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
    for (const key of keys) {
      const child = (value as { [key: string | number]: unknown })[key];
      if (typeof child !== 'object' || child === null) continue;
      values.push(child);
      nodes.push({ parent: link, key, depth: depth + 1 });
    }
  }
  return undefined;
}

interface Link {
  parent: Link | undefined;
  key: string | number;
  depth: number;
}

function pathOf(link: Link | undefined): Path {
  const path: (string | number)[] = [];
  for (let current = link; current !== undefined; current = current.parent) path.push(current.key);
  return path.reverse();
}
