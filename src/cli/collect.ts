/** `splitkit collect`: runs the collector on node:http until SIGINT, SIGTERM or SIGHUP. */
import type { AddressInfo } from 'node:net';
import { createCollectorServer } from '../collector/collector-server.js';
import type { CollectorServerOptions } from '../collector/collector-server.js';
import { locationSecrets, redactCredentials } from '../collector/redact.js';
import { openEventStore } from '../collector/open-store.js';
import type { EventStore } from '../events/store.js';
import { parseCollectArgs } from './collect-args.js';
import type { CollectArgs } from './collect-args.js';
import type { CliIo } from './io.js';
import { COLLECT_USAGE } from './usage.js';
import { prefixLines, urlHost } from './io.js';
import {
  catchSignals,
  gracefulStop,
  listen,
  newLogCleanup,
  redactingIo,
  stderrLogger,
  type CaughtSignals,
} from './server-lifecycle.js';

/** The collector's and the server's options from the arguments. */
function serverOptions(args: CollectArgs): Omit<CollectorServerOptions, 'store'> {
  const { help: _help, store: _store, port: _port, host: _host, dedupeWindow: _window, ...options } = args;
  return options;
}

/** Runs `splitkit collect` with `argv` (the arguments after `collect`); resolves with the exit code once stopped. */
export async function runCollect(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const signals = catchSignals();
  try {
    return await collect(argv, rawIo, signals);
  } finally {
    signals.dispose();
  }
}

async function collect(argv: readonly string[], rawIo: CliIo, signals: CaughtSignals): Promise<number> {
  const parsed = parseCollectArgs(argv);
  if (!parsed.ok) {
    rawIo.err(`${prefixLines('splitkit collect: ', redactCredentials(parsed.error))}\n\n${COLLECT_USAGE}`);
    return 2;
  }
  const { args } = parsed;
  const io = redactingIo(rawIo, [...locationSecrets(args.store), args.secret]);
  if (args.help) {
    io.out(COLLECT_USAGE);
    return 0;
  }
  // The collector's own option checks (an empty secret, a path with a query, …) ran in the parser.
  const options = serverOptions(args);
  const cleanup = await newLogCleanup(args.store);
  let store: EventStore;
  try {
    store = await openEventStore(args.store, { logger: stderrLogger(io), dedupeWindow: args.dedupeWindow });
  } catch (error) {
    io.err(`splitkit collect: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const code = await serve(args, options, store, io, signals);
    // Could not listen: a log this run created stays only if something was written to it (removed while
    // the lock is still held, so no other collector can have opened it meanwhile).
    if (code === 1 && (store as { readOnly?: boolean }).readOnly !== true) await cleanup?.();
    return code;
  } finally {
    // Every way out releases the store (and its lock); closing twice is harmless.
    await store.close();
  }
}

async function serve(
  args: CollectArgs,
  options: Omit<CollectorServerOptions, 'store'>,
  store: EventStore,
  io: CliIo,
  signals: CaughtSignals,
): Promise<number> {
  // A log another collector is writing opens read-only; collecting into it would only answer 503s.
  if ((store as { readOnly?: boolean }).readOnly === true) {
    io.err(`splitkit collect: ${args.store} is being written by another collector\n`);
    return 1;
  }
  if (signals.received !== undefined) {
    io.out(`${signals.received}: stopped before listening\n`);
    return 0;
  }
  const server = createCollectorServer({
    ...options,
    store,
    onError: (error) => io.err(`splitkit collect: ${error.message}\n`),
  });
  const stop = gracefulStop(server, signals);
  let address: AddressInfo;
  try {
    address = await listen(server, args.port, args.host);
  } catch (error) {
    io.err(`splitkit collect: cannot listen on ${urlHost(args.host)}:${args.port}: ${(error as Error).message}\n`);
    return 1;
  }
  const host = urlHost(address.address);
  io.out(`splitkit collector listening on http://${host}:${address.port}${args.path} (store: ${args.store})\n`);
  const signal = await signals.first;
  io.out(`${signal}: stopping\n`);
  await stop();
  await store.close();
  io.out('stopped\n');
  return 0;
}
