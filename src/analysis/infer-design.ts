/**
 * An experiment's design guessed from its exposures, for analyzing without a
 * ruleset: the variants seen (sorted), equal weights, and the unit recorded on
 * the exposures (a variant or unit that is not a string is skipped). The
 * guesses are returned as notes to print with the report, and the design is
 * marked `weightsAssumed`, so the sample ratio is not checked against weights
 * that were never planned.
 */
import type { EventStore } from '../events/store.js';
import { AnalysisError } from '../errors/index.js';
import { isPlainObject } from '../shared/plain-object.js';
import type { ExperimentDesign } from './experiment-design.js';

/** Overrides for the guesses. */
export interface InferOptions {
  /** Control variant. Default: `control` when seen, else the first variant in sorted order. */
  control?: string | undefined;
  /** Experiment unit. Default: the unit most exposures name, else the unit id most exposures carry. */
  unit?: string | undefined;
}

/**
 * Reads the experiment's exposures from `store` and guesses its design.
 * @throws `AnalysisError` when fewer than two variants were exposed.
 */
export async function inferDesign(
  store: EventStore,
  key: string,
  options: InferOptions = {},
): Promise<{ experiment: ExperimentDesign; notes: string[] }> {
  return designFromExposures(key, exposureShapes(store, key), options);
}

/** What the guesses need from exposures: how many share one variant, `unit` field and set of unit names. */
export interface ExposureShape {
  variant: string;
  unit: string | undefined;
  unitNames: readonly string[];
  count: number;
}

async function* exposureShapes(store: EventStore, key: string): AsyncGenerator<ExposureShape> {
  for await (const event of store.read({ types: ['exposure'], names: [key] })) {
    // Stored fields may be anything: a variant or unit that is not a string names nothing the analysis matches,
    // and the SQL engines group the same way (sql/duckdb-engine.ts, sql/postgres-engine.ts).
    const { variant, unit, units } = event as { variant?: unknown; unit?: unknown; units?: unknown };
    if (event.type !== 'exposure' || event.kind !== 'experiment' || typeof variant !== 'string') continue;
    yield {
      variant,
      unit: typeof unit === 'string' ? unit : undefined,
      unitNames: isPlainObject(units) ? Object.keys(units) : [],
      count: 1,
    };
  }
}

/** The guessed design from exposure shapes (read in Node, or grouped by a SQL engine). */
export async function designFromExposures(
  key: string,
  shapes: AsyncIterable<ExposureShape> | Iterable<ExposureShape>,
  options: InferOptions = {},
): Promise<{ experiment: ExperimentDesign; notes: string[] }> {
  const variants = new Set<string>();
  const named = new Map<string, number>();
  const carried = new Map<string, number>();
  for await (const shape of shapes) {
    variants.add(shape.variant);
    if (shape.unit !== undefined) increment(named, shape.unit, shape.count);
    for (const unit of shape.unitNames) increment(carried, unit, shape.count);
  }
  const keys = [...variants].sort();
  if (keys.length < 2) {
    throw new AnalysisError(
      `experiment "${key}" has exposures of ${keys.length} variant(s)${keys.length ? ` (${keys.join(', ')})` : ''}; ` +
        'an analysis needs two (pass a ruleset if the others never got exposures)',
    );
  }
  const control = options.control ?? (variants.has('control') ? 'control' : keys[0]);
  const unit = options.unit ?? mostCommon(named) ?? mostCommon(carried) ?? 'userID';
  const notes = [
    `Variants inferred from exposures (${keys.join(', ')}) with equal weights assumed, so the split is not checked for a sample ratio mismatch; pass a ruleset for the planned weights.`,
  ];
  if (options.unit === undefined) notes.push(`Unit ${unit} inferred from the exposures.`);
  const experiment: ExperimentDesign = {
    key,
    unit,
    variants: keys.map((k) => ({ key: k, weight: 1 })),
    weightsAssumed: true,
  };
  if (control !== undefined) experiment.control = control;
  return { experiment, notes };
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function mostCommon(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}
