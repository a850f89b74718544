/**
 * One request handler for `splitkit serve`: the ruleset route, the
 * collector and `/healthz` on one port, with a one-line access log per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectorHandler } from '../collector/collector.js';
import type { RulesetRoute } from './ruleset-route.js';
import { requestPath } from '../collector/request-path.js';

/** Where the ruleset is served. */
export const RULESET_PATH = '/ruleset.json';
/** The health check. */
export const HEALTH_PATH = '/healthz';

/** What {@link createServeHandler} routes to. */
export interface ServeHandlerParts {
  ruleset: RulesetRoute;
  /** Answers every other path (it answers 404 off its own path). */
  collector: CollectorHandler;
  /** Called once per request when its response is over: `GET /ruleset.json 304 0.4ms`. */
  accessLog(line: string): void;
  /** True once shutdown began: `/healthz` then answers 503 so balancers stop sending traffic. */
  stopping(): boolean;
}

/**
 * Whether the request has a body that has not all arrived yet. serve's own routes never read a body: when one
 * is still coming, their answer carries `Connection: close`, so Node closes the connection once the answer is
 * out instead of reading and discarding the rest (for as long as the client sends, up to the request timeout).
 */
export function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) !== 0;
}

/** Creates the handler. */
export function createServeHandler(parts: ServeHandlerParts): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    const path = requestPath(req.url);
    res.once('close', () => {
      const ms = (performance.now() - started).toFixed(1);
      const status = res.headersSent ? String(res.statusCode) : '-';
      // Printable ASCII only: a request line cannot forge extra log lines.
      // Replaced first, then cut: the ellipsis marking a cut path is not itself replaced.
      const printable = path.replace(/[^\x21-\x7e]/g, '?');
      const shown = printable.length > 200 ? `${printable.slice(0, 200)}…` : printable;
      parts.accessLog(
        `${req.method ?? '-'} ${shown} ${status} ${ms}ms${res.writableFinished ? '' : ' (closed early)'}`,
      );
    });
    if (path !== RULESET_PATH && path !== HEALTH_PATH) return parts.collector(req, res);
    if (bodyPending(req)) res.setHeader('Connection', 'close');
    if (path === RULESET_PATH) return parts.ruleset.handle(req, res);
    health(req, res, parts);
  };
}

function health(req: IncomingMessage, res: ServerResponse, parts: ServeHandlerParts): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const body = '{"error":"method not allowed"}';
    res.writeHead(405, {
      Allow: 'GET, HEAD',
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    });
    res.end(body);
    return;
  }
  const stopping = parts.stopping();
  const body = JSON.stringify({
    status: stopping ? 'stopping' : 'ok',
    ruleset: { etag: parts.ruleset.current().etag },
    streams: parts.ruleset.streamCount(),
  });
  res.writeHead(stopping ? 503 : 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
