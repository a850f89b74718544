/**
 * Patterns of a valid ruleset that test less text than a reader would expect. The evaluator bounds the text
 * a `$regex` tests by the pattern's quantifiers (regex-cap.ts: every read ends in bounded time, trusted
 * rulesets included), so a pattern the validator accepts, such as the usual e-mail pattern, may match no
 * value longer than 30 characters. The ruleset stays valid; `splitkit validate` and `splitkit serve` warn.
 */
import { formatPath } from '../shared/zod-issues.js';
import type { Path } from './issues.js';
import { regexSubjectCap } from './regex-cap.js';
import { MAX_REGEX_SUBJECT } from './regex-subject.js';

/** One `$regex` or `$regexi` of a condition whose pattern tests fewer than 500 characters. */
export interface ShortRegex {
  /** Where it is, e.g. `gates.staff.rules[0].when.email.$regex`. */
  path: string;
  /** The longest text it tests, in characters. */
  cap: number;
}

/** Every pattern under a `when` of `ruleset` (a valid one) that tests less than {@link MAX_REGEX_SUBJECT}, in document order. */
export function shortRegexes(ruleset: unknown): ShortRegex[] {
  const found: ShortRegex[] = [];
  const walk = (value: unknown, path: Path, inCondition: boolean): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index], inCondition));
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) {
        const at = [...path, key];
        if (inCondition && (key === '$regex' || key === '$regexi') && typeof item === 'string') {
          const cap = Math.floor(regexSubjectCap(item));
          if (cap >= 0 && cap < MAX_REGEX_SUBJECT) found.push({ path: formatPath(at), cap });
        } else walk(item, at, inCondition || key === 'when');
      }
  };
  walk(ruleset, [], false);
  return found;
}

/** The warning `splitkit validate` prints for `short`. */
export function shortRegexWarning({ path, cap }: ShortRegex): string {
  return (
    `${path}: the pattern tests at most ${cap} characters (the bound its quantifiers give, so that reads end in ` +
    `bounded time): a longer value never matches. Fewer quantifiers test more, e.g. "@acme\\.com$" tests ${MAX_REGEX_SUBJECT}`
  );
}
