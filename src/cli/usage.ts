/** Help texts of the `splitkit` command. */

/** `splitkit collect --help`. */
export const COLLECT_USAGE = `Usage: splitkit collect --store <file.ndjson | postgres://…> [options]

Runs an event collector: clients POST event batches to http://<host>:<port><path>.

Options:
  --store <location>   NDJSON log file (created if missing) or a postgres:// URL (required)
  --port <n>           port to listen on (default 8787; 0 picks a free one)
  --host <address>     address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --path <path>        path that accepts batches (default /events)
  --secret <secret>    require "Authorization: Bearer <secret>"
                       (or set SPLITKIT_COLLECTOR_SECRET, which keeps it out of ps)
  --cors <origins>     allow browsers from these origins: '*' or a comma-separated list
  --dedupe-window <n>  NDJSON log: drop repeats of the newest <n> stored ids (default 10000000)
  -h, --help           show this help

Limits (durations take a unit: 500ms, 10s, 5m, 2h, 90d):
  --max-body <bytes>          largest accepted body (default 1048576)
  --max-events <n>            most events in one batch, more get 413 (default 1000)
  --max-json-values <n>       most JSON values in one body, more get 413 (default 50000)
  --max-in-flight <bytes>     body bytes held by all requests at once, more get 503 (default 33554432)
  --max-connections <n>       open connections, more get 503 (default 512)
  --headers-timeout <time>    time to send the headers (default 10s)
  --request-timeout <time>    time to send a whole request (default 30s)
  --body-timeout <time>       longest pause while sending a body (default 10s)
  --max-event-age <time>      refuse events older than this by the collector's clock (default 90d)
  --max-event-ahead <time>    refuse events further than this in the future (default 1d)

Stops gracefully on SIGINT (Ctrl-C), SIGTERM or SIGHUP.
`;

/** `splitkit serve --help`. */
export const SERVE_USAGE = `Usage: splitkit serve --ruleset <file.json> --store <file.ndjson | postgres://…> [options]

Serves on one port:
  GET  /ruleset.json   the ruleset file's bytes, with an ETag (304 on If-None-Match) and, with --key,
                       a Splitkit-Signature header; with "Accept: text/event-stream" a stream that
                       pushes the ruleset within a second of the file changing on disk
  POST /events         the collector (as splitkit collect)
  GET  /healthz        200 while serving, 503 while stopping

A changed file that fails validation is not served: the last good ruleset stays and the problems are logged.

Options:
  --ruleset <file>     the ruleset JSON file to serve (required; checked at start and on every change)
  --key <file>         sign responses with this Ed25519 private key (from splitkit keygen)
  --store <location>   NDJSON log file (created if missing) or a postgres:// URL (required)
  --port <n>           port to listen on (default 8787; 0 picks a free one)
  --host <address>     address to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --path <path>        path that accepts batches (default /events)
  --secret <secret>    require "Authorization: Bearer <secret>" for batches
                       (or set SPLITKIT_COLLECTOR_SECRET, which keeps it out of ps)
  --cors <origins>     allow browsers from these origins: '*' or a comma-separated list
  --dedupe-window <n>  NDJSON log: drop repeats of the newest <n> stored ids (default 10000000)
  --max-streams <n>    ruleset streams open at once (default 10000; one more gets 503); streams are
                       not counted in --max-connections, which guards the short requests
  -h, --help           show this help

The collector's limits, as for splitkit collect (durations take a unit: 500ms, 10s, 5m, 2h, 90d):
  --max-body <bytes>          largest accepted batch (default 1048576)
  --max-events <n>            most events in one batch, more get 413 (default 1000)
  --max-json-values <n>       most JSON values in one body, more get 413 (default 50000)
  --max-in-flight <bytes>     body bytes held by all requests at once, more get 503 (default 33554432)
  --max-connections <n>       open connections but streams, more get 503 (default 512)
  --headers-timeout <time>    time to send the headers (default 10s)
  --request-timeout <time>    time to send a whole request (default 30s)
  --body-timeout <time>       longest pause while sending a body (default 10s)
  --max-event-age <time>      refuse events older than this by the collector's clock (default 90d)
  --max-event-ahead <time>    refuse events further than this in the future (default 1d)

Logs one line per request to stdout. Stops gracefully on SIGINT (Ctrl-C), SIGTERM or SIGHUP.
`;

/** `splitkit validate --help`. */
export const VALIDATE_USAGE = `Usage: splitkit validate <ruleset.json | -> [more.json …]

Checks ruleset files as clients and splitkit serve do, and prints every problem with its path.
'-' reads one from standard input (git show HEAD:ruleset.json | splitkit validate -).
Warns (on stderr; the file stays valid) where decisions hash the same salt over the same unit.
Exits 0 when all are valid, 1 when one is not, 2 on a usage error.
`;

/** `splitkit keygen --help`. */
export const KEYGEN_USAGE = `Usage: splitkit keygen [--out <dir>]

Makes an Ed25519 key pair for signed rulesets: <dir>/splitkit-signing.key (PKCS#8 PEM, mode 0600;
give it to splitkit serve --key or splitkit sign) and <dir>/splitkit-signing.pub (the public key,
base64, for the client's source.publicKeys). Never overwrites an existing key.

Options:
  --out <dir>   where to write the files, created if missing (default: the current directory)
  -h, --help    show this help
`;

/** `splitkit sign --help`. */
export const SIGN_USAGE = `Usage: splitkit sign <ruleset.json> [--key <file>]

Validates the ruleset and writes its detached signature to <ruleset.json>.sig (base64, one line):
serve it as the Splitkit-Signature header where the ruleset is hosted without splitkit serve.

Options:
  --key <file>   the private key from splitkit keygen (default: ./splitkit-signing.key, where
                 splitkit keygen writes it without --out)
  -h, --help     show this help
`;

/** `splitkit --help`. */
export const USAGE = `Usage: splitkit <command> [options]

Commands:
  serve      serve a ruleset (ETag, stream, signature) and collect events on one port (splitkit serve --help)
  validate   check ruleset files and print every problem with its path
  keygen     make an Ed25519 key pair for signed rulesets
  sign       sign a ruleset file (writes <file>.sig)
  collect    run an event collector (splitkit collect --help)
  analyze    analyze an experiment from stored events (splitkit analyze --help)
  types      write typed-flag declarations of a ruleset (splitkit types ruleset.json --out flags.d.ts)

Options:
  -h, --help      show this help (splitkit help <command>: that command's own)
  -v, --version   print splitkit's version
`;
