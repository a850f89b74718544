/**
 * The collector: a `node:http` request handler that validates event batches
 * and appends them to an {@link EventStore}. It answers 200 only once the
 * store has made the events durable, so a client that got a 2xx may forget
 * the batch, and it answers every retryable failure with a 5xx so a client
 * that did not get one sends the batch again (duplicates are dropped by id).
 * The work a request can cause is bounded: the body by size, a shared byte
 * budget and an idle timeout, the batch by its events and JSON values (counted
 * before parsing), the validation by the issues it lists.
 */
import { requestPath } from './request-path.js';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSplitkitError } from '../errors/index.js';
import type { EventBatchError } from '../errors/index.js';
import { createBearerCheck } from './auth.js';
import { checkBatch } from './batch-check.js';
import { eventIssue, issuesBody } from './batch-issues.js';
import type { IssuesBody } from './batch-issues.js';
import { scanBodyShape } from './body-shape.js';
import { createByteBudget } from './byte-budget.js';
import type { ByteBudget } from './byte-budget.js';
import { MAX_EVENT_DEPTH, resolveCollectorOptions } from './collector-options.js';
import type { CollectorOptions, CollectorSettings } from './collector-options.js';
import { decideCors } from './cors.js';
import { replyEmpty, replyJson } from './http-reply.js';
import type { ReplyHeaders } from './http-reply.js';
import { readBody } from './read-body.js';

/** A `node:http` request handler; mount it with `http.createServer(handler)` or inside your own server. */
export type CollectorHandler = (req: IncomingMessage, res: ServerResponse) => void;

// sendBeacon posts strings as text/plain, which (unlike application/json) needs no CORS preflight.
const ACCEPTED_TYPES = new Set(['', 'application/json', 'text/plain']);

/** What every request of one collector shares. */
interface Context {
  settings: CollectorSettings;
  authorized: (header: string | undefined) => boolean;
  budget: ByteBudget;
}

/**
 * Creates the collector's request handler. Throws `ConfigError` when
 * the options are invalid; the handler itself never throws.
 */
