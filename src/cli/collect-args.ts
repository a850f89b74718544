/** Parsing `splitkit collect` arguments (node:util parseArgs, no dependency). */
import { parseArgs } from 'node:util';
import type { CorsOptions } from '../collector/cors.js';
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_COLLECTOR_PATH,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_EVENT_AGE_MS,
  DEFAULT_MAX_EVENT_AHEAD_MS,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_IN_FLIGHT_BYTES,
  DEFAULT_MAX_JSON_VALUES,
} from '../collector/collector-options.js';
import { collectorOptionIssues } from '../collector/collector-options.js';
import {
  collectorServerOptionIssues,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../collector/collector-server.js';
import { repeatedOption } from './repeated-option.js';

/** The collector's limits, as `splitkit collect` takes them. */
export interface CollectLimits {
  maxBodyBytes: number;
  maxEvents: number;
  maxJsonValues: number;
  maxInFlightBytes: number;
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  bodyTimeoutMs: number;
  maxEventAgeMs: number;
  maxEventAheadMs: number;
}

/** What `splitkit collect` was asked to do. */
export interface CollectArgs extends CollectLimits {
  help: boolean;
  store: string;
  port: number;
  host: string;
  path: string;
  secret: string | undefined;
  cors: CorsOptions | undefined;
  /** `--dedupe-window`: ids an NDJSON log checks repeats against (the store's default when absent). */
  dedupeWindow: number | undefined;
}

/** Parsed arguments, or the usage error to print. */
export type ParsedCollectArgs = { ok: true; args: CollectArgs } | { ok: false; error: string };

/** Each limit's flag, kind and default. */
const LIMIT_FLAGS: {
  [K in keyof CollectLimits]: { flag: string; kind: 'count' | 'bytes' | 'duration'; fallback: number };
} = {
  maxBodyBytes: { flag: 'max-body', kind: 'bytes', fallback: DEFAULT_MAX_BODY_BYTES },
  maxEvents: { flag: 'max-events', kind: 'count', fallback: DEFAULT_MAX_EVENTS },
  maxJsonValues: { flag: 'max-json-values', kind: 'count', fallback: DEFAULT_MAX_JSON_VALUES },
  maxInFlightBytes: { flag: 'max-in-flight', kind: 'bytes', fallback: DEFAULT_MAX_IN_FLIGHT_BYTES },
  maxConnections: { flag: 'max-connections', kind: 'count', fallback: DEFAULT_MAX_CONNECTIONS },
  headersTimeoutMs: { flag: 'headers-timeout', kind: 'duration', fallback: DEFAULT_HEADERS_TIMEOUT_MS },
  requestTimeoutMs: { flag: 'request-timeout', kind: 'duration', fallback: DEFAULT_REQUEST_TIMEOUT_MS },
  bodyTimeoutMs: { flag: 'body-timeout', kind: 'duration', fallback: DEFAULT_BODY_TIMEOUT_MS },
  maxEventAgeMs: { flag: 'max-event-age', kind: 'duration', fallback: DEFAULT_MAX_EVENT_AGE_MS },
  maxEventAheadMs: { flag: 'max-event-ahead', kind: 'duration', fallback: DEFAULT_MAX_EVENT_AHEAD_MS },
};

const LIMIT_NAMES = Object.keys(LIMIT_FLAGS) as (keyof CollectLimits)[];

/** The flag of each collector option, for messages about them. */
export const COLLECT_FLAGS: { [option: string]: string } = {
  ...Object.fromEntries(LIMIT_NAMES.map((name) => [name, `--${LIMIT_FLAGS[name].flag}`])),
  path: '--path',
  secret: '--secret',
  'cors.origins': '--cors',
};

const UNIT_MS: { [unit: string]: number } = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `text` as a whole number of at least `min`, or undefined when it is not one. */
export function integer(text: string, min: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min ? value : undefined;
}

/** `500ms`, `10s`, `5m`, `2h` or `90d`, in ms. */
function duration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[1]) * UNIT_MS[match[2]!]!;
  return Number.isSafeInteger(value) ? value : undefined;
}

function parseLimit(name: keyof CollectLimits, text: string): number | string {
  const { flag, kind } = LIMIT_FLAGS[name];
  if (kind === 'duration')
    return duration(text) ?? `--${flag} must be a duration such as 500ms, 10s, 5m, 2h or 90d, got '${text}'`;
  const min = name === 'maxEventAgeMs' || name === 'maxEventAheadMs' ? 0 : 1;
  const what = kind === 'bytes' ? 'a positive number of bytes' : 'a positive whole number';
  return integer(text, min) ?? `--${flag} must be ${what}, got '${text}'`;
}

