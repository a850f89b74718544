/**
 * `analyzeFromStore`: the same analysis reading from an `EventStore` (the
 * collector's NDJSON log, PostgreSQL, or your own). Three streamed reads,
 * filtered in the store: this experiment's exposures, identify events, and
 * the custom events the metrics use. Memory grows with units, not events.
 */
import type { EventQuery, EventStore } from '../events/store.js';
import { resolveOptions } from './options.js';
import type { AnalysisOptions } from './options.js';
import { AnalysisRun } from './run.js';
import { cupedReadStart } from './cuped-tally.js';
import type { ExperimentReport } from './types.js';

/**
 * {@link AnalysisOptions} for a store; `from` and `to` bound the exposures and
 * custom events read (identify events are read in full). With `cuped`, custom
 * events are read from `from - lookback`, for the units' pre-exposure values.
 */
export type StoreAnalysisOptions = AnalysisOptions;

/**
 * Reads what the analysis needs from `store` and analyzes it like
 * `analyzeExperiment`. The store is not closed.
 *
 * @throws `ConfigError` (code `INVALID_OPTIONS`) when the options are invalid;
 * errors of the store's `read` are passed through.
 */
export async function analyzeFromStore(store: EventStore, options: StoreAnalysisOptions): Promise<ExperimentReport> {
  const resolved = resolveOptions(options);
  const run = new AnalysisRun(resolved);
  const range: EventQuery = {};
  if (options.from !== undefined) range.from = options.from;
  if (options.to !== undefined) range.to = options.to;
  // CUPED's covariate needs each unit's events up to `lookback` before its exposure.
  const eventRange: EventQuery = { ...range, ...cupedReadStart(resolved) };

  for await (const event of store.read({ ...range, types: ['exposure'], names: [options.experiment.key] })) {
    if (event.type === 'exposure') run.addExposure(event);
  }
  // Links made before the range still tell who is who, so identify events are read in full.
  for await (const event of store.read({ types: ['identify'] })) {
    if (event.type === 'identify') run.addIdentity(event);
  }
  if (run.metricEvents.length > 0) {
    for await (const event of store.read({ ...eventRange, types: ['event'], names: [...run.metricEvents] })) {
      if (event.type === 'event') run.addEvent(event);
    }
  }
  return run.report();
}
