/**
 * The ruleset stream: server-sent events on the ruleset URL. Each `ruleset` event's data is
 * `{ etag, signature?, body }` (docs/delivery.md). Browsers read it with their own `EventSource`, which
 * parses the events, reconnects and sends `Last-Event-ID` itself, so the page ships no framing code. Where
 * there is none (Node 20), or the stream must carry `source.headers` or go through `source.fetch` (which
 * `EventSource` cannot), a streaming fetch framed by eventsource-parser reads it: loaded with `import()`
 * only then.
 */
import { SplitkitError, TransportError } from '../errors/index.js';
import type { FetchedRuleset } from './fetch-ruleset.js';
import type { Scheduler } from '../io/scheduler.js';

/** What one connection needs and reports. */
export interface StreamRequest {
  url: string;
  /** The URL as reports name it (no query string, fragment or credentials). */
  name: string;
  headers: { [name: string]: string } | undefined;
  /** The ETag in use: the server skips the event at connect when it is current. */
  lastEventId: string | undefined;
  /** `source.maxBytes`: an event larger is refused (by the fetch-based reader before it is buffered whole). */
  maxBytes: number;
  send: typeof fetch;
  signal: AbortSignal;
  /** The client's timers: both readers time out a connection whose heartbeats stopped (idleWatch). */
  scheduler: Scheduler;
  /** The server accepted the stream. */
  opened(): void;
  /** A `ruleset` event arrived: its data and id. */
  event(data: string, id: string | undefined): void;
  /** The server asked for this reconnection delay (`retry:`). */
  retry(ms: number): void;
  /** The connection dropped and the platform reconnects by itself (EventSource); `opened` follows when it is back. */
  dropped(error: TransportError): void;
}

/** The platform's EventSource, as far as the stream uses it. */
export type EventSourceClass = new (url: string) => Pick<EventSource, 'addEventListener' | 'close' | 'readyState'>;

/** A `ruleset` event's data as a fetched ruleset; undefined for a malformed one (skipped: the next event or a poll brings it). */
export function rulesetEvent(text: string, id: string | undefined): FetchedRuleset | undefined {
  try {
    const data = JSON.parse(text) as { etag?: unknown; signature?: unknown; body?: unknown };
    if (typeof data.body === 'string')
      return {
        body: data.body,
        etag: typeof data.etag === 'string' ? data.etag : id,
        signature: typeof data.signature === 'string' ? data.signature : undefined,
      };
  } catch {}
  return undefined;
}

/** How many of the longest gap between two heartbeats a connection may stay silent. */
const IDLE_BEATS = 3;
/** The least silence taken for a dead connection: twice `splitkit serve`'s heartbeat interval. */
const MIN_IDLE_MS = 30_000;

/** One connection's watch for silence: `beat` at a heartbeat, `heard` at anything else received. */
export interface IdleWatch {
  beat(): void;
  heard(): void;
  stop(): void;
}

/**
 * A half-open connection (the server or a proxy stopped sending, the socket still open) ends no read. The
 * server's heartbeat (`splitkit serve` sends a `ping` event every 15 s; a comment counts too) tells it from a
 * quiet one: from the second heartbeat on (beats a second or more apart: padding at connect is one beat),
 * something must arrive within IDLE_BEATS times the longest gap seen between two (and at least MIN_IDLE_MS),
 * else `idle` is called with why. A server that sends no heartbeat is never timed out.
 */
export function idleWatch(scheduler: Scheduler, idle: (why: string) => void): IdleWatch {
  let lastBeat: number | undefined;
  let idleMs = 0;
  let timer: unknown;
  const heard = (): void => {
    scheduler.clearTimeout(timer);
    if (idleMs)
      timer = scheduler.setTimeout(
        () => idle(`half-open: nothing received for ${idleMs} ms, though heartbeats came more often`),
        idleMs,
      );
  };
  return {
    beat() {
      const now = scheduler.now();
      if (lastBeat === undefined || now - lastBeat >= 1000) {
        if (lastBeat !== undefined) idleMs = Math.max(idleMs, MIN_IDLE_MS, IDLE_BEATS * (now - lastBeat));
        lastBeat = now;
      }
      heard();
    },
    heard,
    stop: () => scheduler.clearTimeout(timer),
  };
}

/** Reads the stream until it ends for good; rejects with a TransportError then (or when aborted). */
export type StreamReader = (request: StreamRequest) => Promise<never>;

/**
 * The reader for this platform and these options: the browser's EventSource (`native`) when there is one
 * and neither headers nor a custom fetch are asked for; otherwise the fetch-based reader, whose module
 * starts loading now (with the first poll), so that connecting waits for no download. Never rejects.
 */
export function streamReader(
  native: EventSourceClass | undefined,
  headers: object | undefined,
  custom: boolean,
): Promise<StreamReader> {
  // A chunk that cannot load (a server bundle without it, a page gone offline) is a reader that fails: a
  // stream error with the URL, answered with the backoff, never a rejection nobody handles (it ends Node).
  // When the browser last reconnected a dropped stream by itself (see 'error' below).
  let reconnected = Number.NEGATIVE_INFINITY;
  if (!native || custom || headers)
    return import('./stream-fetch.js').then(
      (m) => (request) => m.readStream(request, idleWatch),
      (error: Error) => (request) =>
        Promise.reject(
          new TransportError(`ruleset stream ${request.name}: ${error?.message}`, { retryable: true, cause: error }),
        ),
    );
  return Promise.resolve(
    (request) =>
      new Promise<never>((_, reject) => {
        const source = new native(request.url);
        // Per connection: the browser's own reconnection starts a new one, with `open`.
        let watch: IdleWatch | undefined;
        const fail = (why: string, refused?: boolean): void => {
          watch?.stop();
          source.close();
          const message = `ruleset stream ${request.name}: ${why}`;
          reject(
            refused ? new SplitkitError('INVALID_RULESET', message) : new TransportError(message, { retryable: true }),
          );
        };
        request.signal.addEventListener('abort', () => fail('stopped'));
        source.addEventListener('open', () => {
          watch?.stop();
          watch = idleWatch(request.scheduler, fail);
          request.opened();
        });
        source.addEventListener('ping', () => watch?.beat());
        source.addEventListener('ruleset', (message) => {
          watch?.heard();
          const { data, lastEventId } = message as MessageEvent<string>;
          // Already buffered by the browser, which offers no limit; refused all the same, as the fetch reader
          // refuses it: a ruleset over the cap is never taken, whichever way it came.
          if (data.length > request.maxBytes)
            fail(`an event larger than source.maxBytes (${request.maxBytes} characters) refused`, true);
          else request.event(data, lastEventId || undefined);
        });
        // CONNECTING after an error: the browser reconnects by itself (with Last-Event-ID), after the server's
        // `retry:`, which a server that ends every stream at once may set to 0 (a reconnect loop): so it may once
        // a minute. CLOSED (it gave up: an HTTP error, no event stream), or another drop within the minute:
        // closed, and the source reconnects with its backoff.
        source.addEventListener('error', () => {
          if (source.readyState === 2 || Date.now() - reconnected < 6e4) fail('refused or closed');
          else {
            watch?.stop();
            reconnected = Date.now();
            request.dropped(new TransportError(`ruleset stream ${request.name}: connection lost`, { retryable: true }));
          }
        });
      }),
  );
}
