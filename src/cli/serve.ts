/**
 * `splitkit serve`: the ruleset file at `/ruleset.json` (ETag, signature,
 * event stream), the collector at `/events` and `/healthz`, on one port,
 * until SIGINT, SIGTERM or SIGHUP. The pieces live in src/serve/; the collector takes
 * every option `splitkit collect` parsed, and its store is opened as there.
 */
import type { AddressInfo } from 'node:net';
import { createCollector } from '../collector/collector.js';
import { createLimitedServer, releaseConnectionSlot } from '../collector/collector-server.js';
import { locationSecrets, redactCredentials } from '../collector/redact.js';
import { openEventStore } from '../collector/open-store.js';
import { collectorOptionsOf } from './collect-args.js';
import type { CollectorOptions } from '../collector/collector-options.js';
import type { EventStore } from '../events/store.js';
import { readKeyFile } from '../serve/key-file.js';
import { formatProblems, readRulesetFile, rulesetWarnings } from '../serve/ruleset-file.js';
import type { ServedRuleset } from '../serve/ruleset-file.js';
import { logClientErrors } from '../serve/client-errors.js';
import { createRulesetRoute } from '../serve/ruleset-route.js';
import type { RulesetRoute } from '../serve/ruleset-route.js';
import { createServeHandler, HEALTH_PATH, RULESET_PATH } from '../serve/serve-handler.js';
import type { RulesetSigner } from '../serve/signing.js';
import { watchFile } from '../serve/file-watch.js';
import { staleness } from '../source/use-text.js';
import type { CliIo } from './io.js';
import { prefixLines, urlHost } from './io.js';
import {
  catchSignals,
  describeStore,
  gracefulStop,
  listen,
  newLogCleanup,
  redactingIo,
  stderrLogger,
} from './server-lifecycle.js';
import type { CaughtSignals } from './server-lifecycle.js';
import { parseServeArgs } from './serve-args.js';
import type { ServeArgs } from './serve-args.js';
import { SERVE_USAGE } from './usage.js';

/** The collector's options from the arguments: all that `collect` parsed but where to store and listen. */
function collectorOptions(args: ServeArgs): Omit<CollectorOptions, 'store'> {
  return collectorOptionsOf(args.collect);
}

