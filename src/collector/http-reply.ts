/** Writes the collector's answers. */
import type { ServerResponse } from 'node:http';

/** Headers every answer carries, merged with the CORS headers chosen for the request. */
export type ReplyHeaders = Record<string, string>;

/**
 * `Connection: close` when the request's body was not read to its end (a
 * refusal before or while reading): Node would otherwise keep reading and
 * discarding the rest to reuse the connection, for as long as the client
 * sends. With it, Node closes the connection once the answer is flushed.
 */
function closing(res: ServerResponse): ReplyHeaders {
  const req = res.req;
  // A request without a body (a preflight, a HEAD) has nothing left to read, though Node marks it complete only
  // after the handler ran: closing its connection would cost the browser a new connection (and TLS handshake).
  const bodiless = req?.headers['transfer-encoding'] === undefined && Number(req?.headers['content-length'] ?? 0) === 0;
  return req?.complete === false && !bodiless ? { Connection: 'close' } : {};
}

/**
 * Sends `body` as JSON with `status`. Does nothing when the client is gone
 * or an answer was already started (a handler answers exactly once).
 */
export function replyJson(res: ServerResponse, status: number, body: unknown, headers: ReplyHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...closing(res),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Sends an empty answer (preflights). */
export function replyEmpty(res: ServerResponse, status: number, headers: ReplyHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, ...closing(res), 'Content-Length': '0' });
  res.end();
}
