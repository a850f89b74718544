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
  --max-body <bytes>   largest accepted body (default 1048576)
  -h, --help           show this help

Stops gracefully on SIGINT (Ctrl-C) or SIGTERM.
`;

/** `splitkit --help`. */
export const USAGE = `Usage: splitkit <command> [options]

Commands:
  collect    run an event collector (splitkit collect --help)
  analyze    analyze an experiment from stored events (splitkit analyze --help)
  types      write typed-flag declarations of a ruleset (splitkit types ruleset.json --out flags.d.ts)

Options:
  -h, --help   show this help
`;