/** The key at `file` (from `--key`); a warning about it goes to stderr. Throws an Error naming the flag and file. */
async function loadKey(file: string, io: CliIo): Promise<RulesetSigner> {
  let loaded;
  try {
    loaded = await readKeyFile(file);
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(
      `--key ${file}: ${message === 'no such file' ? `${message} (make one with \`splitkit keygen\`)` : message}`,
    );
  }
  if (loaded.warning !== undefined) io.err(`splitkit serve: --key ${file}: warning: ${loaded.warning}\n`);
  return loaded.signer;
}

/** Runs `splitkit serve` with `argv` (the arguments after `serve`); resolves with the exit code once stopped. */
export async function runServe(argv: readonly string[], io: CliIo): Promise<number> {
  // Caught from the start: a signal while starting up stops cleanly instead of leaving the store's lock.
  const signals = catchSignals();
  try {
    return await start(argv, io, signals);
  } finally {
    signals.dispose();
  }
}

async function start(argv: readonly string[], io: CliIo, signals: CaughtSignals): Promise<number> {
  const parsed = parseServeArgs(argv);
  if (!parsed.ok) {
    io.err(`${prefixLines('splitkit serve: ', redactCredentials(parsed.error))}\n\n${SERVE_USAGE}`);
    return 2;
  }
  const { args } = parsed;
  // Everything printed after this point is redacted: a store URL's password or the secret never shows.
  io = redactingIo(io, [...locationSecrets(args.collect.store), args.collect.secret]);
  if (args.help) {
    io.out(SERVE_USAGE);
    return 0;
  }
  // The key and the ruleset are both checked, so one run names every problem; the store (which creates the
  // log file) is opened only when both are good.
  let signer: RulesetSigner | undefined;
  let keyProblem: string | undefined;
  try {
    signer = args.key === undefined ? undefined : await loadKey(args.key, io);
  } catch (error) {
    keyProblem = (error as Error).message;
  }
  const first = await readRulesetFile(args.ruleset, signer);
  if (keyProblem !== undefined) io.err(`splitkit serve: ${keyProblem}\n`);
  if (!first.ok)
    io.err(
      `splitkit serve: --ruleset ${args.ruleset} cannot be served:\n${formatProblems(args.ruleset, first.problems)}`,
    );
  if (keyProblem !== undefined || !first.ok) return 1;
  const cleanup = await newLogCleanup(args.collect.store);
  let store: EventStore;
  try {
    store = await openEventStore(args.collect.store, {
      logger: stderrLogger(io),
      dedupeWindow: args.collect.dedupeWindow,
    });
  } catch (error) {
    io.err(`splitkit serve: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    // A log another collector is writing opens read-only; collecting into it would only answer 503s.
    if ((store as { readOnly?: boolean }).readOnly === true) {
      io.err(`splitkit serve: ${args.collect.store} is being written by another collector\n`);
      return 1;
    }
    if (signals.received !== undefined) {
      io.out(`${signals.received}: stopped before listening\n`);
      return 0;
    }
    const code = await serve(args, io, signals, { store, signer, first: first.served });
    // Could not listen: a log this run created stays only if something was written to it (removed while
    // the lock is still held, so no other collector can have opened it meanwhile).
    if (code === 1) await cleanup?.();
    return code;
  } finally {
    // Every way out releases the store (and its lock); closing twice is harmless.
    await store.close();
  }
}

async function serve(
  args: ServeArgs,
  io: CliIo,
  signals: CaughtSignals,
  state: { store: EventStore; signer: RulesetSigner | undefined; first: ServedRuleset },
): Promise<number> {
  const { store, signer } = state;
  const { collect } = args;
  // Streams last for hours: they leave the connection cap (which guards the short requests) for their own.
  const ruleset = createRulesetRoute(state.first, {
    ...(collect.cors ? { cors: collect.cors } : {}),
    maxStreams: args.maxStreams,
    onStream: releaseConnectionSlot,
  });
  const collector = createCollector({
    ...collectorOptions(args),
    store,
    onError: (error) => io.err(`splitkit serve: ${error.message}\n`),
  });
  let stopping = false;
  const handler = createServeHandler({
    ruleset,
    collector,
    accessLog: (line) => io.out(`${line}\n`),
    stopping: () => stopping,
  });
  // The collector's connection limits (a stream's request is complete at once, so the timeouts do not cut it,
  // and its connection is not counted once it is a stream).
  // A connection past the cap never reaches the handler: its 503 gets an access log line of its own.
  const server = createLimitedServer(handler, collect, () =>
    io.out('- - 503 0.0ms (connection refused: too many connections)\n'),
  );
  // Requests Node's parser refuses (400, 431, 408) never reach the handler: they get their lines here.
  logClientErrors(server, (line) => io.out(`${line}\n`));
  const stop = gracefulStop(server, signals);
  let address: AddressInfo;
  try {
    address = await listen(server, collect.port, collect.host);
  } catch (error) {
    // An IPv6 address in brackets, as in a URL: `::1:8787` reads as another address.
    io.err(`splitkit serve: cannot listen on ${urlHost(collect.host)}:${collect.port}: ${(error as Error).message}\n`);
    ruleset.close();
    return 1;
  }
  const reload = reloader(args.ruleset, signer, ruleset, io);
  const stopWatching = watchFile(args.ruleset, reload);
  // A change between the first read and the start of the watch would otherwise go unnoticed.
  reload();
  const host = urlHost(address.address);
  const origin = `http://${host}:${address.port}`;
  io.out(
    `splitkit serve listening on ${origin} (ruleset: ${origin}${RULESET_PATH} from ${args.ruleset}, ${state.first.etag}; ` +
      `events: ${origin}${collect.path} into ${describeStore(collect.store)}; health: ${origin}${HEALTH_PATH})\n`,
  );
  if (signer !== undefined) io.out(`signing with public key ${signer.publicKey}\n`);
  warnAbout(args.ruleset, state.first, io);
  const signal = await signals.first;
  stopping = true;
  io.out(`${signal}: stopping\n`);
  stopWatching();
  ruleset.close();
  await stop();
  await store.close();
  io.out('stopped\n');
  return 0;
}

/** Warns on stderr about what `splitkit validate` warns about. */
function warnAbout(file: string, served: ServedRuleset, io: CliIo): void {
  for (const warning of rulesetWarnings(served, Date.now())) io.err(`splitkit serve: ${file}: warning: ${warning}\n`);
}

/** Re-reads the file after a change; a file that fails its checks is logged and the last good ruleset stays. */
function reloader(file: string, signer: RulesetSigner | undefined, route: RulesetRoute, io: CliIo): () => void {
  let running = false;
  let again = false;
  // The watch and the poll may both report one bad write: its problems are logged once.
  let lastProblems = '';
  const reload = async (): Promise<void> => {
    const result = await readRulesetFile(file, signer);
    const current = route.current();
    if (!result.ok) {
      const problems = formatProblems(file, result.problems);
      if (problems !== lastProblems)
        io.err(`splitkit serve: ${file} changed but cannot be served; still serving ${current.etag}:\n${problems}`);
      lastProblems = problems;
      return;
    }
    const recovered = lastProblems !== '';
    lastProblems = '';
    if (result.served.etag === current.etag) {
      // The bad write was undone (a save seen half-way, a file put back): the log said it could not be served.
      if (recovered) io.out(`ruleset ${file} can be served again: unchanged, still ${current.etag}\n`);
      return;
    }
    route.publish(result.served);
    io.out(`ruleset ${file} reloaded: ${result.served.etag}, pushed to ${route.streamCount()} stream(s)\n`);
    warnAbout(file, result.served, io);
    // Served as asked, but a client that holds the newer ruleset refuses an older one: only new visitors would
    // take it (a rollback that silently splits the fleet).
    const older = staleness(result.served.ruleset, current.ruleset);
    if (older)
      io.err(
        `splitkit serve: ${file}: ${older[0]} ${String(older[1])} is older than the ${String(older[2])} served before; ` +
          `clients that have that ruleset refuse this one and keep theirs. To roll back, publish the old rules with a ` +
          `higher revision or a later updatedAt.\n`,
      );
  };
  // One reload at a time; a change during one runs another right after.
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void reload().finally(() => {
      running = false;
      if (again) {
        again = false;
        run();
      }
    });
  };
  return run;
}
