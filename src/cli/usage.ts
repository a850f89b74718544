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

Stops gracefully on SIGINT (Ctrl-C) or SIGTERM.
`;

/** `splitkit --help`. */
export const USAGE = `Usage: splitkit <command> [options]

Commands:
  collect    run an event collector (splitkit collect --help)
  analyze    analyze an experiment from stored events (splitkit analyze --help)

Options:
  -h, --help   show this help
`;
