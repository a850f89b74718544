/**
 * `GET /ruleset.json`: the ruleset file's exact bytes with a strong ETag
 * (304 when `If-None-Match` has it), and the same URL with
 * `Accept: text/event-stream` as a server-sent event stream that pushes every
 * new ruleset. The wire format (docs/serve.md) is the one `createClient`'s
 * `source` option reads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { askedHeaderList, decideCors } from '../collector/cors.js';
import type { CorsOptions } from '../collector/cors.js';
import { rulesetEventData, type ServedRuleset } from './ruleset-file.js';

/** Options of {@link createRulesetRoute}. */
export interface RulesetRouteOptions {
  /** Browser origins allowed to read the ruleset (the collector's `--cors`). */
  cors?: CorsOptions;
  /**
   * Interval of the `ping` event that keeps proxies from closing idle streams and lets clients tell a dead
   * connection from a quiet one. Default 15 s.
   */
  pingMs?: number;
  /** Streams open at once; one more is answered 503 with `Retry-After: 1`. Default {@link DEFAULT_MAX_STREAMS}. */
  maxStreams?: number;
  /** Called with the socket of each stream as it opens (`splitkit serve` takes it out of the connection cap). */
  onStream?: (socket: Socket) => void;
  /** Bytes a stream may have waiting on top of one ruleset event before it is cut. Default {@link MAX_BUFFERED_BYTES}. */
  maxBufferedBytes?: number;
}

/** Default cap on open streams: each holds a socket (a file descriptor) for as long as its client stays. */
export const DEFAULT_MAX_STREAMS = 10_000;

/** The ruleset route and its open streams. */
export interface RulesetRoute {
  /** Answers a request for the ruleset URL (the caller matched the path). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Serves `served` from now on and pushes it to every open stream. */
  publish(served: ServedRuleset): void;
  /** The ruleset being served. */
  current(): ServedRuleset;
  /** How many streams are open. */
  streamCount(): number;
  /** Ends every stream and stops the pings (shutdown). */
  close(): void;
}

/** Name of the response header that carries the signature. */
export const SIGNATURE_HEADER = 'Splitkit-Signature';

/**
 * Bytes a stream may have waiting for its client on top of one copy of the current ruleset event; past it the
 * stream is cut (it reconnects and gets the latest).
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

// Big events are written in slices of this many bytes, so a client's progress shows between pings.
const WRITE_SLICE = 64 * 1024;

// A stream that took nothing for this many pings in a row while bytes waited for it is cut (a minute by default).
const STALL_PINGS = 4;

const RETRY = Buffer.from('retry: 1000\n\n');
// An event, for a browser's EventSource shows the page events only (and one with no data line is never
// dispatched), after a comment, which clients of earlier versions count as the heartbeat (both are one beat).
const PING = Buffer.from(': ping\nevent: ping\ndata:\n\n');

/** What waits for one stream's client, and how much it has taken. */
interface StreamState {
  /** Buffers not yet written (shared with the other streams). */
  queue: Buffer[];
  /** Their bytes, and the slice being written. */
  queued: number;
  writing: boolean;
  /** Bytes handed to the kernel so far. */
  taken: number;
  /** `taken` at the last ping. */
  takenAtPing: number;
  /** Pings in a row that found bytes waiting and none taken. */
  stalled: number;
  /** Shutdown: end the response once the queue is written. */
  ending: boolean;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match, Last-Event-ID, Cache-Control, Accept',
  'Access-Control-Expose-Headers': `ETag, ${SIGNATURE_HEADER}`,
  'Access-Control-Max-Age': '86400',
};

/**
 * The preflight's answer for the headers the page asked to send. A page may send any `source.headers`
 * (an `Authorization`, an app's own header): an allowed origin may send what it asks for, besides the
 * conditional and stream headers every client sends. Nothing is added for a disallowed origin or a list
 * that is no list of header names.
 */
function requestedHeaders(req: IncomingMessage, headers: Record<string, string>): Record<string, string> {
  const asked = askedHeaderList(req.headers['access-control-request-headers']);
  const allowed = headers['Access-Control-Allow-Headers'];
  if (allowed === undefined || asked === undefined) return {};
  return {
    'Access-Control-Allow-Headers': `${allowed}, ${asked}`,
    Vary: `${headers['Vary']}, Access-Control-Request-Headers`,
  };
}

/** One `ruleset` event: `id` is the ETag, `data` one line of JSON. */
export function rulesetEvent(served: ServedRuleset): string {
  return `event: ruleset\nid: ${served.etag}\ndata: ${rulesetEventData(served)}\n\n`;
}

/** Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for this header). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag;
  });
}

function wantsStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').toLowerCase().includes('text/event-stream');
}

/** Creates the route, serving `initial` until the first {@link RulesetRoute.publish}. */
export function createRulesetRoute(initial: ServedRuleset, options: RulesetRouteOptions = {}): RulesetRoute {
  let served = initial;
  // The current event, made once per ruleset and written as the same Buffer to every stream: a stream that
  // cannot take it at once holds a reference, not a copy (20 streams that did not read a 17 MB ruleset held
  // 770 MB), and a connect costs no JSON.stringify of the whole text.
  let frame: Buffer | undefined;
  const currentFrame = (): Buffer => (frame ??= Buffer.from(rulesetEvent(served)));
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const streams = new Map<ServerResponse, StreamState>();
  const ping = setInterval(() => {
    for (const [res, state] of streams) {
      // Nothing taken for STALL_PINGS pings in a row while bytes wait: the client does not read, and would hold
      // them for as long as its connection lives. (Not one ping: the kernel lets a writer on only once a good
      // part of the socket's send buffer, up to a few MB, is free, so a slow reader's progress comes in steps.)
      if (state.queued > 0 && state.taken === state.takenAtPing) {
        state.stalled++;
        if (state.stalled >= STALL_PINGS) {
          res.destroy();
          continue;
        }
      } else state.stalled = 0;
      state.takenAtPing = state.taken;
      send(res, state, PING);
    }
  }, options.pingMs ?? 15_000);
  ping.unref();

  /** Queues `data` for a stream, or cuts the stream when too much would wait for its client. */
  function send(res: ServerResponse, state: StreamState, data: Buffer): void {
    if (res.destroyed || state.ending) return;
    state.queue.push(data);
    state.queued += data.length;
    if (state.queued > maxBuffered + currentFrame().length) {
      res.destroy();
      return;
    }
    pump(res, state);
  }

  /**
   * Writes a stream's queue one slice (a view, not a copy) at a time, the next once the last is handed to the
   * kernel: the client's progress is then counted as it goes (one big write, or Node joining the waiting
   * writes into one, would show none until all of it was sent, and a slow reader would look stuck).
   */
  function pump(res: ServerResponse, state: StreamState): void {
    if (state.writing || res.destroyed || res.writableEnded) return;
    const head = state.queue[0];
    if (head === undefined) {
      if (state.ending) res.end();
      return;
    }
    const slice = head.subarray(0, WRITE_SLICE);
    if (slice.length === head.length) state.queue.shift();
    else state.queue[0] = head.subarray(WRITE_SLICE);
    state.writing = true;
    res.write(slice, () => {
      state.writing = false;
      state.queued -= slice.length;
      state.taken += slice.length;
      pump(res, state);
    });
  }

  function openStream(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    if (streams.size >= (options.maxStreams ?? DEFAULT_MAX_STREAMS))
      return reply(res, 503, { ...headers, 'Retry-After': '1' }, '{"error":"too many streams"}');
    options.onStream?.(req.socket);
    // A stream lives for hours: no socket timeout, and frames leave at once.
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      // Tells nginx-style proxies not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    const state: StreamState = {
      queue: [],
      queued: 0,
      writing: false,
      taken: 0,
      takenAtPing: -1,
      stalled: 0,
      ending: false,
    };
    streams.set(res, state);
    res.on('close', () => streams.delete(res));
    send(res, state, RETRY);
    // A client that reconnects with the ETag it has already holds this ruleset.
    if (req.headers['last-event-id'] !== served.etag) send(res, state, currentFrame());
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const preflight = req.method === 'OPTIONS';
    const cors = decideCors(options.cors, req.headers.origin, false);
    const headers: Record<string, string> = {
      ...cors.headers,
      Vary: cors.headers['Vary'] ? 'Origin, Accept' : 'Accept',
    };
    if (options.cors !== undefined && cors.headers['Access-Control-Allow-Origin'] !== undefined)
      Object.assign(headers, CORS_HEADERS);
    if (!cors.allowed) return reply(res, 403, headers, '{"error":"origin not allowed"}');
    if (preflight)
      return reply(res, 204, { ...headers, ...requestedHeaders(req, headers), Allow: 'GET, HEAD, OPTIONS' });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, { ...headers, Allow: 'GET, HEAD, OPTIONS' }, '{"error":"method not allowed"}');
    if (req.method === 'GET' && wantsStream(req)) return openStream(req, res, headers);
    const current = served;
    const tagged = {
      ...headers,
      ETag: current.etag,
      'Cache-Control': 'no-cache',
      ...(current.signature === undefined ? {} : { [SIGNATURE_HEADER]: current.signature }),
    };
    if (matchesEtag(req.headers['if-none-match'], current.etag)) return reply(res, 304, tagged);
    res.writeHead(200, {
      ...tagged,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(current.bytes.length),
    });
    res.end(req.method === 'HEAD' ? undefined : current.bytes);
  }

  return {
    handle,
    publish(next) {
      served = next;
      frame = undefined;
      const data = currentFrame();
      for (const [res, state] of streams) send(res, state, data);
    },
    current: () => served,
    streamCount: () => streams.size,
    close() {
      clearInterval(ping);
      // Each stream ends once what it was sent is written (an event being sent arrives whole).
      for (const [res, state] of streams) {
        state.ending = true;
        pump(res, state);
      }
      streams.clear();
    },
  };
}

function reply(res: ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  // 204 and 304 carry no body and, per RFC 9110, no Content-Length either.
  const json =
    body === undefined
      ? {}
      : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) };
  res.writeHead(status, { ...headers, ...json });
  res.end(body);
}
