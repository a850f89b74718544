/** Parsing `splitkit collect` arguments (node:util parseArgs, no dependency). */
import { parseArgs } from 'node:util';
import type { CorsOptions } from '../collector/cors.js';
import { DEFAULT_COLLECTOR_PATH, DEFAULT_MAX_BODY_BYTES } from '../collector/collector-options.js';

/** What `splitkit collect` was asked to do. */
export interface CollectArgs {
  help: boolean;
  store: string;
  port: number;
  host: string;
  path: string;
  secret: string | undefined;
  cors: CorsOptions | undefined;
  maxBodyBytes: number;
}

/** Parsed arguments, or the usage error to print. */
export type ParsedCollectArgs = { ok: true; args: CollectArgs } | { ok: false; error: string };

function integer(text: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
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
        'max-body': { type: 'string', default: String(DEFAULT_MAX_BODY_BYTES) },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const empty = { help: values.help, store: '', port: 0, host: '', path: '', secret: undefined, cors: undefined, maxBodyBytes: 0 };
  if (values.help) return { ok: true, args: empty };
  if (!values.store) return { ok: false, error: 'missing --store (an NDJSON file path or a postgres:// URL)' };
  const port = integer(values.port, 0, 65_535);
  if (port === undefined) return { ok: false, error: `--port must be a number from 0 to 65535, got '${values.port}'` };
  const maxBodyBytes = integer(values['max-body'], 1, Number.MAX_SAFE_INTEGER);
  if (maxBodyBytes === undefined) return { ok: false, error: `--max-body must be a positive number of bytes, got '${values['max-body']}'` };
  const origins = values.cors?.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
  if (origins !== undefined && origins.length === 0) return { ok: false, error: "--cors needs '*' or a list of origins" };
  return {
    ok: true,
    args: {
      help: false,
      store: values.store,
      port,
      host: values.host,
      path: values.path,
      secret: values.secret ?? (env.SPLITKIT_COLLECTOR_SECRET || undefined),
      cors: origins === undefined ? undefined : { origins: origins.includes('*') ? '*' : origins },
      maxBodyBytes,
    },
  };
}
