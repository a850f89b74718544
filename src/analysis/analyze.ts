/**
 * `analyzeExperiment`: exposures, identity links and custom events in, an
 * {@link ExperimentReport} out. Pure and isomorphic (browser or Node).
 */
import type { CustomEvent, ExposureEvent, IdentifyEvent } from '../events/types.js';
import { ConfigError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import { resolveOptions } from './resolve-options.js';
import type { AnalysisOptions } from './options.js';
import { AnalysisRun } from './run.js';
import type { ExperimentReport } from './types.js';

/** The events to analyze together with the {@link AnalysisOptions}. */
export interface AnalyzeExperimentInput extends AnalysisOptions {
  /** Exposures; those of other gates, experiments and parameters are ignored. */
  exposures: Iterable<ExposureEvent>;
  /** Custom events; those no metric reads are ignored. */
  events: Iterable<CustomEvent>;
  /** Identify events linking unit ids (e.g. a deviceID to the userID it logged in as). */
  identities?: Iterable<IdentifyEvent>;
}

/**
 * Analyzes one experiment: assigns units from their first exposure, stitches
 * events to units through identity links, computes every metric per unit,
 * compares each treatment with control, checks the sample ratio and decides.
 * Each iterable is read once, exposures first, then identities, then events.
 *
 * @throws `ConfigError` (code `INVALID_OPTIONS`) when the options are invalid, or
 *   `exposures`, `events` or `identities` is not iterable.
 * Data that is too thin for a comparison never throws: that comparison reads "not enough data".
 */
export function analyzeExperiment(input: AnalyzeExperimentInput): ExperimentReport {
  const run = new AnalysisRun(resolveOptions(input));
  const issues = [
    iterableIssue(input.exposures, 'exposures'),
    iterableIssue(input.events, 'events'),
    input.identities === undefined ? undefined : iterableIssue(input.identities, 'identities'),
  ].filter((issue) => issue !== undefined);
  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'analysis input' });
  for (const exposure of input.exposures) run.addExposure(exposure);
  for (const identify of input.identities ?? []) run.addIdentity(identify);
  for (const event of input.events) run.addEvent(event);
  return run.report();
}

function iterableIssue(value: unknown, path: string): ValidationIssue | undefined {
  const iterable = typeof value === 'object' && value !== null && Symbol.iterator in value;
  return iterable ? undefined : { path, message: 'expected an array (or another iterable) of events' };
}
