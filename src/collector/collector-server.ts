/**
 * A `node:http` server around the collector with the limits a server sets:
 * time to send headers and a whole request, and a cap on open connections
 * (one past it is answered 503 with `Retry-After` and closed at once, so slow
 * or idle connections cannot starve the process of sockets).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ConfigError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import { createCollector } from './collector.js';
import { holdForContinue } from './expect-continue.js';
import type { CollectorOptions } from './collector-options.js';

/** Default time a client gets to send a request's headers. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/** Default time a client gets to send a whole request, headers and body. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Default cap on open connections. */
export const DEFAULT_MAX_CONNECTIONS = 512;

/** Options of {@link createCollectorServer}: the collector's, plus the server's limits. */
export interface CollectorServerOptions extends CollectorOptions {
  /** Time to send the headers; then the connection is answered 408 and closed. Default 10 s. */
  headersTimeoutMs?: number;
  /** Time to send the whole request (at least `headersTimeoutMs`); then 408 and closed. Default 30 s. */
  requestTimeoutMs?: number;
  /** Open connections allowed; one more is answered 503 with `Retry-After: 1` and closed. Default 512. */
  maxConnections?: number;
}

// Per socket of a limited server: takes it out of its server's count of open connections.
const uncount = new WeakMap<Socket, () => void>();

/**
 * Takes the connection of `socket` out of its limited server's count, for a
 * response that stays open for hours by design (a ruleset stream): counted,
 * a few hundred subscribed browsers would hold every slot and leave none for
 * event batches. Whoever calls it caps such connections itself. No-op for a
 * socket that no limited server counts.
 */
export function releaseConnectionSlot(socket: Socket): void {
  uncount.get(socket)?.();
}

/** How long a refused connection may stay open, reading what its client already sent, before it is cut. */
const REFUSED_LINGER_MS = 250;

const TOO_MANY_CONNECTIONS = JSON.stringify({ error: 'too many connections' });
const REFUSAL = [
  'HTTP/1.1 503 Service Unavailable',
  'Content-Type: application/json; charset=utf-8',
  `Content-Length: ${TOO_MANY_CONNECTIONS.length}`,
  'Retry-After: 1',
  'Connection: close',
  '',
  TOO_MANY_CONNECTIONS,
].join('\r\n');

function serverIssues(headersTimeoutMs: number, requestTimeoutMs: number, maxConnections: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const positive = (value: number): boolean => Number.isSafeInteger(value) && value >= 1;
  if (!positive(headersTimeoutMs) || headersTimeoutMs > 2_147_483_647)
    issues.push({ path: 'headersTimeoutMs', message: 'expected a positive integer' });
  if (!positive(requestTimeoutMs) || requestTimeoutMs > 2_147_483_647 || requestTimeoutMs < headersTimeoutMs) {
    issues.push({ path: 'requestTimeoutMs', message: 'expected a positive integer, at least headersTimeoutMs' });
  }
  if (!positive(maxConnections)) issues.push({ path: 'maxConnections', message: 'expected a positive integer' });
  return issues;
}

/** The problems of the server's own options, each with its option's path. */
export function collectorServerOptionIssues(
  options: Pick<CollectorServerOptions, 'headersTimeoutMs' | 'requestTimeoutMs' | 'maxConnections'>,
): ValidationIssue[] {
  return serverIssues(
    options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
  );
}

/**
 * Creates (does not start) a server that runs `handler` with the collector's connection limits enforced
 * (header and request timeouts, a connection cap answered with 503); `splitkit serve` puts its ruleset
 * route and the collector behind it. `onRefused` hears of each connection the cap refused (no request of
 * it reaches `handler`: serve's access log writes a line for it). Throws `ConfigError` (`INVALID_OPTIONS`)
 * listing every bad option.
 */
export function createLimitedServer(
  handler: RequestListener,
  options: Pick<CollectorServerOptions, 'headersTimeoutMs' | 'requestTimeoutMs' | 'maxConnections'>,
  onRefused?: () => void,
): Server {
  const {
    headersTimeoutMs = DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    maxConnections = DEFAULT_MAX_CONNECTIONS,
  } = options;
  const issues = serverIssues(headersTimeoutMs, requestTimeoutMs, maxConnections);
  if (issues.length > 0)
    throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'collector server options' });
  const refused = new WeakSet<Socket>();
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node checks both timeouts on this interval (30 s by default), which would stretch a 10 s limit to 40 s.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
    },
    (req, res) => {
      // A refused connection's request, if any arrived, gets nothing more: the connection is closing.
      if (refused.has(req.socket)) return;
      handler(req, res);
    },
  );
  // Node would send `100 Continue` before the handler runs, inviting a body the collector may refuse unread.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    holdForContinue(req);
    server.emit('request', req, res);
  });
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    if (open.size >= maxConnections) {
      refused.add(socket);
      socket.end(REFUSAL);
      onRefused?.();
      // Closing while the client's request is still unread would reset the connection and could lose the 503
      // on the client's side; the connection lingers briefly (reading and dropping) instead.
      const linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
      socket.once('close', () => clearTimeout(linger));
      return;
    }
    open.add(socket);
    uncount.set(socket, () => open.delete(socket));
    socket.once('close', () => open.delete(socket));
  });
  return server;
}

/**
 * Creates (does not start) a server that runs the collector with its limits
 * enforced; `server.listen(port)` starts it. Throws `ConfigError`
 * (`INVALID_OPTIONS`) listing every bad option.
 */
export function createCollectorServer(options: CollectorServerOptions): Server {
  // The server's options are checked before the collector's, so a bad limit is named even with a bad store.
  const issues = collectorServerOptionIssues(options);
  if (issues.length > 0)
    throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'collector server options' });
  return createLimitedServer(createCollector(options), options);
}
