/**
 * The ruleset stream over a streaming fetch, for where the browser's EventSource is missing (Node 20) or
 * cannot do what is asked (custom headers, a given fetch). It sends `Last-Event-ID` from the first
 * connection on. The framing is eventsource-parser's. Loaded by ./stream.ts with `import()`, so a browser
 * page that streams through EventSource never downloads it.
 */
import { createParser } from 'eventsource-parser';
import { SplitkitError, TransportError } from '../errors/index.js';
import type { StreamRequest } from './stream.js';

/** How many of the longest gap between two heartbeats a connection may stay silent. */
const IDLE_BEATS = 3;
/** The least silence taken for a dead connection: twice `splitkit serve`'s heartbeat interval. */
const MIN_IDLE_MS = 30_000;

/** Reads one connection until it ends; rejects with a TransportError when it fails or ends. */
export async function readStream(request: StreamRequest): Promise<never> {
  const { url, name } = request;
  const headers: { [name: string]: string } = { ...request.headers, Accept: 'text/event-stream' };
  if (request.lastEventId !== undefined) headers['Last-Event-ID'] = request.lastEventId;
  let response: Response;
  try {
    response = await request.send(url, { headers, signal: request.signal, cache: 'no-store' });
  } catch (error) {
    throw new TransportError(`ruleset stream ${name}: ${(error as Error)?.message ?? error}`, {
      retryable: true,
      cause: error,
    });
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !response.body || !type.includes('text/event-stream')) {
    void response.body?.cancel().catch(() => {});
    throw new TransportError(`ruleset stream ${name}: HTTP ${response.status} ${type}`, {
      status: response.status,
      retryable: true,
    });
  }
  request.opened();
  const { maxBytes, scheduler } = request;
  // A half-open connection (the server or a proxy stopped sending, the socket still open) ends no read. The
  // server's heartbeat, a comment (`: ping` every 15 s from `splitkit serve`), tells it from a quiet one: from
  // the second heartbeat on (comments a second or more apart), bytes must come within IDLE_BEATS times the
  // longest gap seen between two (and at least MIN_IDLE_MS), else the connection is closed and the source
  // reconnects, polling meanwhile. A server that sends no heartbeat is never timed out.
  let lastBeat: number | undefined;
  let idleMs = 0;
  let idle = false;
  let timer: unknown;
  // An event (or a line of one) growing past maxBytes: the parser stops buffering it, and the connection closes.
  let over = false;
  const parser = createParser({
    onEvent(message) {
      // One that arrived whole in a single chunk, past the parser's own check.
      if (!(over ||= message.data.length > maxBytes) && message.event === 'ruleset')
        request.event(message.data, message.id);
    },
    onRetry: request.retry,
    onComment() {
      const now = scheduler.now();
      // Comments less than a second apart (padding a server sends at connect) are one beat, not a heartbeat.
      if (lastBeat === undefined || now - lastBeat >= 1000) {
        if (lastBeat !== undefined) idleMs = Math.max(idleMs, MIN_IDLE_MS, IDLE_BEATS * (now - lastBeat));
        lastBeat = now;
      }
    },
    onError(error) {
      over ||= error.type === 'max-buffer-size-exceeded';
    },
    // Room for the line's `data: ` prefix, which the parser counts: the exact cap is the check in onEvent.
    maxBufferSize: maxBytes + 64,
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
      if (over) break;
      scheduler.clearTimeout(timer);
      if (idleMs)
        timer = scheduler.setTimeout(() => {
          idle = true;
          void reader.cancel().catch(() => {});
        }, idleMs);
    }
  } catch (error) {
    throw new TransportError(`ruleset stream ${name}: ${(error as Error)?.message ?? error}`, {
      retryable: true,
      cause: error,
    });
  } finally {
    scheduler.clearTimeout(timer);
  }
  if (idle)
    throw new TransportError(
      `ruleset stream ${name}: nothing received for ${idleMs} ms, though its heartbeats came more often (a connection the server or a proxy stopped sending on)`,
      { retryable: true },
    );
  if (!over) throw new TransportError(`ruleset stream ${name}: closed by the server`, { retryable: true });
  void reader.cancel().catch(() => {});
  throw new SplitkitError(
    'INVALID_RULESET',
    `ruleset stream ${name}: an event larger than source.maxBytes (${maxBytes} characters) refused`,
  );
}