export function createCollector(options: CollectorOptions): CollectorHandler {
  const settings = resolveCollectorOptions(options);
  const context: Context = {
    settings,
    authorized: settings.secret === undefined ? () => true : createBearerCheck(settings.secret),
    budget: createByteBudget(settings.maxInFlightBytes),
  };
  return (req, res) => {
    handle(req, res, context).catch((error: unknown) => {
      settings.onError(asError(error));
      replyJson(res, 500, { error: 'internal error' });
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  const { settings } = context;
  if (requestPath(req.url) !== settings.path) {
    replyJson(res, 404, { error: 'not found' });
    return;
  }
  const preflight = req.method === 'OPTIONS';
  const cors = decideCors(settings.cors, req.headers.origin, preflight, req.headers['access-control-request-headers']);
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
  if (!context.authorized(req.headers.authorization)) {
    replyJson(res, 401, { error: 'unauthorized' }, { ...headers, 'WWW-Authenticate': 'Bearer' });
    return;
  }
  const unsupported = unsupportedEncoding(req);
  if (unsupported !== undefined) {
    replyJson(res, 415, { error: unsupported }, headers);
    return;
  }
  const lease = context.budget.lease();
  // Held until the answer is sent: the parsed batch lives that long too.
  res.once('close', () => lease.release());
  await receiveBatch(req, res, context, lease, headers);
}

function unsupportedEncoding(req: IncomingMessage): string | undefined {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ACCEPTED_TYPES.has(type)) return 'expected Content-Type application/json or text/plain';
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') return 'compressed bodies are not supported';
  return undefined;
}

async function receiveBatch(
  req: IncomingMessage,
  res: ServerResponse,
  { settings }: Context,
  lease: ReturnType<ByteBudget['lease']>,
  headers: ReplyHeaders,
): Promise<void> {
  const outcome = await readBody(req, {
    maxBytes: settings.maxBodyBytes,
    idleTimeoutMs: settings.bodyTimeoutMs,
    lease,
    res,
  });
  switch (outcome.kind) {
    case 'aborted':
      return;
    case 'too-large':
      replyJson(res, 413, { error: `body larger than ${settings.maxBodyBytes} bytes` }, headers);
      return;
    case 'busy':
      replyJson(res, 503, { error: 'too many bytes in flight' }, { ...headers, 'Retry-After': '1' });
      return;
    case 'timeout':
      replyJson(res, 408, { error: `no body data for ${settings.bodyTimeoutMs} ms` }, headers);
      return;
    case 'body':
      break;
  }
  const shape = scanBodyShape(outcome.body, {
    maxEvents: settings.maxEvents,
    maxValues: settings.maxJsonValues,
    maxEventDepth: MAX_EVENT_DEPTH,
  });
  if (shape.kind === 'too-many-events') {
    replyJson(res, 413, { error: `more than ${settings.maxEvents} events in a batch` }, headers);
    return;
  }
  if (shape.kind === 'too-many-values') {
    replyJson(res, 413, { error: `more than ${settings.maxJsonValues} JSON values in a body` }, headers);
    return;
  }
  if (shape.kind === 'too-deep') {
    replyJson(res, 400, tooDeep(shape.index, shape.rawId), headers);
    return;
  }
  let input: unknown;
  try {
    // A byte order mark, which some encoders write (.NET's UTF8Encoding, PowerShell), is no part of the JSON:
    // RFC 8259 lets a parser ignore it, and refusing it would drop every batch of such a sender for good.
    const text = outcome.body.toString('utf8');
    input = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    replyJson(
      res,
      400,
      { error: 'invalid JSON', issues: [{ path: '', message: asError(error).message }], issueCount: 1 },
      headers,
    );
    return;
  }
  const checked = checkBatch(input, {
    maxIssues: settings.maxIssues,
    now: settings.now(),
    maxEventAgeMs: settings.maxEventAgeMs,
    maxEventAheadMs: settings.maxEventAheadMs,
    surrogateEscapes: shape.surrogateEscapes,
    // Native and fast (simdutf); only a sender that does not write UTF-8 fails it.
    notUtf8: !isUtf8(outcome.body),
  });
  if (!checked.ok) {
    replyJson(
      res,
      400,
      { error: 'invalid event batch', issues: checked.issues, issueCount: checked.issues.length },
      headers,
    );
    return;
  }
  const { events } = checked.batch;
  try {
    const { stored, duplicates } = await settings.store.append(events);
    replyJson(res, 200, { accepted: stored, duplicates }, headers);
  } catch (error) {
    // A store may refuse events it can never hold (e.g. U+0000 in PostgreSQL): retrying would not help.
    if (isSplitkitError(error) && error.code === 'INVALID_EVENT_BATCH') {
      replyJson(
        res,
        422,
        issuesBody('events the store cannot keep', (error as EventBatchError).issues, events, settings.maxIssues),
        headers,
      );
      return;
    }
    settings.onError(asError(error));
    replyJson(res, 503, { error: 'store unavailable' }, { ...headers, 'Retry-After': '1' });
  }
}

/** The 400 for a body nested past {@link MAX_EVENT_DEPTH}, naming the event when the nesting is inside one. */
function tooDeep(index: number | undefined, rawId: string | undefined): IssuesBody {
  const message = `nested deeper than ${MAX_EVENT_DEPTH} levels`;
  if (index === undefined) return { error: 'invalid event batch', issues: [{ path: '', message }], issueCount: 1 };
  let id: unknown;
  try {
    id = rawId === undefined ? undefined : JSON.parse(rawId);
  } catch {
    id = undefined;
  }
  return {
    error: 'invalid event batch',
    issues: [eventIssue(index, { id }, `events[${index}]`, message)],
    issueCount: 1,
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
