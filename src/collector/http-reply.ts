/** Writes the collector's JSON answers. */
import type { ServerResponse } from 'node:http';

/** Headers every answer carries, merged with the CORS headers chosen for the request. */
export type ReplyHeaders = Record<string, string>;

/**
 * Sends `body` as JSON with `status`. Does nothing when the client is gone
 * or an answer was already started (a handler answers exactly once).
 */
export function replyJson(res: ServerResponse, status: number, body: unknown, headers: ReplyHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Sends an empty answer (preflights). */
export function replyEmpty(res: ServerResponse, status: number, headers: ReplyHeaders = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
}
