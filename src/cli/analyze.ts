/**
 * `splitkit analyze`: reads an experiment's events from a store (an NDJSON
 * log or PostgreSQL), prints the report as a table and optionally writes the
 * HTML page and the report as JSON. Exit codes: 0 report printed, 1 the
 * analysis failed (store, ruleset, data), 2 bad command line.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { dirname, resolve } from 'node:path';
import { makeFolder } from '../collector/make-folder.js';
import {
  ANALYSIS_ENGINES,
  analysisSqlForStore,
  analyzeFromStore,
  assertSqlEngine,
  inferDesignInEngine,
} from '../analysis/from-store.js';
import type { AnalysisEngine, StoreAnalysisOptions } from '../analysis/from-store.js';
import { parseMetricSpec } from '../analysis/metric-spec.js';
import type { CorrectionMethod } from '../analysis/comparison-result.js';
import type { ExperimentDesign } from '../analysis/experiment-design.js';
import type { MetricDefinition } from '../analysis/metric-definition.js';
import type { ExperimentReport } from '../analysis/types.js';
import { P_VALUE_ADJUSTMENTS } from '../analysis/stats/multiple-comparisons.js';
import { isSplitkitError } from '../errors/index.js';
import { isPostgresUrl, openEventStore } from '../collector/open-store.js';
import { formatProblems, parseJsonBytes, readRegularFile } from '../serve/ruleset-file.js';
import type { ValidationIssue } from '../errors/index.js';
import type { CliIo } from './io.js';
import { renderHtmlReport } from '../report/html.js';
import { printable } from '../shared/printable.js';
import { renderTerminalReport } from '../report/terminal.js';
import { designFromRuleset } from '../analysis/ruleset-design.js';
import { applyMethodFlags, expandCupedFlag, parseDuration } from './analyze-methods.js';
import { repeatedOption } from './repeated-option.js';

/** Usage text of `splitkit analyze`. */
export const ANALYZE_USAGE = `Usage: splitkit analyze --store <events.ndjson | postgres://…> --experiment <key> --metric <spec> [options]

Options:
  --store <location>      NDJSON event log written by \`splitkit collect\`, or a postgres:// URL
  --experiment <key>      experiment to analyze
  --metric <spec>         metric, repeatable; the first one is primary, later ones secondary
  --guardrail <spec>      guardrail metric, repeatable (significantly worse => do not ship)
  --segment <attribute>   break results down by an attribute recorded on exposures, repeatable
  --confidence <level>    confidence level of intervals, default 0.95
  --correction <method>   multiple-comparison correction of secondary metrics and segments:
                          benjamini-hochberg (default), holm or none
  --primary-correction <method>  the same for primary metrics: holm (default), benjamini-hochberg or none
  --ruleset <file>        ruleset JSON to read the experiment's unit, variants and weights from
  --control <variant>     control variant (default: the ruleset's first variant, or "control")
  --unit <unit>           experiment unit when there is no ruleset (default: from the exposures)
  --from <date>, --to <date>  only exposures and events in this time range (ISO 8601)
  --cuped[=<duration>]    CUPED variance reduction of conversion, count and sum metrics, with each
                          unit's same metric over the <duration> before its exposure (default 14d;
                          e.g. --cuped=7d); metric events are then read from --from minus it
  --sequential            always-valid confidence sequences: safe to look every day; the verdict
                          follows them
  --timeline              effects over time: the cumulative lift of primary and guardrail metrics
                          at the end of each day since the first exposure (up to 90 days)
  --engine <engine>       where the analysis runs: duckdb (reads an NDJSON log in place), postgres
                          (inside the store's database) or memory; default: the fastest available
                          (postgres for a postgres:// store, duckdb for a log when @duckdb/node-api
                          is installed, else memory)
  --column-cache, --no-column-cache
                          duckdb on a log: keep (or not) its rows parsed into Parquet files beside
                          it (<log>.columns), so later analyses convert only new lines; default:
                          for logs of 64 MiB or more
  --print-sql             print the SQL the chosen engine would run, and exit without running it
                          (with --ruleset nothing is read; without it, one grouped query of the
                          exposures runs in that engine to infer the variants and unit)
  --html <file>           also write a self-contained HTML report
  --json <file>           also write the report as JSON
  -h, --help              show this help

Metric spec: <key>:<kind>[:<option>…]
  kind: conversion | count | sum | ratio (ratio: <key>:ratio:<numerator>/<denominator>,
        each an event name = sum of its values, or #event = number of events)
        | quantile (q=<0..1>) | funnel (steps=<a>><b>…, window=<n>m|h|d)
        | activeDays (window=<n>d, default 7d) | retention (day=<n>)
  options: increase | decrease, primary | secondary | guardrail, winsorize=<upper> or
           winsorize=<lower>,<upper>, mde=<relative effect>, event=<event name>,
           margin=<relative harm> (a guardrail's non-inferiority margin, e.g. margin=0.02)
Examples:
  --metric purchase:conversion --metric revenue:sum:winsorize=0.99 --guardrail latency:sum:decrease:margin=0.02
  --metric revenue_per_session:ratio:purchase/#session_start
  --metric latency:quantile:event=page_load:q=0.99:decrease
  --metric checkout:funnel:steps=view>add_to_cart>purchase:window=7d
  --metric engaged:activeDays:event=app_open:window=7d --metric d7:retention:event=app_open:day=7
`;

