/**
 * The collector: a `node:http` request handler that validates event batches
 * and appends them to an {@link EventStore}. It answers 200 only once the
 * store has made the events durable, so a client that got a 2xx may forget
 * the batch, and it answers every retryable failure with a 5xx so a client
 * that did not get one sends the batch again (duplicates are dropped by id).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventBatchError, isSplitkitError } from '../errors/index.js';
import { parseEventBatch } from '../events/schema.js';
import type { EventBatch } from '../events/types.js';
import { createBearerCheck } from './auth.js';
import { resolveCollectorOptions } from './collector-options.js';
import type { CollectorOptions, CollectorSettings } from './collector-options.js';
import { decideCors } from './cors.js';
import { replyEmpty, replyJson } from './http-reply.js';
import type { ReplyHeaders } from './http-reply.js';
import { readBody } from './read-body.js';

/** A `node:http` request handler; mount it with `http.createServer(handler)` or inside your own server. */
export type CollectorHandler = (req: IncomingMessage, res: ServerResponse) => void;

// sendBeacon posts strings as text/plain, which (unlike application/json) needs no CORS preflight.
const ACCEPTED_TYPES = new Set(['', 'application/json', 'text/plain']);

/**
 * Creates the collector's request handler. Throws `ConfigError` when
 * the options are invalid; the handler itself never throws.
 */
export function createCollector(options: CollectorOptions): CollectorHandler {
  const settings = resolveCollectorOptions(options);
  const authorized = settings.secret === undefined ? () => true : createBearerCheck(settings.secret);
  return (req, res) => {
    handle(req, res, settings, authorized).catch((error: unknown) => {
      settings.onError(asError(error));
      replyJson(res, 500, { error: 'internal error' });
    });
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  settings: CollectorSettings,
  authorized: (header: string | undefined) => boolean,
): Promise<void> {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  if ((query === -1 ? url : url.slice(0, query)) !== settings.path) {
    replyJson(res, 404, { error: 'not found' });
    return;
  }
  const preflight = req.method === 'OPTIONS';
  const cors = decideCors(settings.cors, req.headers.origin, preflight);
  const headers = cors.headers;
  if (!cors.allowed) {
    replyJson(res, 403, { error: 'origin not allowed' }, headers);
    return;
  }
  // Browsers send preflights without credentials, so they are answered before the secret is checked.
  if (preflight) {
    replyEmpty(res, 204, { ...headers, Allow: 'POST, OPTIONS' });
    return;
  }
  if (req.method !== 'POST') {
    replyJson(res, 405, { error: 'method not allowed' }, { ...headers, Allow: 'POST, OPTIONS' });
    return;
  }
  if (!authorized(req.headers.authorization)) {
    replyJson(res, 401, { error: 'unauthorized' }, { ...headers, 'WWW-Authenticate': 'Bearer' });
    return;
  }
  const unsupported = unsupportedEncoding(req);
  if (unsupported !== undefined) {
    replyJson(res, 415, { error: unsupported }, headers);
    return;
  }
  await receiveBatch(req, res, settings, headers);
}

function unsupportedEncoding(req: IncomingMessage): string | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ACCEPTED_TYPES.has(type)) return 'expected Content-Type application/json or text/plain';
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') return 'compressed bodies are not supported';
  return undefined;
}

async function receiveBatch(req: IncomingMessage, res: ServerResponse, settings: CollectorSettings, headers: ReplyHeaders): Promise<void> {
  const outcome = await readBody(req, settings.maxBodyBytes);
  if (outcome.kind === 'aborted') return;
  if (outcome.kind === 'too-large') {
    // The rest of the body stays unread, so the connection cannot be reused.
    replyJson(res, 413, { error: `body larger than ${settings.maxBodyBytes} bytes` }, { ...headers, Connection: 'close' });
    return;
  }
  let input: unknown;
  try {
    input = JSON.parse(outcome.body.toString('utf8'));
  } catch (error) {
    replyJson(res, 400, { error: 'invalid JSON', issues: [{ path: '', message: asError(error).message }] }, headers);
    return;
  }
  let batch: EventBatch;
  try {
    batch = parseEventBatch(input);
  } catch (error) {
    if (!(error instanceof EventBatchError)) throw error;
    replyJson(res, 400, { error: 'invalid event batch', issues: error.issues }, headers);
    return;
  }
  try {
    const { stored, duplicates } = await settings.store.append(batch.events);
    replyJson(res, 200, { accepted: stored, duplicates }, headers);
  } catch (error) {
    // A store may refuse events it can never hold (e.g. U+0000 in PostgreSQL): retrying would not help.
    if (isSplitkitError(error) && error.code === 'INVALID_EVENT_BATCH') {
      replyJson(res, 422, { error: 'events the store cannot keep', issues: (error as EventBatchError).issues }, headers);
      return;
    }
    settings.onError(asError(error));
    replyJson(res, 503, { error: 'store unavailable' }, { ...headers, 'Retry-After': '1' });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
