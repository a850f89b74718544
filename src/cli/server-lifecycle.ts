/**
 * The process side of `splitkit serve` and `splitkit collect`: signals caught
 * from the start (so no SIGTERM kills the process before it released its
 * store), listening, and a graceful stop that lets requests in flight finish.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lstat, rm } from 'node:fs/promises';
import { format } from 'node:util';
import { isPostgresUrl } from '../collector/open-store.js';
import { redactCredentials } from '../collector/redact.js';
import type { Logger } from '../io/logger.js';
import type { CliIo } from './io.js';

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * The signals that stop a server gracefully. SIGHUP too: a closed terminal or SSH session sends it, and
 * uncaught it killed the process at once (requests cut, the log's lock left behind).
 */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** SIGINT, SIGTERM and SIGHUP, caught from the call on. */
export interface CaughtSignals {
  /** The first signal received so far. */
  readonly received: NodeJS.Signals | undefined;
  /** Resolves with the first signal (at once if one came already). */
  readonly first: Promise<NodeJS.Signals>;
  /** Calls `action` on every later signal. */
  onAgain(action: () => void): void;
  /** Restores the default handling. */
  dispose(): void;
}

/** Catches SIGINT, SIGTERM and SIGHUP until `dispose()`. */
export function catchSignals(): CaughtSignals {
  let received: NodeJS.Signals | undefined;
  let again = (): void => {};
  let resolveFirst!: (signal: NodeJS.Signals) => void;
  const first = new Promise<NodeJS.Signals>((resolve) => (resolveFirst = resolve));
  const handle = (signal: NodeJS.Signals): void => {
    if (received !== undefined) return again();
    received = signal;
    resolveFirst(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handle);
  return {
    get received() {
      return received;
    },
    first,
    onAgain: (action) => void (again = action),
    dispose() {
      for (const signal of STOP_SIGNALS) process.off(signal, handle);
    },
  };
}

/** Starts `server` listening; resolves with the bound address. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Returns a function that stops `server` gracefully: it stops accepting, lets
 * requests in flight finish (their batches get acknowledged) on connections
 * that then close instead of idling in keep-alive, and cuts whatever is left
 * after a grace period or at a second signal.
 */
export function gracefulStop(server: Server, signals: CaughtSignals): () => Promise<void> {
  const active = new Set<ServerResponse>();
  let stopping = false;
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    active.add(res);
    res.on('close', () => active.delete(res));
    if (stopping) res.setHeader('Connection', 'close');
  });
  return async () => {
    stopping = true;
    for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    signals.onAgain(() => server.closeAllConnections());
    await closed;
    clearTimeout(force);
  };
}

/** The store's location for logs, with a PostgreSQL password masked. */
export function describeStore(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Everything printed goes through here, so no line can carry the store's password or the secret. */
export function redactingIo(io: CliIo, secrets: readonly (string | undefined)[]): CliIo {
  return {
    out: (text) => io.out(redactCredentials(text, secrets)),
    err: (text) => io.err(redactCredentials(text, secrets)),
  };
}

/** The store's warnings and errors, one line each on stderr. */
export function stderrLogger(io: CliIo): Logger {
  const write = (message: string, ...details: unknown[]): void => io.err(`${format(message, ...details)}\n`);
  return { debug() {}, info() {}, warn: write, error: write };
}

/**
 * For an NDJSON log that does not exist yet: a function that removes it again if it is still empty (the
 * server could not listen, so nothing was ever collected into it). Undefined for a PostgreSQL store or an
 * existing file, which are left alone.
 */
export async function newLogCleanup(location: string): Promise<(() => Promise<void>) | undefined> {
  if (isPostgresUrl(location)) return undefined;
  try {
    await lstat(location);
    return undefined;
  } catch {
    return async () => {
      try {
        if ((await lstat(location)).size === 0) await rm(location, { force: true });
      } catch {
        // Gone already, or not ours to judge: left as it is.
      }
    };
  }
}