const OPTIONS = {
  store: { type: 'string' },
  experiment: { type: 'string' },
  metric: { type: 'string', multiple: true },
  guardrail: { type: 'string', multiple: true },
  segment: { type: 'string', multiple: true },
  confidence: { type: 'string' },
  correction: { type: 'string' },
  'primary-correction': { type: 'string' },
  ruleset: { type: 'string' },
  control: { type: 'string' },
  unit: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  cuped: { type: 'string' },
  sequential: { type: 'boolean' },
  timeline: { type: 'boolean' },
  html: { type: 'string' },
  json: { type: 'string' },
  engine: { type: 'string' },
  'print-sql': { type: 'boolean' },
  'column-cache': { type: 'boolean' },
  'no-column-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `splitkit analyze` with the arguments after `analyze`; resolves with the exit code. */
export async function runAnalyze(args: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parse>;
  let metrics: MetricDefinition[];
  try {
    values = parse(args);
    if (values.help) {
      io.out(ANALYZE_USAGE);
      return 0;
    }
    metrics = metricsFrom(values);
  } catch (error) {
    io.err(`splitkit analyze: ${(error as Error).message}\n\n${ANALYZE_USAGE}`);
    return 2;
  }
  try {
    return await analyze(values, metrics, io);
  } catch (error) {
    const code = isSplitkitError(error) ? ` [${error.code}]` : '';
    // Messages may quote stored text (a guessed variant): no terminal control sequence gets through. The
    // message's own line breaks (one option problem per line) stay line breaks.
    const lines = String((error as Error)?.message).split('\n');
    io.err(`splitkit analyze: ${lines.map(printable).join('\n')}${code}\n`);
    return isSplitkitError(error) && error.code === 'INVALID_OPTIONS' ? 2 : 1;
  }
}

function parse(args: string[]) {
  const { values, positionals, tokens } = parseArgs({
    args: expandCupedFlag(args),
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  if (values.help) return values;
  // `--store a --store b` would analyze b without a word: only the options that take a list may repeat.
  const twice = repeatedOption(tokens, ['metric', 'guardrail', 'segment', 'help']);
  if (twice !== undefined) throw new Error(`--${twice} given twice`);
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  if (!values.store) throw new Error('--store is required');
  if (!values.experiment) throw new Error('--experiment is required');
  if (!values.metric?.length && !values.guardrail?.length)
    throw new Error('at least one --metric or --guardrail is required');
  const from = values.from === undefined ? undefined : time(values.from, '--from');
  const to = values.to === undefined ? undefined : time(values.to, '--to');
  // Swapped bounds select nothing: an empty report with exit 0 would read like an experiment without traffic.
  if (from !== undefined && to !== undefined && from > to)
    throw new Error(`--from ${values.from} is later than --to ${values.to}: no exposure or event can be in that range`);
  if (values.cuped !== undefined && values.cuped !== '') parseDuration(values.cuped, '--cuped');
  if (values.confidence !== undefined && !(Number(values.confidence) > 0 && Number(values.confidence) < 1)) {
    throw new Error(`--confidence expects a number between 0 and 1, got "${values.confidence}"`);
  }
  if (values.engine !== undefined && !(ANALYSIS_ENGINES as readonly string[]).includes(values.engine)) {
    throw new Error(`--engine expects ${ANALYSIS_ENGINES.join(', ')}, got "${values.engine}"`);
  }
  // The ruleset names the unit: a --unit beside it was ignored without a word.
  if (values.unit !== undefined && values.ruleset !== undefined)
    throw new Error(
      "--unit and --ruleset: the ruleset names the experiment's unit; give --unit only without --ruleset",
    );
  if (values['column-cache'] && values['no-column-cache'])
    throw new Error('--column-cache and --no-column-cache contradict each other: give one');
  // Asked for where no DuckDB reads a log, it was ignored without a word. (--no-column-cache asks for nothing, so a
  // script may pass it whatever the engine; without --engine and without DuckDB, the report's note says the
  // analysis ran in memory.)
  if (
    values['column-cache'] &&
    (isPostgresUrl(values.store) || values.engine === 'memory' || values.engine === 'postgres')
  )
    throw new Error(
      `--column-cache applies to the duckdb engine reading an NDJSON log, not to ${isPostgresUrl(values.store) ? 'a postgres:// store' : `--engine ${values.engine}`}`,
    );
  for (const flag of ['correction', 'primary-correction'] as const) {
    const method = values[flag];
    if (method !== undefined && !(P_VALUE_ADJUSTMENTS as readonly string[]).includes(method)) {
      throw new Error(`--${flag} expects ${P_VALUE_ADJUSTMENTS.join(', ')}, got "${method}"`);
    }
  }
  return values;
}

function metricsFrom(values: ReturnType<typeof parse>): MetricDefinition[] {
  const metrics = (values.metric ?? []).map((spec, i) => parseMetricSpec(spec, i === 0 ? 'primary' : 'secondary'));
  return [...metrics, ...(values.guardrail ?? []).map((spec) => parseMetricSpec(spec, 'guardrail'))];
}

async function analyze(values: ReturnType<typeof parse>, metrics: MetricDefinition[], io: CliIo): Promise<number> {
  // Read-only: analyzing must never lock, repair or append to a log a collector may be writing.
  // A printed DuckDB script names the log by its path: absolute, so that it runs from any directory.
  const location = values.store ?? '';
  const store = await openEventStore(values['print-sql'] && !isPostgresUrl(location) ? resolve(location) : location, {
    readOnly: true,
  });
  try {
    const key = values.experiment ?? '';
    const notes: string[] = [];
    const engine = values.engine as AnalysisEngine | undefined;
    const columnCache = values['column-cache'] ? true : values['no-column-cache'] ? false : undefined;
    // --print-sql runs no analysis: without a SQL engine it stops here, before the design is guessed.
    if (values['print-sql']) await assertSqlEngine(store, engine);
    let experiment: ExperimentDesign;
    if (values.ruleset) {
      experiment = await designFromFile(values.ruleset, key, values.control);
    } else {
      const inferred = await inferDesignInEngine(
        store,
        key,
        { control: values.control, unit: values.unit },
        engine,
        columnCache,
      );
      experiment = inferred.experiment;
      notes.push(...inferred.notes);
    }
    const options: StoreAnalysisOptions = { experiment, metrics, notes };
    if (values.confidence !== undefined) options.confidence = Number(values.confidence);
    if (values.segment) options.segments = values.segment;
    const corrections: NonNullable<StoreAnalysisOptions['corrections']> = {};
    if (values.correction !== undefined) {
      corrections.secondary = values.correction as CorrectionMethod;
      corrections.segments = values.correction as CorrectionMethod;
    }
    if (values['primary-correction'] !== undefined)
      corrections.primary = values['primary-correction'] as CorrectionMethod;
    options.corrections = corrections;
    if (values.from !== undefined) options.from = time(values.from, '--from');
    if (values.to !== undefined) options.to = time(values.to, '--to');
    applyMethodFlags(values, options);
    if (values.timeline) options.timeline = true;
    if (engine !== undefined) options.engine = engine;
    if (columnCache !== undefined) options.columnCache = columnCache;
    if (values['print-sql']) {
      const printed = await analysisSqlForStore(store, options);
      // Comment lines of a script meant for psql: stored text (guessed variants and unit) is escaped, so a line
      // break in it cannot end the comment and leave the rest to run as SQL.
      const header = [
        `-- splitkit analyze: the ${printed.engine} engine's stages and queries for experiment "${printable(key)}"`,
      ];
      if (!values.ruleset) {
        // The one statement that did run: the SQL depends on the variants and unit it found.
        header.push(
          `-- Without --ruleset, one grouped query of the experiment's exposures ran in ${printed.engine} to infer the design:`,
          ...notes.map((note) => `--   ${printable(note)}`),
        );
      }
      io.out(`${header.join('\n')}\n${printed.sql}`);
      return 0;
    }
    const report = await analyzeFromStore(store, options);

    if (report.units === 0) io.err(`splitkit analyze: ${noUnits(report, key)}\n`);
    io.out(renderTerminalReport(report, { color: io.color === true }));
    // Both files are tried, and each failure names its option and file (Node's own message named neither the
    // option nor, for a missing folder, what to do); a folder that does not exist yet is made, as `types --out` does.
    const failures: string[] = [];
    if (values.html) {
      const failed = await writeOutput(values.html, renderHtmlReport(report));
      if (failed === undefined) io.out(`\nHTML report written to ${values.html}\n`);
      else failures.push(`--html ${values.html}: cannot write the file: ${failed}`);
    }
    if (values.json) {
      const failed = await writeOutput(values.json, `${JSON.stringify(report, null, 2)}\n`);
      if (failed !== undefined) failures.push(`--json ${values.json}: cannot write the file: ${failed}`);
    }
    if (failures.length > 0) throw new Error(failures.join('\n'));
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * The design of experiment `key` in the ruleset file `file`. Only that experiment is read, as `designFromRuleset`
 * reads it (a ruleset with problems elsewhere can still be analyzed); what stops it names the file, and the line
 * and column of a JSON syntax error or the path of the problem (JSON.parse's message named neither).
 */
async function designFromFile(file: string, key: string, control: string | undefined): Promise<ExperimentDesign> {
  const refuse = (problems: readonly ValidationIssue[]): never => {
    throw new Error(`--ruleset ${file} cannot be used:\n${formatProblems(file, problems).trimEnd()}`);
  };
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file);
  } catch (error) {
    return refuse([{ path: '', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) return refuse(parsed.problems);
  try {
    return designFromRuleset(parsed.document, key, control);
  } catch (error) {
    if (isSplitkitError(error) && 'issues' in error) return refuse((error as { issues: ValidationIssue[] }).issues);
    throw error;
  }
}

/**
 * Why a report has no units. "No exposures … found" was said as well when there were exposures, all of them
 * without the experiment's unit (a `--unit` the exposures do not carry): that names the unit instead.
 */
function noUnits(report: ExperimentReport, key: string): string {
  const missing = report.exclusions.missingUnit;
  if (missing === 0) return `no exposures of experiment "${printable(key)}" found in the store`;
  return (
    `no exposure of experiment "${printable(key)}" carries its unit ${printable(report.experiment.unit)} ` +
    `(${missing} exposure(s) without it were left out): check --unit, or the unit the ruleset names`
  );
}

/** Writes `text` to `file`, making its folder first; resolves with why it could not, or undefined. */
async function writeOutput(file: string, text: string): Promise<string | undefined> {
  try {
    await makeFolder(dirname(file));
    await writeFile(file, text);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EISDIR' ? 'is a directory' : (error as Error).message;
  }
}

function time(text: string, flag: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${flag} expects an ISO 8601 date or time, got "${text}"`);
  return ms;
}
