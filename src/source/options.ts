/** Options of a ruleset source (`createClient({ source })`). */
import type { KeyValueStorage } from '../io/storage.js';

/** Where the client fetches its ruleset, and how it keeps it fresh. */
export interface SourceOptions {
  /**
   * The ruleset URL, e.g. `https://flags.example.com/ruleset.json` (what `splitkit serve` serves). Without a user
   * name or password (every `fetch` refuses such a URL; so does the source, reported once when it starts): send
   * credentials in `headers`.
   */
  url: string;
  /** Extra request headers (e.g. `Authorization`). */
  headers?: { [name: string]: string };
  /** Time between polls, jittered by ±10%. Default 30,000 ms; `0` fetches once and never polls. Browsers poll only while the page is visible. */
  pollIntervalMs?: number;
  /** Server-sent events on the same URL for instant updates; polling stands in while the stream is down. Default false. */
  stream?: boolean;
  /** Per-request timeout. Default 10,000 ms. */
  timeoutMs?: number;
  /**
   * Ed25519 public keys (base64 of the raw 32 bytes, as `splitkit keygen` prints them). When given, a ruleset
   * is used only if one of the keys verifies its `Splitkit-Signature`; several keys allow rotation.
   */
  publicKeys?: string[];
  /**
   * Where the last good ruleset and its ETag are kept between page loads. Browser default: localStorage;
   * `false`: no cache. Servers keep none unless given this or `cacheFile`.
   */
  cache?: KeyValueStorage | false;
  /** Node: a file for the last good ruleset (written after each accepted change). */
  cacheFile?: string;
  /** A cached ruleset the server last sent or confirmed (a 304) longer ago than this is not used at start. Default 7 days. */
  cacheMaxAgeMs?: number;
  /**
   * How long the source may fail to refresh the ruleset in use (errors, timeouts, refused rulesets, or the
   * stream down with polling off) before the client calls it stale (`client.status()`, `subscribe`). Default
   * 30,000 ms; `0`: stale at the first failure.
   */
  staleAfterMs?: number;
  /**
   * The largest ruleset taken, in bytes. Default 16 MiB (16,777,216). A larger body is refused (its
   * `Content-Length` before it downloads, else once that many bytes have arrived), reported through `onError`
   * (`INVALID_RULESET`) and retried with backoff; the last good ruleset stays in use. The fetch-based stream
   * reader (Node, or `headers`/`fetch` set) closes a stream whose event grows past it (counted in characters)
   * and reconnects; a browser's `EventSource` buffers the whole event first, then refuses it the same way. A `cacheFile` is read up to three times this
   * (plus 64 KiB for its other fields): its entry holds the ruleset JSON-escaped, as UTF-8. An integer >= 1. See
   * docs/delivery.md#size-cap.
   */
  maxBytes?: number;
  /** Default: the global `fetch`, looked up on each request. */
  fetch?: typeof fetch;
}
