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
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../collector/collector-server.js';

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

/** Parses `argv` (after `collect`); `env` supplies `SPLITKIT_COLLECTOR_SECRET`. */
export function parseCollectArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCollectArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
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
  const store = values.store as string | undefined;
  if (!store) return { ok: false, error: 'missing --store (an NDJSON file path or a postgres:// URL)' };
  const portText = values.port as string;
  const port = integer(portText, 0);
  if (port === undefined || port > 65_535)
    return { ok: false, error: `--port must be a number from 0 to 65535, got '${portText}'` };
  for (const name of LIMIT_NAMES) {
    const text = (values as { [flag: string]: unknown })[LIMIT_FLAGS[name].flag] as string | undefined;
    if (text === undefined) continue;
    const parsed = parseLimit(name, text);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    limits[name] = parsed;
  }
  const windowText = values['dedupe-window'] as string | undefined;
  const dedupeWindow = windowText === undefined ? undefined : integer(windowText, 1);
  if (windowText !== undefined && dedupeWindow === undefined)
    return { ok: false, error: `--dedupe-window must be a positive whole number, got '${windowText}'` };
  const corsText = values.cors as string | undefined;
  const origins = corsText
    ?.split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (origins !== undefined && origins.length === 0)
    return { ok: false, error: "--cors needs '*' or a list of origins" };
  return {
    ok: true,
    args: {
      ...base,
      store,
      port,
      host: values.host as string,
      path: values.path as string,
      secret: (values.secret as string | undefined) ?? (env.SPLITKIT_COLLECTOR_SECRET || undefined),
      cors: origins === undefined ? undefined : { origins: origins.includes('*') ? '*' : origins },
      dedupeWindow,
      ...limits,
    },
  };
}
