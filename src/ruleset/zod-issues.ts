/** Turns zod issues into splitkit's `{ path, message }` list with paths like `gates.a.rules[1].rollout`. */
import type { ValidationIssue } from '../errors/index.js';

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** Formats a path as dotted keys with `[i]` for array indexes; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

export function issuesFromZod(issues: readonly ZodLikeIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
