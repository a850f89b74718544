/**
 * The checks every ruleset from a source or cache passes before use: JSON
 * (a truncated body fails here), freshness (a numeric `revision` and `updatedAt` never move back),
 * then the client's own validation in `setRuleset`. A refusal is reported
 * with the path of the problem, and the last good ruleset stays in use.
 */
import { ConfigError } from '../errors/index.js';
import { zonedTime } from '../eval/zoned-time.js';
import type { RulesetInput } from '../ruleset/input.js';
import type { Reporter } from '../client/reporter.js';
import type { Delivery } from '../client/delivery.js';

/**
 * The field and the reason why `next` must not replace `current` because it is older, or undefined when
 * it may. Only what both rulesets carry is compared: numeric `revision`s decide when both have one (the
 * publisher's counter, immune to its clock), else `updatedAt`. A string `revision` is a label, never ordered.
 */
function staleness(next: RulesetInput, current: RulesetInput): [path: string, why: string] | undefined {
  const { revision } = next;
  if (typeof revision === 'number' && typeof current.revision === 'number')
    return revision < current.revision
      ? ['revision', `${revision} is lower than the ruleset in use's (${current.revision})`]
      : undefined;
  const nextAt = typeof next.updatedAt === 'string' ? zonedTime(next.updatedAt) : Number.NaN;
  const currentAt = typeof current.updatedAt === 'string' ? zonedTime(current.updatedAt) : Number.NaN;
  if (nextAt < currentAt)
    return ['updatedAt', `${next.updatedAt} is older than the ruleset in use (${current.updatedAt})`];
}

/** What a ruleset text is put in use on: the client, its delivery state, where problems go. */
export interface TextHost {
  client: { getRuleset(): RulesetInput; setRuleset(ruleset: unknown): boolean };
  delivery: Delivery;
  reporter: Reporter;
}

/**
 * Checks a ruleset text from `url` (the network) or its cache and puts it in use with the client's
 * `setRuleset` (which validates and reports), recording its origin and ETag; false when refused.
 * Refusals are reported with the path of the problem.
 */
export function useRulesetText(
  body: string,
  etag: string | undefined,
  origin: 'network' | 'cache',
  url: string,
  { client, delivery, reporter }: TextHost,
): boolean {
  const from = origin === 'cache' ? `the cache of ${url}` : url;
  const refuse = (path: string, message: string): false => {
    reporter._report(
      new ConfigError([{ path, message: `${message}; the last good ruleset stays in use` }], {
        subject: `ruleset from ${from}`,
      }),
    );
    return false;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return refuse('', `not valid JSON, truncated or corrupt (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return refuse('', 'expected a JSON object');
  const stale = staleness(parsed as RulesetInput, client.getRuleset());
  if (stale) return refuse(...stale);
  if (!client.setRuleset(parsed)) return false;
  delivery.origin = origin;
  delivery.etag = etag;
  return true;
}
