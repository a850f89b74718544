/** `splitkit collect`: runs the collector on node:http until SIGINT or SIGTERM. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import { createCollector } from '../collector/collector.js';
import { collectorOptionIssues } from '../collector/collector-options.js';
import { isPostgresUrl, openEventStore } from '../collector/open-store.js';
import { parseCollectArgs } from './collect-args.js';
import type { Logger } from '../io/logger.js';
import type { CliIo } from './io.js';
import { COLLECT_USAGE } from './usage.js';

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

function describeStore(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password) url.password = '***';
  return url.toString();
}

function stderrLogger(io: CliIo): Logger {
  const write = (message: string, ...details: unknown[]): void => io.err(`${format(message, ...details)}\n`);
  return { debug() {}, info() {}, warn: write, error: write };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * A server that can stop gracefully: it stops accepting, lets requests in
 * flight finish (their batches get acknowledged) on connections that then
 * close instead of idling in keep-alive, and cuts whatever is left after a grace period.
 */
function stoppableServer(handler: (req: IncomingMessage, res: ServerResponse) => void): { server: Server; stop(): Promise<void> } {
  const active = new Set<ServerResponse>();
  let stopping = false;
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    active.add(res);
    res.on('close', () => active.delete(res));
    if (stopping) res.setHeader('Connection', 'close');
    handler(req, res);
  });
  async function stop(): Promise<void> {
    stopping = true;
    for (const res of active) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    const again = (): void => server.closeAllConnections();
    process.once('SIGINT', again);
    process.once('SIGTERM', again);
    await closed;
    clearTimeout(force);
    process.off('SIGINT', again);
    process.off('SIGTERM', again);
  }
  return { server, stop };
}

/** Runs `splitkit collect` with `argv` (the arguments after `collect`); resolves with the exit code once stopped. */
export async function runCollect(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCollectArgs(argv);
  if (!parsed.ok) {
    io.err(`splitkit collect: ${parsed.error}\n\n${COLLECT_USAGE}`);
    return 2;
  }
  const { args } = parsed;
  if (args.help) {
    io.out(COLLECT_USAGE);
    return 0;
  }
  // The collector's own option check (an empty secret, a path with a query, …), before a store is opened.
  const settings = { secret: args.secret, cors: args.cors, path: args.path, maxBodyBytes: args.maxBodyBytes };
  const issues = collectorOptionIssues(settings);
  if (issues.length > 0) {
    const flags: { [option: string]: string } = { maxBodyBytes: '--max-body', path: '--path', secret: '--secret', 'cors.origins': '--cors' };
    for (const issue of issues) io.err(`splitkit collect: ${flags[issue.path] ?? issue.path}: ${issue.message}\n`);
    io.err(`\n${COLLECT_USAGE}`);
    return 2;
  }
  let store;
  try {
    store = await openEventStore(args.store, { logger: stderrLogger(io) });
  } catch (error) {
    io.err(`splitkit collect: ${(error as Error).message}\n`);
    return 1;
  }
  // A log another collector is writing opens read-only; collecting into it would only answer 503s.
  if ((store as { readOnly?: boolean }).readOnly === true) {
    io.err(`splitkit collect: ${args.store} is being written by another collector\n`);
    await store.close();
    return 1;
  }
  const handler = createCollector({ ...settings, store, onError: (error) => io.err(`splitkit collect: ${error.message}\n`) });
  const { server, stop } = stoppableServer(handler);
  let address: AddressInfo;
  try {
    address = await listen(server, args.port, args.host);
  } catch (error) {
    io.err(`splitkit collect: cannot listen on ${args.host}:${args.port}: ${(error as Error).message}\n`);
    await store.close();
    return 1;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  io.out(`splitkit collector listening on http://${host}:${address.port}${args.path} (store: ${describeStore(args.store)})\n`);
  const signal = await untilSignal();
  io.out(`${signal}: stopping\n`);
  await stop();
  await store.close();
  io.out('stopped\n');
  return 0;
}