/** The collector's options in `args`: all that `collect` parsed but where to store and listen. */
export function collectorOptionsOf(
  args: CollectArgs,
): Omit<CollectArgs, 'help' | 'store' | 'port' | 'host' | 'dedupeWindow'> {
  const { help: _help, store: _store, port: _port, host: _host, dedupeWindow: _window, ...options } = args;
  return options;
}

/**
 * Parses `argv` (after `collect`); `env` supplies `SPLITKIT_COLLECTOR_SECRET`. Every bad value is reported,
 * one per line of `error`, with the collector's own checks of the options (a path with a query, an empty
 * secret, …) and `check`'s (a caller's own), so a usage error names every bad option at once.
 */
export function parseCollectArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  check: (args: CollectArgs) => string[] = () => [],
): ParsedCollectArgs {
  let values;
  let tokens;
  try {
    ({ values, tokens } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      tokens: true,
      options: {
        store: { type: 'string' },
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        path: { type: 'string', default: DEFAULT_COLLECTOR_PATH },
        secret: { type: 'string' },
        cors: { type: 'string' },
        'dedupe-window': { type: 'string' },
        ...Object.fromEntries(LIMIT_NAMES.map((name) => [LIMIT_FLAGS[name].flag, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const limits = {} as CollectLimits;
  for (const name of LIMIT_NAMES) limits[name] = LIMIT_FLAGS[name].fallback;
  const base = {
    help: values.help === true,
    store: '',
    port: 0,
    host: '',
    path: '',
    secret: undefined,
    cors: undefined,
    dedupeWindow: undefined,
    ...limits,
  };
  if (values.help === true) return { ok: true, args: base };
  const problems: string[] = [];
  const twice = repeatedOption(tokens, ['help']);
  if (twice !== undefined) problems.push(`--${twice} given twice`);
  const store = values.store as string | undefined;
  if (!store) problems.push('missing --store (an NDJSON file path or a postgres:// URL)');
  const portText = values.port as string;
  const port = integer(portText, 0);
  if (port === undefined || port > 65_535) problems.push(`--port must be a number from 0 to 65535, got '${portText}'`);
  // An empty host would listen on every interface (Node's "unspecified"): `--host "$HOST"` with HOST unset.
  const host = values.host as string;
  if (host.trim() === '')
    problems.push('--host needs an address (127.0.0.1 for this machine only, 0.0.0.0 for every interface)');
  for (const name of LIMIT_NAMES) {
    const text = (values as { [flag: string]: unknown })[LIMIT_FLAGS[name].flag] as string | undefined;
    if (text === undefined) continue;
    const parsed = parseLimit(name, text);
    if (typeof parsed === 'string') problems.push(parsed);
    else limits[name] = parsed;
  }
  const windowText = values['dedupe-window'] as string | undefined;
  const dedupeWindow = windowText === undefined ? undefined : integer(windowText, 1);
  if (windowText !== undefined && dedupeWindow === undefined)
    problems.push(`--dedupe-window must be a positive whole number, got '${windowText}'`);
  const corsText = values.cors as string | undefined;
  const origins = corsText
    ?.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (origins !== undefined && origins.length === 0) problems.push("--cors needs '*' or a list of origins");
  const envSecret = env.SPLITKIT_COLLECTOR_SECRET;
  if (values.secret === undefined && envSecret === '')
    problems.push('SPLITKIT_COLLECTOR_SECRET is set but empty: give it the secret, or unset it to collect without one');
  const args: CollectArgs = {
    ...base,
    store: store ?? '',
    port: port ?? 0,
    host,
    path: values.path as string,
    secret: (values.secret as string | undefined) ?? (envSecret === '' ? undefined : envSecret),
    cors:
      origins === undefined || origins.length === 0 ? undefined : { origins: origins.includes('*') ? '*' : origins },
    dedupeWindow,
    ...limits,
  };
  // The collector's own checks, on the values that parsed (a bad one was left at its default above).
  for (const issue of [...collectorOptionIssues(collectorOptionsOf(args)), ...collectorServerOptionIssues(args)])
    problems.push(
      `${COLLECT_FLAGS[issue.path] ?? issue.path}: ${issue.message.replace(/\b(headersTimeoutMs|maxBodyBytes)\b/g, (name) => COLLECT_FLAGS[name] ?? name)}`,
    );
  problems.push(...check(args));
  return problems.length > 0 ? { ok: false, error: problems.join('\n') } : { ok: true, args };
}
