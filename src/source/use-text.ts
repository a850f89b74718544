/**
 * The checks every ruleset from a source or cache passes before use: JSON
 * (a truncated body fails here), freshness (a numeric `revision` and `updatedAt` never move back),
 * then the client's own validation in `setRuleset`. A refusal is reported
 * with the path of the problem, and the last good ruleset stays in use.
 */
import { SplitkitError } from '../errors/index.js';
import { zonedTime } from '../eval/zoned-time.js';
import type { RulesetInput } from '../ruleset/input.js';
import type { Reporter } from '../client/reporter.js';
import type { Delivery } from '../client/delivery.js';
import type { TextRefusal } from './refusals.js';

/**
 * The field and its two values when `next` must not replace `current` because it is older, or undefined
 * when it may. Only what both rulesets carry is compared: numeric `revision`s decide when both have one (the
 * publisher's counter, immune to its clock), else `updatedAt`. A string `revision` is a label, never ordered.
 */
export function staleness(next: RulesetInput, current: RulesetInput): TextRefusal | undefined {
  const { revision } = next;
  if (typeof revision === 'number' && typeof current.revision === 'number')
    return revision < current.revision ? ['revision', revision, current.revision] : undefined;
  if (updatedAtMs(next) < updatedAtMs(current)) return ['updatedAt', next.updatedAt, current.updatedAt];
}

/**
 * `source.maxBytes` by default, 16 MiB: far above real rulesets (docs/delivery.md#size-cap), far below what
 * hurts a server. `serve` and `validate` warn about a ruleset clients would refuse with it.
 */
export const DEFAULT_MAX_BYTES = 2 ** 24;

/** The ruleset's `updatedAt` in epoch ms; NaN without one (NaN compares false, so nothing is refused). */
export function updatedAtMs(ruleset: RulesetInput): number {
  return typeof ruleset.updatedAt === 'string' ? zonedTime(ruleset.updatedAt) : Number.NaN;
}

/** What a ruleset text is put in use on: the client, its delivery state, where problems go. */
export interface TextHost {
  client: { getRuleset(): RulesetInput; setRuleset(ruleset: unknown): boolean };
  delivery: Delivery;
  reporter: Reporter;
}

/** Builds the report of a refusal from the module with the refusals' messages. */
export type Explain = (refusals: typeof import('./refusals.js')) => SplitkitError;

/**
 * Reports the refusal `explain` words once the module with the refusals' messages has loaded (the first
 * refusal loads it); settles when reported. A page that cannot load it (offline) still hears that the
 * ruleset from `source` (the source's URL as reports name it) was refused.
 */
export function reportRefusal(reporter: Reporter, source: string, explain: Explain): Promise<void> {
  return import('./refusals.js')
    .then(explain, () => new SplitkitError('INVALID_RULESET', `ruleset from ${source} refused`))
    .then((error) => reporter._report(error));
}

/**
 * Checks a ruleset text from `source` (the network; the URL as reports name it) or its cache and puts it in use with the client's
 * `setRuleset` (which validates and reports), recording its origin and ETag; false when refused.
 * A refusal here goes to `refuse`, which reports it (with the path of the problem).
 */
export function useRulesetText(
  body: string,
  etag: string | undefined,
  origin: 'network' | 'cache',
  source: string,
  { client, delivery, reporter }: TextHost,
  refuse: (explain: Explain) => void,
): boolean {
  const refused = (refusal: TextRefusal): false => {
    refuse((refusals) => refusals.textRefused(origin, source, refusal));
    return false;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return refused(['json', (error as Error).message]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refused(['object']);
  const stale = staleness(parsed as RulesetInput, client.getRuleset());
  if (stale) return refused(stale);
  // The client records the origin and ETag itself, before its listeners hear of the ruleset and read it.
  delivery._incoming = { origin, etag };
  // setRuleset validates, and reports a rejection as any ruleset's: what it reports is held during the call (it
  // never throws), so that a rejected ruleset is reported naming its source, as every refusal here is. What is
  // reported once the ruleset is in use (a listener that threw) goes out as it was.
  const report = reporter._report;
  const held: Parameters<typeof report>[] = [];
  reporter._report = (...args) => void held.push(args);
  let used: boolean;
  try {
    used = client.setRuleset(parsed);
  } finally {
    // setRuleset never throws; were it to, the client must not stay muted or think the app's next ruleset came from here.
    reporter._report = report;
    delivery._incoming = undefined;
  }
  for (const args of held)
    if (used) report(...args);
    else refuse((refusals) => refusals.rulesetRejected(origin, source, args[0]));
  return used;
}
